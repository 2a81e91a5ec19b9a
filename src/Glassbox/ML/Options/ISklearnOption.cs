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

/// <summary>Reading option types known only at run time (a constructor parameter's declared type): the one place
/// that bridges from a <see cref="Type"/> to the static <see cref="ISklearnOption{TSelf}.FromJson"/>.</summary>
internal static class SklearnOptions
{
    private static readonly System.Reflection.MethodInfo ParseMethod =
        typeof(SklearnOptions).GetMethod(nameof(Parse), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    /// <summary>True when <paramref name="t"/> implements <see cref="ISklearnOption{TSelf}"/> for itself.</summary>
    public static bool IsOption(Type t) =>
        t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISklearnOption<>) && i.GetGenericArguments()[0] == t);

    /// <summary>The value of option type <paramref name="t"/> read from scikit-learn's JSON form; the parser's own
    /// exception (an <see cref="ArgumentException"/>, say) comes out unwrapped.</summary>
    public static object FromJson(Type t, JsonNode node)
    {
        try { return ParseMethod.MakeGenericMethod(t).Invoke(null, [node])!; }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static T Parse<T>(JsonNode node) where T : ISklearnOption<T> => T.FromJson(node);
}
