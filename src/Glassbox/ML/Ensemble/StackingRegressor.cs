using System.Text.Json.Nodes;
using Glassbox.ML.Linear;
using Glassbox.ML.ModelSelection;
using Glassbox.ML.Options;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// Stacked generalisation for regression (<c>sklearn.ensemble.StackingRegressor</c>): a final regressor fitted on the
/// base regressors' out-of-fold predictions (k unshuffled folds), and X with <see cref="Passthrough"/>; the bases are
/// refitted on all rows for prediction. See <see cref="StackingClassifier"/> for why the predictions are out of fold.
/// </summary>
/// <remarks>sklearn's default final estimator is <c>RidgeCV</c> (Ridge with α chosen by leave-one-out), which
/// Glassbox does not have; the default here is <see cref="Ridge"/> with α = 1 — pass a final estimator to match a
/// sklearn model exactly.</remarks>
public sealed class StackingRegressor : Regressor<StackingRegressor>
{
    private IEstimator[] fitted = [];
    private ResponseMethod[] methods = [];
    private IEstimator? final;

    /// <summary>Creates the ensemble.</summary>
    /// <param name="estimators">Named base regressors (<c>estimators</c>); clones are fitted, never these.</param>
    /// <param name="finalEstimator">The combiner (<c>final_estimator</c>); null for Ridge().</param>
    /// <param name="cv">Number of folds for the out-of-fold predictions, ≥ 2 (<c>cv</c>).</param>
    /// <param name="passthrough">Also give the final estimator the original features (<c>passthrough</c>).</param>
    public StackingRegressor((string Name, IEstimator Estimator)[] estimators, IEstimator? finalEstimator = null, int cv = 5, bool passthrough = false)
    {
        Estimators = estimators; FinalEstimator = finalEstimator; Cv = cv; Passthrough = passthrough;
    }

    /// <summary>The named base estimators (<c>estimators</c>).</summary>
    public (string Name, IEstimator Estimator)[] Estimators { get; }
    /// <summary>The combiner (<c>final_estimator</c>).</summary>
    public IEstimator? FinalEstimator { get; }
    /// <summary>Folds of the out-of-fold predictions (<c>cv</c>).</summary>
    public int Cv { get; }
    /// <summary>Whether X joins the meta-features (<c>passthrough</c>).</summary>
    public bool Passthrough { get; }

    /// <summary>The base estimators fitted on all rows (<c>estimators_</c>).</summary>
    public IReadOnlyList<IEstimator> FittedEstimators => Learned(fitted, nameof(FittedEstimators));
    /// <summary>The fitted combiner (<c>final_estimator_</c>).</summary>
    public IEstimator FittedFinalEstimator => Learned(final!, nameof(FittedFinalEstimator));

    /// <inheritdoc/>
    protected override ParamTable Constraints => new() { { nameof(Cv), Is.Int(2) } };

    /// <summary>The table, then the estimator list and regressors throughout.</summary>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (Stacking.Problem(Estimators) is { } problem) OutOfRange(nameof(Estimators), Estimators?.Length, problem);
        if (FinalEstimator is not null && FinalEstimator is not IRegressor) OutOfRange(nameof(FinalEstimator), FinalEstimator.GetType().Name, "a regressor");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        Input.Targets(y, x.Shape[0], nameof(StackingRegressor));
        Tensor meta;
        (meta, fitted, methods) = Stacking.Fit(Estimators, x, y!, new KFold(Cv), StackMethod.Predict, false, 0, Passthrough);
        final = (FinalEstimator ?? new Ridge()).Clone().Fit(meta, y);
    }

    /// <summary>The meta-features of X [n, width]: the bases' predictions, then X with passthrough (<c>transform</c>).</summary>
    public Tensor Transform(Tensor x)
    {
        var xm = CheckInput(x, nameof(Transform));
        return Stacking.Transform(fitted, methods, xm, 0, Passthrough);
    }

    /// <inheritdoc/>
    public override Tensor Predict(Tensor x) => ((IPredictor)final!).Predict(Transform(x));

    internal override JsonObject ParamsToJson() => Stacking.ParamsToJson(GetParams());

    /// <inheritdoc/>
    protected override void SaveState(ModelState s) => Stacking.Save(s, fitted, methods, final!);

    /// <inheritdoc/>
    protected override void LoadState(ModelState s) => (fitted, methods, final) = Stacking.Load(s, Estimators.Length, classifier: false);
}
