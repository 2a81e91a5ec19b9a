using System.Text.Json.Nodes;

namespace Glassbox.ML.Options;

/// <summary>
/// A hyperparameter that is "a keyword or a number" in scikit-learn (<c>max_features="sqrt"</c> or <c>0.5</c>,
/// <c>gamma="scale"</c> or <c>0.1</c>, <c>class_weight="balanced"</c> or a dict), as a small immutable type instead
/// of <c>object</c>. It writes itself in scikit-learn's JSON form for model files.
/// </summary>
public interface ISklearnOption
{
    /// <summary>The value as scikit-learn writes it: a string keyword, a number, or an object.</summary>
    JsonNode ToJson();
}

/// <summary>
/// The reading side of <see cref="ISklearnOption"/>: a static parser the model-file reader calls for a declared
/// hyperparameter of type <typeparamref name="TSelf"/>. Only types that an allow-listed estimator declares in its
/// constructor are ever read this way.
/// </summary>
/// <typeparam name="TSelf">The option type.</typeparam>
public interface ISklearnOption<TSelf> : ISklearnOption where TSelf : ISklearnOption<TSelf>
{
    /// <summary>Parses scikit-learn's JSON form; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    static abstract TSelf FromJson(JsonNode node);
}
