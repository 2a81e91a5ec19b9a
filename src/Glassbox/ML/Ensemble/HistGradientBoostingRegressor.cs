namespace Glassbox.ML.Ensemble;

/// <summary>
/// Histogram-based gradient-boosted trees for regression (<c>sklearn.ensemble.HistGradientBoostingRegressor</c>) with
/// the squared error ½(f − y)²: g = f − y, h = 1, so each leaf moves the prediction by −learning_rate · mean residual
/// (with λ = 0). Starts from the mean target. See <see cref="HistGrower"/>.
/// </summary>
/// <remarks>Missing values are native, as in sklearn: NaN in X is allowed at fit and prediction and routed by each
/// split (see <see cref="HistGrower"/>). Early stopping is not implemented (sklearn enables it by default only above
/// 10 000 samples); <see cref="RandomState"/> is accepted for API parity and unused.</remarks>
public sealed class HistGradientBoostingRegressor : Regressor<HistGradientBoostingRegressor>
{
    private double[] baseline = [];
    private HistTree[][] trees = [];

    /// <summary>Creates the estimator.</summary>
    /// <param name="learningRate">Shrinkage of each tree (<c>learning_rate</c>).</param>
    /// <param name="maxIter">Boosting iterations (<c>max_iter</c>).</param>
    /// <param name="maxLeafNodes">Leaves per tree (<c>max_leaf_nodes</c>).</param>
    /// <param name="maxDepth">Maximum depth, null for unlimited (<c>max_depth</c>).</param>
    /// <param name="minSamplesLeaf">Smallest leaf (<c>min_samples_leaf</c>).</param>
    /// <param name="l2Regularization">λ in the leaf values −G/(H + λ) (<c>l2_regularization</c>).</param>
    /// <param name="maxBins">Bins per feature, 2..255 (<c>max_bins</c>).</param>
    /// <param name="randomState">Accepted for parity (<c>random_state</c>); the fit is deterministic.</param>
    public HistGradientBoostingRegressor(double learningRate = 0.1, int maxIter = 100, int maxLeafNodes = 31, int? maxDepth = null,
        int minSamplesLeaf = 20, double l2Regularization = 0.0, int maxBins = 255, long? randomState = null)
    {
        LearningRate = learningRate; MaxIter = maxIter; MaxLeafNodes = maxLeafNodes; MaxDepth = maxDepth;
        MinSamplesLeaf = minSamplesLeaf; L2Regularization = l2Regularization; MaxBins = maxBins; RandomState = randomState;
    }

    /// <summary>Shrinkage (<c>learning_rate</c>).</summary>
    public double LearningRate { get; }
    /// <summary>Iterations (<c>max_iter</c>).</summary>
    public int MaxIter { get; }
    /// <summary>Leaves per tree (<c>max_leaf_nodes</c>).</summary>
    public int MaxLeafNodes { get; }
    /// <summary>Maximum depth (<c>max_depth</c>).</summary>
    public int? MaxDepth { get; }
    /// <summary>Smallest leaf (<c>min_samples_leaf</c>).</summary>
    public int MinSamplesLeaf { get; }
    /// <summary>L2 penalty on leaf values (<c>l2_regularization</c>).</summary>
    public double L2Regularization { get; }
    /// <summary>Bins per feature (<c>max_bins</c>).</summary>
    public int MaxBins { get; }
    /// <summary>Seed (<c>random_state</c>), unused.</summary>
    public long? RandomState { get; }

    /// <summary>Number of boosting iterations run (<c>n_iter_</c>).</summary>
    public int NIter => Learned(trees.Length, nameof(NIter));

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    protected override void CheckParams() =>
        HistBoosting.Check(GetType().Name, LearningRate, MaxIter, MaxLeafNodes, MaxDepth, MinSamplesLeaf, L2Regularization, MaxBins);

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var yr = Input.Targets(y, n, GetType().Name);
        (baseline, trees) = HistBoosting.Fit(Input.Raw(x), n, p, HistBoosting.Loss.SquaredError, yr, 1, MaxIter, LearningRate,
            MaxLeafNodes, MaxDepth, MinSamplesLeaf, L2Regularization, MaxBins);
    }

    /// <summary>Baseline + Σ tree values [n_samples] (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        return Input.Vector(HistBoosting.Raw(Input.Raw(xm), xm.Shape[0], xm.Shape[1], baseline, trees));
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) => HistBoosting.Save(state, baseline, trees);

    /// <inheritdoc/>
    protected override void LoadState(ModelState state) => (baseline, trees) = HistBoosting.Load(state);
}
