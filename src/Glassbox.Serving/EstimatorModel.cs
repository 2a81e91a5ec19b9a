using Glassbox.ML;

namespace Glassbox.Serving;

/// <summary>
/// A classical estimator served as is: a classifier (labels, plus probabilities when it is an
/// <see cref="IProbabilisticClassifier"/> that can give them) or a regressor (one value per sample). Predictions are
/// exactly those of <see cref="IPredictor.Predict"/> and <see cref="IProbabilisticClassifier.PredictProba"/> on a
/// float64 [rows, n_features] tensor.
/// </summary>
public sealed class EstimatorModel : ServedModel
{
    private readonly IPredictor predictor;
    private readonly int features;

    /// <summary>
    /// Loads a model file written by <see cref="ModelFile.Save"/> (read as untrusted input: see <see cref="ModelFile"/>)
    /// and serves it, with optional feature names.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is not a valid model, or holds an estimator that does not predict (a transformer or clusterer without Predict).</exception>
    public static EstimatorModel Load(string path, IReadOnlyList<string>? featureNames = null)
    {
        var estimator = ModelFile.Load(path);
        if (estimator is not IPredictor)
            throw new ModelFormatException(path, "type", $"holds a {estimator.GetType().Name}, which has no Predict; only classifiers and regressors can be served");
        try { return new EstimatorModel(estimator, featureNames); }
        catch (ArgumentException e) { throw new ModelFormatException(path, "$", e.Message, e); }
    }

    /// <summary>Serves a fitted estimator that predicts (a classifier or a regressor).</summary>
    /// <param name="estimator">A fitted <see cref="IPredictor"/>.</param>
    /// <param name="featureNames">One distinct, non-empty name per feature, or null.</param>
    /// <exception cref="ArgumentException">The estimator does not predict, is not fitted, or the names do not fit it.</exception>
    public EstimatorModel(IEstimator estimator, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        predictor = estimator as IPredictor ?? throw new ArgumentException($"{estimator.GetType().Name} has no Predict; only classifiers and regressors can be served", nameof(estimator));
        if (!estimator.IsFitted) throw new ArgumentException($"{estimator.GetType().Name} is not fitted; fit it before serving it", nameof(estimator));
        // Every registered estimator derives from Estimator<TSelf>, whose public NFeaturesIn is n_features_in_.
        features = estimator.GetType().GetProperty("NFeaturesIn")?.GetValue(estimator) is int f && f > 0
            ? f : throw new ArgumentException($"{estimator.GetType().Name} does not report its number of input features", nameof(estimator));
        Names.Check(featureNames, features);
        Estimator = estimator;

        IReadOnlyList<long>? classes = estimator is IClassifier c ? c.Classes.ToArray<long>() : null;
        bool proba = estimator is IProbabilisticClassifier pc && Supports(() => pc.PredictProba(Tensor.Zeros([1, features], DType.Float64)));
        schema = new ModelSchema(EstimatorRegistry.NameOf(estimator.GetType()) ?? estimator.GetType().Name,
            classes is null ? "regression" : "classification", [features], "float64", featureNames?.ToArray(),
            AcceptsMissing(), classes, proba, 1);
    }

    private readonly ModelSchema schema;

    /// <summary>The estimator being served.</summary>
    public IEstimator Estimator { get; }

    /// <inheritdoc/>
    public override ModelSchema Schema => schema;

    /// <inheritdoc/>
    public override PredictionBatch Predict(double[] values, int rows)
    {
        ArgumentNullException.ThrowIfNull(values);
        var x = Tensor.FromArray(values, rows, features);
        var y = predictor.Predict(x);
        double[]? proba = schema.HasProbabilities ? ((IProbabilisticClassifier)predictor).PredictProba(x).ToDoubleArray() : null;
        int k = schema.Classes?.Count ?? 0;
        return schema.IsClassifier
            ? new PredictionBatch(rows, y.To(DType.Int64).ToArray<long>(), null, 1, proba, k)
            : new PredictionBatch(rows, null, y.ToDoubleArray(), 1, null, 0);
    }

    /// <summary>
    /// Whether the estimator reads NaN as "missing": asked of the estimator itself, by predicting one all-NaN row.
    /// Estimators that reject NaN throw <see cref="ArgumentException"/> naming it (sklearn's <c>check_array</c>);
    /// those that take it (histogram gradient boosting, a pipeline that imputes first) predict. An estimator that takes
    /// NaN in some columns only (a column transformer imputing a few) fails this probe and is served as rejecting NaN —
    /// the safe side: a request is refused rather than a batch failed.
    /// </summary>
    private bool AcceptsMissing()
    {
        var nan = new double[features];
        Array.Fill(nan, double.NaN);
        return Supports(() => predictor.Predict(Tensor.FromArray(nan, 1, features)));
    }

    private static bool Supports(Action probe)
    {
        try { probe(); return true; }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException) { return false; }
    }
}
