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
/// subsample &lt; 1 is deterministic for a fixed <see cref="GradientBoostingBase{TSelf}.RandomState"/>). "huber" and "quantile": see
/// <see cref="GbLoss"/>. With sample weights wᵢ every stage minimises Σwᵢ·L(yᵢ, F(xᵢ)): F₀ = the weighted mean / lower
/// weighted median / weighted α-quantile of y, the trees' impurity sums are weighted, leaves take the weighted mean,
/// median or α-quantile of their residuals (Huber: weighted median plus the plain mean of the clipped deviations, as
/// sklearn), and <see cref="GradientBoostingBase{TSelf}.TrainScore"/> is the weighted mean loss.</remarks>
public sealed class GradientBoostingRegressor : GradientBoostingBase<GradientBoostingRegressor>, IRegressor
{
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
        : base(learningRate, nEstimators, subsample, criterion, minSamplesSplit, minSamplesLeaf, maxDepth, maxFeatures, randomState,
            nIterNoChange, validationFraction, tol, ccpAlpha, maxLeafNodes)
    {
        Loss = loss; Alpha = alpha;
    }

    /// <summary>Loss (<c>loss</c>).</summary>
    public GradientBoostingRegressorLoss Loss { get; }
    /// <summary>Quantile / Huber inlier share (<c>alpha</c>).</summary>
    public double Alpha { get; }

    /// <summary>The fitted trees, one per stage (<c>estimators_[:, 0]</c>); leaf values are the loss's leaf optima.</summary>
    public IReadOnlyList<TreeStructure> Estimators => Learned(Model, nameof(Estimators)).Trees.Select(s => s[0]).ToList();

    /// <summary>F₀, the initial estimator's prediction: mean or median of y (<c>init_.predict</c>).</summary>
    public double InitPrediction => Learned(Model, nameof(InitPrediction)).Init[0];

    private protected override ParamTable OwnConstraints => new()
    {
        { nameof(Loss), Is.Defined<GradientBoostingRegressorLoss>() },
        { nameof(Alpha), Is.Real(0, 1, minOpen: true, maxOpen: true) },
    };

    private protected override int TreesPerStage => 1;

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var yr = Input.Targets(y, x.Shape[0], GetType().Name);
        var loss = Loss switch
        {
            GradientBoostingRegressorLoss.AbsoluteError => GbLoss.AbsoluteError,
            GradientBoostingRegressorLoss.Huber => GbLoss.Huber,
            GradientBoostingRegressorLoss.Quantile => GbLoss.Quantile,
            _ => GbLoss.SquaredError,
        };
        FitModel(x, yr, 1, loss, Alpha);
    }

    /// <summary>F₀ + ν Σₘ γₘ(x) [n_samples] (<c>predict</c>).</summary>
    public Tensor Predict(Tensor x) => Input.Vector(Raw(x, nameof(Predict), out _));

    /// <summary>Predictions after each stage 1..n_estimators (<c>staged_predict</c>).</summary>
    public IEnumerable<Tensor> StagedPredict(Tensor x) => StagedRaw(x, nameof(StagedPredict)).Select(Input.Vector);

    /// <summary>Coefficient of determination R² of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Regression.R2Score(y, Predict(x), sampleWeight);
}
