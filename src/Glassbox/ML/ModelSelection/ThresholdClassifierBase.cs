using Glassbox.ML.Options;

namespace Glassbox.ML.ModelSelection;

/// <summary>
/// What <see cref="FixedThresholdClassifier"/> and <see cref="TunedThresholdClassifierCV"/> share: a binary classifier
/// wrapping a fitted clone of <see cref="Estimator"/> that predicts the positive class where the clone's score s(x)
/// (probability of the positive class, or its oriented decision value) reaches <see cref="Cut"/>, and passes
/// probabilities and decision values through unchanged. The two differ only in where the cut comes from.
/// </summary>
/// <typeparam name="TSelf">The concrete classifier (the estimator contract's self type).</typeparam>
public abstract class ThresholdClassifierBase<TSelf> : ProbabilisticClassifier<TSelf>, IDecisionFunction
    where TSelf : ThresholdClassifierBase<TSelf>
{
    /// <summary>The clone fitted on all rows (null until fitted or loaded).</summary>
    private protected IEstimator? fitted;
    /// <summary>Index of the positive class in <c>ClassLabels</c>.</summary>
    private protected int positive = 1;

    /// <summary>Stores the hyperparameters the two classifiers share.</summary>
    private protected ThresholdClassifierBase(IEstimator estimator, ResponseMethod? responseMethod, long? posLabel)
    {
        Estimator = estimator; ResponseMethod = responseMethod; PosLabel = posLabel;
    }

    /// <summary>The wrapped classifier (<c>estimator</c>); never fitted itself, clones are.</summary>
    public IEstimator Estimator { get; }
    /// <summary>Which scores are cut (<c>response_method</c>); null for "auto": probabilities when the estimator has them, else its decision function.</summary>
    public ResponseMethod? ResponseMethod { get; }
    /// <summary>The positive class (<c>pos_label</c>); null: the second of the sorted classes.</summary>
    public long? PosLabel { get; }

    /// <summary>The clone of <see cref="Estimator"/> fitted on all rows (<c>estimator_</c>).</summary>
    public IEstimator FittedEstimator => Learned(fitted!, nameof(FittedEstimator));

    /// <summary>The threshold t that <see cref="Predict"/> applies: positive where s ≥ t.</summary>
    private protected abstract double Cut { get; }

    /// <summary>The table, then a classifier with scores, and with the scores <see cref="ResponseMethod"/> asks for.</summary>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (Estimator is null || !BinaryResponse.Supports(Estimator, null))
            OutOfRange(nameof(Estimator), Estimator?.GetType().Name, "a classifier with PredictProba or DecisionFunction");
        if (!BinaryResponse.Supports(Estimator!, ResponseMethod))
            OutOfRange(nameof(ResponseMethod), ResponseMethod, $"null or a method {Estimator!.GetType().Name} has");
    }

    /// <summary>Encodes the targets, refuses more than two classes and resolves the positive class; returns the encoded targets.</summary>
    private protected int[] BeginBinaryFit(Tensor? y, int n)
    {
        var yi = EncodeTargets(y, n);
        if (ClassLabels.Length != 2)
            throw new ArgumentException($"{GetType().Name}.Fit: only binary classification is supported; y has {ClassLabels.Length} classes");
        positive = BinaryResponse.PositiveIndex(ClassLabels, PosLabel, GetType().Name);
        return yi;
    }

    /// <summary>The positive class where the fitted clone's score ≥ the cut (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        var s = BinaryResponse.Scores(fitted!, xm, BinaryResponse.Resolve(Estimator, ResponseMethod), positive);
        return BinaryResponse.Labels(s, Cut, ClassLabels, positive);
    }

    /// <summary>The fitted clone's probabilities, unchanged (<c>predict_proba</c>).</summary>
    public override Tensor PredictProba(Tensor x)
    {
        var xm = CheckInput(x, nameof(PredictProba));
        return (fitted as IProbabilisticClassifier ?? throw new NotSupportedException($"{GetType().Name}.PredictProba: {Estimator.GetType().Name} has no PredictProba")).PredictProba(xm);
    }

    /// <summary>The fitted clone's decision values, unchanged (<c>decision_function</c>).</summary>
    public Tensor DecisionFunction(Tensor x)
    {
        var xm = CheckInput(x, nameof(DecisionFunction));
        if (BinaryResponse.Capable(fitted!) is not IDecisionFunction)
            throw new NotSupportedException($"{GetType().Name}.DecisionFunction: {Estimator.GetType().Name} has no DecisionFunction");
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

    /// <summary>Reads the classes, the positive class and the fitted clone; the derived class then reads its own cut.</summary>
    protected override void LoadState(ModelState state)
    {
        base.LoadState(state);
        if (ClassLabels.Length != 2) throw state.Invalid("classes", $"a threshold classifier is binary, got {ClassLabels.Length} classes");
        positive = PosLabel is long p ? Array.IndexOf(ClassLabels, p) : 1;
        if (positive < 0) throw state.Invalid("classes", $"PosLabel {PosLabel} is not one of the classes [{string.Join(", ", ClassLabels)}]");
        fitted = ThresholdState.LoadEstimator(state, ClassLabels, Estimator, ResponseMethod);
    }
}
