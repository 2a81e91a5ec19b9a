namespace Glassbox.Serving;

/// <summary>
/// What a served model takes and returns: the contract <c>GET /metadata</c> publishes and <c>POST /predict</c>
/// enforces. Every request is checked against it before it joins a batch, so one bad request cannot fail the
/// predictions of the others it would have been batched with.
/// </summary>
/// <param name="ModelType">The estimator's registry name (<c>"LogisticRegression"</c>) or the network architecture (<c>"mlp"</c>).</param>
/// <param name="Task">"classification" or "regression".</param>
/// <param name="InputShape">The shape of one sample: <c>[n_features]</c> for estimators, e.g. <c>[1, 28, 28]</c> for LeNet-5.</param>
/// <param name="InputDType">"float64" for estimators, "float32" for networks: the dtype request values are converted to.</param>
/// <param name="FeatureNames">One name per feature when the model has them (then <c>{"instances": [{name: value}]}</c> is accepted), else null.</param>
/// <param name="AllowsMissing">True when the model reads NaN as a missing value; a request may then send <c>null</c> or <c>"NaN"</c> for a value.</param>
/// <param name="Classes">The class labels (int64) of a classifier, in the order of its probability columns; null for a regressor.</param>
/// <param name="HasProbabilities">True when responses carry class probabilities.</param>
/// <param name="OutputWidth">Values predicted per sample by a regressor (1 for the classical ones); 1 for classifiers (one label).</param>
public sealed record ModelSchema(
    string ModelType,
    string Task,
    IReadOnlyList<int> InputShape,
    string InputDType,
    IReadOnlyList<string>? FeatureNames,
    bool AllowsMissing,
    IReadOnlyList<long>? Classes,
    bool HasProbabilities,
    int OutputWidth)
{
    /// <summary>Values in one sample: the product of <see cref="InputShape"/>.</summary>
    public int SampleSize => InputShape.Aggregate(1, (a, b) => checked(a * b));

    /// <summary>True for classifiers (predictions are labels).</summary>
    public bool IsClassifier => Classes is not null;
}
