using Glassbox.ML.Options;
using Glassbox.ML.Tree;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// Gradient-boosted regression trees (Friedman 2001; <c>sklearn.ensemble.GradientBoostingRegressor</c>):
/// F(x) = F₀ + ν Σₘ γₘ(leafₘ(x)), each tree fitted to the negative gradient of the loss at the previous stage's F.
/// "squared_error": F₀ = mean(y), r = y − F, leaves keep the tree's mean residual. "absolute_error": F₀ = median(y),
/// r = sign(y − F), each leaf set to the median of y − F over its samples (robust to outliers).
/// </summary>
/// <remarks>See <see cref="GradientBoosting"/> for the loop and the seeding (sklearn's streams are reproduced, so
/// subsample &lt; 1 is deterministic for a fixed <see cref="RandomState"/>). "huber" and "quantile": see
/// <see cref="GbLoss"/>. With sample weights wᵢ every stage minimises Σwᵢ·L(yᵢ, F(xᵢ)): F₀ = the weighted mean / lower
/// weighted median / weighted α-quantile of y, the trees' impurity sums are weighted, leaves take the weighted mean,
/// median or α-quantile of their residuals (Huber: weighted median plus the plain mean of the clipped deviations, as
/// sklearn), and <see cref="TrainScore"/> is the weighted mean loss.</remarks>
public sealed class GradientBoostingRegressor : Regressor<GradientBoostingRegressor>
{
    private GbModel? model;

    /// <summary>Creates the estimator.</summary>
    /// <param name="loss">Squared, absolute, Huber or quantile loss (<c>loss</c>).</param>
    /// <param name="learningRate">Shrinkage ν of each tree (<c>learning_rate</c>).</param>
    /// <param name="nEstimators">Boosting stages (<c>n_estimators</c>).</param>
    /// <param name="subsample">Fraction of samples drawn (without replacement) per stage, in (0, 1] (<c>subsample</c>).</param>
    /// <param name="criterion">Tree split criterion (<c>criterion</c>).</param>
    /// <param name="minSamplesSplit">Smallest splittable node (<c>min_samples_split</c>).</param>
    /// <param name="minSamplesLeaf">Smallest leaf (<c>min_samples_leaf</c>).</param>
    /// <param name="maxDepth">Depth of each tree, null for unlimited (<c>max_depth</c>).</param>
    /// <param name="maxFeatures">Features tried per split: null (all), <see cref="Options.MaxFeatures.Sqrt"/>,
    /// <see cref="Options.MaxFeatures.Log2"/>, a count (int) or a fraction (double) (<c>max_features</c>).</param>
    /// <param name="randomState">Seed of the subsample masks and splitters, and of the early-stopping split (<c>random_state</c>); null draws one.</param>
    /// <param name="alpha">The quantile of "quantile", and the share of residuals "huber" treats as inliers, in (0, 1) (<c>alpha</c>).</param>
    /// <param name="nIterNoChange">Early stopping: hold out <paramref name="validationFraction"/> of the rows and stop when
    /// the validation loss has not improved by <paramref name="tol"/> on any of the last nIterNoChange stages; null
    /// (default) fits all stages (<c>n_iter_no_change</c>).</param>
    /// <param name="validationFraction">Share of rows held out for early stopping, in (0, 1) (<c>validation_fraction</c>).</param>
    /// <param name="tol">Improvement the validation loss must show, ≥ 0 (<c>tol</c>).</param>
    /// <param name="ccpAlpha">Cost-complexity pruning α ≥ 0 of every stage's tree, applied before its leaf values are
    /// set (<c>ccp_alpha</c>; 0 = none, see <see cref="CostComplexityPruning"/>).</param>
    /// <param name="maxLeafNodes">Most leaves a tree may have (<c>max_leaf_nodes</c>, ≥ 2): when set, trees grow best-first,
    /// always splitting the waiting node whose split decreases the weighted impurity most, until maxLeafNodes − 1 splits
    /// were made; null grows depth-first without a leaf limit.</param>
    public GradientBoostingRegressor(GradientBoostingRegressorLoss loss = GradientBoostingRegressorLoss.SquaredError, double learningRate = 0.1,
        int nEstimators = 100, double subsample = 1.0, GradientBoostingCriterion criterion = GradientBoostingCriterion.FriedmanMse,
        int minSamplesSplit = 2, int minSamplesLeaf = 1, int? maxDepth = 3, MaxFeatures? maxFeatures = null,
        long? randomState = null, double alpha = 0.9,
        int? nIterNoChange = null, double validationFraction = 0.1, double tol = 1e-4, double ccpAlpha = 0.0, int? maxLeafNodes = null)
    {
        MaxLeafNodes = maxLeafNodes;
        Alpha = alpha;
        Loss = loss; LearningRate = learningRate; NEstimators = nEstimators; Subsample = subsample; Criterion = criterion;
        MinSamplesSplit = minSamplesSplit; MinSamplesLeaf = minSamplesLeaf; MaxDepth = maxDepth; MaxFeatures = maxFeatures; RandomState = randomState;
        NIterNoChange = nIterNoChange; ValidationFraction = validationFraction; Tol = tol; CcpAlpha = ccpAlpha;
    }

    /// <summary>Loss (<c>loss</c>).</summary>
    public GradientBoostingRegressorLoss Loss { get; }
    /// <summary>Quantile / Huber inlier share (<c>alpha</c>).</summary>
    public double Alpha { get; }
    /// <summary>Shrinkage (<c>learning_rate</c>).</summary>
    public double LearningRate { get; }
    /// <summary>Stages (<c>n_estimators</c>).</summary>
    public int NEstimators { get; }
    /// <summary>Row fraction per stage (<c>subsample</c>).</summary>
    public double Subsample { get; }
    /// <summary>Split criterion (<c>criterion</c>).</summary>
    public GradientBoostingCriterion Criterion { get; }
    /// <summary>Smallest splittable node (<c>min_samples_split</c>).</summary>
    public int MinSamplesSplit { get; }
    /// <summary>Smallest leaf (<c>min_samples_leaf</c>).</summary>
    public int MinSamplesLeaf { get; }
    /// <summary>Tree depth (<c>max_depth</c>).</summary>
    public int? MaxDepth { get; }
    /// <summary>Features per split (<c>max_features</c>).</summary>
    public MaxFeatures? MaxFeatures { get; }
    /// <summary>Seed (<c>random_state</c>).</summary>
    public long? RandomState { get; }
    /// <summary>Early-stopping patience; null: off (<c>n_iter_no_change</c>).</summary>
    public int? NIterNoChange { get; }
    /// <summary>Held-out share for early stopping (<c>validation_fraction</c>).</summary>
    public double ValidationFraction { get; }
    /// <summary>Required validation-loss improvement (<c>tol</c>).</summary>
    public double Tol { get; }
    /// <summary>Per-tree cost-complexity pruning strength (<c>ccp_alpha</c>).</summary>
    public double CcpAlpha { get; }

    /// <summary>
    /// With <see cref="Subsample"/> &lt; 1: per stage, the loss on that stage's out-of-bag rows before the stage minus
    /// after it (<c>oob_improvement_</c>) — an estimate of the test-loss gain of each stage, whose cumulative sum peaks
    /// near a good number of stages. Throws <see cref="InvalidOperationException"/> without subsampling (sklearn has no
    /// such attribute then).
    /// </summary>
    public Tensor OobImprovement => Learned(model!, nameof(OobImprovement)).OobImprovement is { } o
        ? Input.Vector(o)
        : throw new InvalidOperationException($"{GetType().Name}.OobImprovement exists only with Subsample < 1 (got {Subsample})");

    /// <summary>Most leaves per tree, null for no limit (<c>max_leaf_nodes</c>); when set, trees grow best-first.</summary>
    public int? MaxLeafNodes { get; }

    /// <summary>Stages actually fitted: NEstimators, or fewer when early stopping ended the fit (<c>n_estimators_</c>).</summary>
    public int NEstimatorsFitted => Learned(model!, nameof(NEstimatorsFitted)).Trees.Length;

    /// <summary>The fitted trees, one per stage (<c>estimators_[:, 0]</c>); leaf values are the loss's leaf optima.</summary>
    public IReadOnlyList<TreeStructure> Estimators => Learned(model!, nameof(Estimators)).Trees.Select(s => s[0]).ToList();

    /// <summary>F₀, the initial estimator's prediction: mean or median of y (<c>init_.predict</c>).</summary>
    public double InitPrediction => Learned(model!, nameof(InitPrediction)).Init[0];

    /// <summary>Training loss after each stage (MSE or MAE, in-bag rows only when subsampling) (<c>train_score_</c>).</summary>
    public Tensor TrainScore => Input.Vector(Learned(model!, nameof(TrainScore)).TrainScore);

    /// <summary>Impurity-based importances: the mean, over every tree that splits, of its unnormalised impurity
    /// decreases per feature, normalised to sum 1 (<c>feature_importances_</c>).</summary>
    public Tensor FeatureImportances => Input.Vector(GradientBoosting.FeatureImportances(Learned(model!, nameof(FeatureImportances)), NFeaturesIn));

    /// <summary>True: <c>Fit(x, y, sampleWeight)</c> minimises Σwᵢ·L(yᵢ, F(xᵢ)) (see <see cref="GradientBoosting"/>).</summary>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints
    {
        get
        {
            var t = new ParamTable
            {
                { nameof(Loss), Is.Defined<GradientBoostingRegressorLoss>() },
                { nameof(Alpha), Is.Real(0, 1, minOpen: true, maxOpen: true) },
            };
            GradientBoosting.AddSharedConstraints(t);
            return t;
        }
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var yr = Input.Targets(y, n, GetType().Name);
        var loss = Loss switch
        {
            GradientBoostingRegressorLoss.AbsoluteError => GbLoss.AbsoluteError,
            GradientBoostingRegressorLoss.Huber => GbLoss.Huber,
            GradientBoostingRegressorLoss.Quantile => GbLoss.Quantile,
            _ => GbLoss.SquaredError,
        };
        model = GradientBoosting.Fit(Input.Raw(x), n, p, yr, 1, new GbSettings(loss, LearningRate, NEstimators, Subsample,
            GradientBoosting.Split(Criterion), MinSamplesSplit, MinSamplesLeaf, MaxDepth, MaxFeatures, RandomState, Alpha,
            new GbEarlyStopping(NIterNoChange, ValidationFraction, Tol), CcpAlpha, MaxLeafNodes), SampleWeight, "GradientBoostingRegressor.Fit");
    }

    /// <summary>F₀ + ν Σₘ γₘ(x) [n_samples] (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        return Input.Vector(GradientBoosting.Raw(model!, Input.Raw(xm), xm.Shape[0]));
    }

    /// <summary>Predictions after each stage 1..n_estimators (<c>staged_predict</c>).</summary>
    public IEnumerable<Tensor> StagedPredict(Tensor x)
    {
        var xm = CheckInput(x, nameof(StagedPredict));
        var a = Input.Raw(xm);
        for (int m = 1; m <= model!.Trees.Length; m++) yield return Input.Vector(GradientBoosting.Raw(model, a, xm.Shape[0], m));
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) => GradientBoosting.Save(state, model!);

    /// <inheritdoc/>
    protected override void LoadState(ModelState state) => model = GradientBoosting.Load(state, 1);
}
