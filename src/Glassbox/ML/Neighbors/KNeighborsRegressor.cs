namespace Glassbox.ML.Neighbors;

/// <summary>
/// Regression by the (weighted) mean target of the k nearest training samples
/// (<c>sklearn.neighbors.KNeighborsRegressor</c>): ŷ = Σ wᵢyᵢ / Σ wᵢ.
/// </summary>
public sealed class KNeighborsRegressor : KNeighborsBase<KNeighborsRegressor>, IRegressor
{
    private double[] target = [];

    /// <summary>Creates the regressor.</summary>
    /// <param name="nNeighbors">k (<c>n_neighbors</c>).</param>
    /// <param name="weights">Neighbour weights (<c>weights</c>, see <see cref="NeighborWeights"/>).</param>
    /// <param name="algorithm">Search structure (<c>algorithm</c>, see <see cref="NeighborAlgorithm"/>).</param>
    /// <param name="p">Minkowski power: 1 or 2 (<c>p</c>).</param>
    /// <param name="leafSize">KD-tree leaf size (<c>leaf_size</c>).</param>
    public KNeighborsRegressor(int nNeighbors = 5, NeighborWeights weights = NeighborWeights.Uniform, NeighborAlgorithm algorithm = NeighborAlgorithm.Auto, int p = 2, int leafSize = 30)
        : base(nNeighbors, weights, algorithm, p, leafSize) { }

    private protected override void FitTargets(Tensor? y, int n) => target = Input.Targets(y, n, GetType().Name);

    /// <inheritdoc/>
    public Tensor Predict(Tensor x)
    {
        var (idx, w, m) = WeightedNeighbors(x, nameof(Predict));
        int k = NNeighbors;
        var r = new double[m];
        for (int i = 0; i < m; i++)
        {
            double s = 0, ws = 0;
            for (int j = 0; j < k; j++) { s += w[i * k + j] * target[idx[i * k + j]]; ws += w[i * k + j]; }
            r[i] = Weights == NeighborWeights.Uniform ? s / k : s / ws;
        }
        return Input.Vector(r);
    }

    /// <summary>Coefficient of determination R² of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Regression.R2Score(y, Predict(x), sampleWeight);

    private protected override int TargetCount => target.Length;

    /// <inheritdoc/>
    protected override void SaveState(ModelState s)
    {
        base.SaveState(s);
        s.Set("y", Input.Vector(target));
    }

    private protected override void LoadTargets(ModelState s, int n) => target = s.GetVector("y", n, finite: true);
}
