using Glassbox.ML.Options;

namespace Glassbox.ML.ModelSelection;

/// <summary>
/// A binary classifier that predicts the positive class where its estimator's score reaches a fixed threshold
/// (<c>sklearn.model_selection.FixedThresholdClassifier</c>, scikit-learn 1.5): label = positive if s(x) ≥ t, else the
/// other class, with s the probability of the positive class or its oriented decision value.
/// </summary>
/// <remarks>
/// <para>
/// Why: a classifier's <c>predict</c> cuts at p = 0.5 (or decision 0), which minimises the error rate only when both
/// mistakes cost the same and the probabilities are calibrated. With a rare positive class or unequal costs the right
/// cut is elsewhere; this wraps a fitted-on-all-rows clone of <see cref="Estimator"/> and moves only the cut —
/// probabilities and decision values are passed through unchanged. <see cref="TunedThresholdClassifierCV"/> chooses the
/// threshold by cross-validation instead of taking it as given.
/// </para>
/// <para>
/// Mapping: <see cref="Threshold"/> null is sklearn's <c>threshold="auto"</c> (0.5 on probabilities, 0 on decision
/// values); <see cref="ResponseMethod"/> null is <c>response_method="auto"</c> (probabilities when the estimator has
/// them, else its decision function); <see cref="PosLabel"/> null is the second of the sorted classes. Only two
/// classes are supported, as in sklearn.
/// </para>
/// </remarks>
public sealed class FixedThresholdClassifier : ProbabilisticClassifier<FixedThresholdClassifier>, IDecisionFunction
{
    private IEstimator? fitted;
    private int positive = 1;

    /// <summary>Creates the classifier.</summary>
    /// <param name="estimator">The binary classifier whose scores are cut (<c>estimator</c>); never fitted itself, a clone is.</param>
    /// <param name="threshold">The cut t (<c>threshold</c>); null: 0.5 on probabilities, 0 on decision values.</param>
    /// <param name="posLabel">The positive class (<c>pos_label</c>); null: the second of the sorted classes.</param>
    /// <param name="responseMethod">The scores cut: <see cref="ModelSelection.ResponseMethod.PredictProba"/> or
    /// <see cref="ModelSelection.ResponseMethod.DecisionFunction"/>; null chooses as sklearn's "auto".</param>
    public FixedThresholdClassifier(IEstimator estimator, double? threshold = null, long? posLabel = null, ResponseMethod? responseMethod = null)
    {
        Estimator = estimator; Threshold = threshold; PosLabel = posLabel; ResponseMethod = responseMethod;
    }

    /// <summary>The wrapped classifier (<c>estimator</c>).</summary>
    public IEstimator Estimator { get; }
    /// <summary>The cut (<c>threshold</c>); null for "auto".</summary>
    public double? Threshold { get; }
    /// <summary>The positive class (<c>pos_label</c>).</summary>
    public long? PosLabel { get; }
    /// <summary>Which scores are cut (<c>response_method</c>); null for "auto".</summary>
    public ResponseMethod? ResponseMethod { get; }

    /// <summary>The clone of <see cref="Estimator"/> fitted on all rows (<c>estimator_</c>).</summary>
    public IEstimator FittedEstimator => Learned(fitted!, nameof(FittedEstimator));

    /// <summary>The threshold in use: <see cref="Threshold"/>, or the "auto" value for the response method.</summary>
    public double EffectiveThreshold =>
        Threshold ?? (BinaryResponse.Resolve(Estimator, ResponseMethod) == ModelSelection.ResponseMethod.PredictProba ? 0.5 : 0.0);

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => Estimator is not null && Estimator.SupportsSampleWeight;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(Threshold), Is.Real().OrNull() },
        { nameof(ResponseMethod), Is.OneOf(ModelSelection.ResponseMethod.PredictProba, ModelSelection.ResponseMethod.DecisionFunction).OrNull() },
    };

    /// <summary>The table, then a classifier with scores, and with the scores <see cref="ResponseMethod"/> asks for.</summary>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (Estimator is null || !BinaryResponse.Supports(Estimator, null))
            OutOfRange(nameof(Estimator), Estimator?.GetType().Name, "a classifier with PredictProba or DecisionFunction");
        if (!BinaryResponse.Supports(Estimator!, ResponseMethod))
            OutOfRange(nameof(ResponseMethod), ResponseMethod, $"null or a method {Estimator!.GetType().Name} has");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        EncodeTargets(y, x.Shape[0]);
        if (ClassLabels.Length != 2)
            throw new ArgumentException($"FixedThresholdClassifier.Fit: only binary classification is supported; y has {ClassLabels.Length} classes");
        positive = BinaryResponse.PositiveIndex(ClassLabels, PosLabel, nameof(FixedThresholdClassifier));
        var e = Estimator.Clone();
        if (SampleWeight is { } w) e.Fit(x, y, Input.Vector(w)); else e.Fit(x, y);
        BinaryResponse.CheckClasses(e, ClassLabels, nameof(FixedThresholdClassifier));
        fitted = e;
    }

    /// <summary>The positive class where the score ≥ <see cref="EffectiveThreshold"/> (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        var s = BinaryResponse.Scores(fitted!, xm, BinaryResponse.Resolve(Estimator, ResponseMethod), positive);
        return BinaryResponse.Labels(s, EffectiveThreshold, ClassLabels, positive);
    }

    /// <summary>The estimator's probabilities, unchanged (<c>predict_proba</c>).</summary>
    public override Tensor PredictProba(Tensor x)
    {
        var xm = CheckInput(x, nameof(PredictProba));
        return (fitted as IProbabilisticClassifier ?? throw new NotSupportedException($"FixedThresholdClassifier.PredictProba: {Estimator.GetType().Name} has no PredictProba")).PredictProba(xm);
    }

    /// <summary>The estimator's decision values, unchanged (<c>decision_function</c>).</summary>
    public Tensor DecisionFunction(Tensor x)
    {
        var xm = CheckInput(x, nameof(DecisionFunction));
        if (BinaryResponse.Capable(fitted!) is not IDecisionFunction)
            throw new NotSupportedException($"FixedThresholdClassifier.DecisionFunction: {Estimator.GetType().Name} has no DecisionFunction");
        return ((IDecisionFunction)fitted!).DecisionFunction(xm);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        base.SaveState(state);
        state.Set("estimator", fitted!);
    }

    /// <inheritdoc/>
    protected override int MinLoadedClasses => 2;

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        base.LoadState(state);
        if (ClassLabels.Length != 2) throw state.Invalid("classes", $"a threshold classifier is binary, got {ClassLabels.Length} classes");
        positive = PosLabel is long p ? Array.IndexOf(ClassLabels, p) : 1;
        if (positive < 0) throw state.Invalid("classes", $"PosLabel {PosLabel} is not one of the classes [{string.Join(", ", ClassLabels)}]");
        fitted = ThresholdState.LoadEstimator(state, ClassLabels, Estimator, ResponseMethod);
    }
}
