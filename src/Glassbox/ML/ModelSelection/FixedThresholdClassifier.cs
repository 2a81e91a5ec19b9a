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
/// cut is elsewhere; this wraps a fitted-on-all-rows clone of <see cref="ThresholdClassifierBase{TSelf}.Estimator"/> and moves only the cut —
/// probabilities and decision values are passed through unchanged. <see cref="TunedThresholdClassifierCV"/> chooses the
/// threshold by cross-validation instead of taking it as given.
/// </para>
/// <para>
/// Mapping: <see cref="Threshold"/> null is sklearn's <c>threshold="auto"</c> (0.5 on probabilities, 0 on decision
/// values); <see cref="ResponseMethod"/> null is <c>response_method="auto"</c> (probabilities when the estimator has
/// them, else its decision function); <see cref="ThresholdClassifierBase{TSelf}.PosLabel"/> null is the second of the sorted classes. Only two
/// classes are supported, as in sklearn.
/// </para>
/// </remarks>
public sealed class FixedThresholdClassifier : ThresholdClassifierBase<FixedThresholdClassifier>
{
    /// <summary>Creates the classifier.</summary>
    /// <param name="estimator">The binary classifier whose scores are cut (<c>estimator</c>); never fitted itself, a clone is.</param>
    /// <param name="threshold">The cut t (<c>threshold</c>); null: 0.5 on probabilities, 0 on decision values.</param>
    /// <param name="posLabel">The positive class (<c>pos_label</c>); null: the second of the sorted classes.</param>
    /// <param name="responseMethod">The scores cut: <see cref="ModelSelection.ResponseMethod.PredictProba"/> or
    /// <see cref="ModelSelection.ResponseMethod.DecisionFunction"/>; null chooses as sklearn's "auto".</param>
    public FixedThresholdClassifier(IEstimator estimator, double? threshold = null, long? posLabel = null, ResponseMethod? responseMethod = null)
        : base(estimator, responseMethod, posLabel)
    {
        Threshold = threshold;
    }

    /// <summary>The cut (<c>threshold</c>); null for "auto".</summary>
    public double? Threshold { get; }

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

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        BeginBinaryFit(y, x.Shape[0]);
        var e = Estimator.Clone();
        if (SampleWeight is { } w) e.Fit(x, y, Input.Vector(w)); else e.Fit(x, y);
        BinaryResponse.CheckClasses(e, ClassLabels, nameof(FixedThresholdClassifier));
        fitted = e;
    }

    /// <inheritdoc/>
    private protected override double Cut => EffectiveThreshold;
}
