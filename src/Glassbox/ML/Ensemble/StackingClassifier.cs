using System.Text.Json.Nodes;
using Glassbox.ML.Linear;
using Glassbox.ML.ModelSelection;
using Glassbox.ML.Options;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// Stacked generalisation for classification (<c>sklearn.ensemble.StackingClassifier</c>; Wolpert 1992): a final
/// classifier learns how to combine the outputs of several base classifiers.
/// </summary>
/// <remarks>
/// <para>
/// Fit: each base estimator's output on the training rows is taken out of fold
/// (<see cref="CrossValidation.CrossValPredict"/>, stratified k folds) — the final estimator must learn from outputs
/// like those the bases give on rows they never saw, or it would trust whichever base overfits most. The final
/// estimator is fitted on those meta-features (and X itself with <see cref="Passthrough"/>); the bases are then refitted
/// on all rows for prediction. Predict: the bases' outputs on new rows, then the final estimator.
/// </para>
/// <para>
/// Meta-features per base, by <see cref="StackMethod"/>: probabilities (the second column only for two classes),
/// decision scores, or labels; blocks in the order of <see cref="Estimators"/>, then X. The default final estimator is
/// <see cref="LogisticRegression"/>, as sklearn's.
/// </para>
/// </remarks>
public sealed class StackingClassifier : ProbabilisticClassifier<StackingClassifier>
{
    private IEstimator[] fitted = [];
    private ResponseMethod[] methods = [];
    private IEstimator? final;

    /// <summary>Creates the ensemble.</summary>
    /// <param name="estimators">Named base classifiers (<c>estimators</c>); clones are fitted, never these.</param>
    /// <param name="finalEstimator">The combiner, a probabilistic classifier (<c>final_estimator</c>); null for LogisticRegression().</param>
    /// <param name="cv">Number of stratified folds for the out-of-fold outputs, ≥ 2 (<c>cv</c>).</param>
    /// <param name="stackMethod">Which output of the bases to stack (<c>stack_method</c>).</param>
    /// <param name="passthrough">Also give the final estimator the original features (<c>passthrough</c>).</param>
    public StackingClassifier((string Name, IEstimator Estimator)[] estimators, IEstimator? finalEstimator = null, int cv = 5,
        StackMethod stackMethod = StackMethod.Auto, bool passthrough = false)
    {
        Estimators = estimators; FinalEstimator = finalEstimator; Cv = cv; StackMethod = stackMethod; Passthrough = passthrough;
    }

    /// <summary>The named base estimators (<c>estimators</c>).</summary>
    public (string Name, IEstimator Estimator)[] Estimators { get; }
    /// <summary>The combiner (<c>final_estimator</c>).</summary>
    public IEstimator? FinalEstimator { get; }
    /// <summary>Folds of the out-of-fold outputs (<c>cv</c>).</summary>
    public int Cv { get; }
    /// <summary>The stacked output (<c>stack_method</c>).</summary>
    public StackMethod StackMethod { get; }
    /// <summary>Whether X joins the meta-features (<c>passthrough</c>).</summary>
    public bool Passthrough { get; }

    /// <summary>The base estimators fitted on all rows (<c>estimators_</c>).</summary>
    public IReadOnlyList<IEstimator> FittedEstimators => Learned(fitted, nameof(FittedEstimators));
    /// <summary>The fitted combiner (<c>final_estimator_</c>).</summary>
    public IEstimator FittedFinalEstimator => Learned(final!, nameof(FittedFinalEstimator));

    /// <inheritdoc/>
    protected override ParamTable Constraints => new() { { nameof(Cv), Is.Int(2) }, { nameof(StackMethod), Is.Defined<StackMethod>() } };

    /// <summary>The table, then the estimator list and a probabilistic final estimator.</summary>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (Stacking.Problem(Estimators) is { } problem) OutOfRange(nameof(Estimators), Estimators?.Length, problem);
        if (FinalEstimator is not null && (FinalEstimator is Pipeline p ? p.FinalEstimator : FinalEstimator) is not IProbabilisticClassifier)
            OutOfRange(nameof(FinalEstimator), FinalEstimator.GetType().Name, "a classifier with PredictProba");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        EncodeTargets(y, x.Shape[0]);
        Tensor meta;
        (meta, fitted, methods) = Stacking.Fit(Estimators, x, y!, new StratifiedKFold(Cv), StackMethod, true, ClassLabels.Length, Passthrough);
        final = (FinalEstimator ?? new LogisticRegression()).Clone().Fit(meta, y);
    }

    /// <summary>The meta-features of X [n, width]: the bases' outputs, then X with passthrough (<c>transform</c>).</summary>
    public Tensor Transform(Tensor x)
    {
        var xm = CheckInput(x, nameof(Transform));
        return Stacking.Transform(fitted, methods, xm, ClassLabels.Length, Passthrough);
    }

    /// <inheritdoc/>
    public override Tensor PredictProba(Tensor x) => ((IProbabilisticClassifier)final!).PredictProba(Transform(x));

    /// <summary>The final estimator's labels (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x) => ((IPredictor)final!).Predict(Transform(x));

    internal override JsonObject ParamsToJson() => Stacking.ParamsToJson(GetParams());

    /// <inheritdoc/>
    protected override void SaveState(ModelState s)
    {
        base.SaveState(s);
        Stacking.Save(s, fitted, methods, final!);
    }

    /// <inheritdoc/>
    protected override int MinLoadedClasses => 2;

    /// <inheritdoc/>
    protected override void LoadState(ModelState s)
    {
        base.LoadState(s);
        (fitted, methods, final) = Stacking.Load(s, Estimators.Length, classifier: true);
        if (final is not IProbabilisticClassifier c || !c.Classes.ToArray<long>().SequenceEqual(ClassLabels))
            throw s.Invalid("final_estimator", $"expected a probabilistic classifier over the classes [{string.Join(", ", ClassLabels)}]");
    }
}
