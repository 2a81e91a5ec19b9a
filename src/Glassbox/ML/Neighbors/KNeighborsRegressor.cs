namespace Glassbox.ML.Neighbors;

/// <summary>
/// Regression by the (weighted) mean target of the k nearest training samples
/// (<c>sklearn.neighbors.KNeighborsRegressor</c>): ŷ = Σ wᵢyᵢ / Σ wᵢ.
/// </summary>
public sealed class KNeighborsRegressor : Regressor<KNeighborsRegressor>
{
    private double[] train = [], target = [];
    private NeighborSearch? search;

    /// <summary>Creates the regressor.</summary>
    /// <param name="nNeighbors">k (<c>n_neighbors</c>).</param>
    /// <param name="weights">Neighbour weights (<c>weights</c>, see <see cref="NeighborWeights"/>).</param>
    /// <param name="algorithm">Search structure (<c>algorithm</c>, see <see cref="NeighborAlgorithm"/>).</param>
    /// <param name="p">Minkowski power: 1 or 2 (<c>p</c>).</param>
    /// <param name="leafSize">KD-tree leaf size (<c>leaf_size</c>).</param>
    public KNeighborsRegressor(int nNeighbors = 5, NeighborWeights weights = NeighborWeights.Uniform, NeighborAlgorithm algorithm = NeighborAlgorithm.Auto, int p = 2, int leafSize = 30)
    {
        NNeighbors = nNeighbors; Weights = weights; Algorithm = algorithm; P = p; LeafSize = leafSize;
    }

    /// <summary>k (<c>n_neighbors</c>).</summary>
    public int NNeighbors { get; }
    /// <summary>Weights (<c>weights</c>).</summary>
    public NeighborWeights Weights { get; }
    /// <summary>Search structure (<c>algorithm</c>).</summary>
    public NeighborAlgorithm Algorithm { get; }
    /// <summary>Minkowski power (<c>p</c>).</summary>
    public int P { get; }
    /// <summary>KD-tree leaf size (<c>leaf_size</c>).</summary>
    public int LeafSize { get; }

    private KnnSettings Settings => new(NNeighbors, Weights, Algorithm, P, LeafSize);

    /// <inheritdoc/>
    protected override Options.ParamTable Constraints => KnnSettings.Constraints();

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0];
        target = Input.Targets(y, n, nameof(KNeighborsRegressor));
        if (NNeighbors > n) OutOfRange(nameof(NNeighbors), NNeighbors, $"≤ n_samples ({n})");
        train = (double[])Input.Raw(x).Clone();
        search = Settings.Build(train, n, x.Shape[1]);
    }

    /// <inheritdoc/>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        int m = xm.Shape[0], k = NNeighbors;
        var (d, idx) = search!.Query(Input.Raw(xm), m, k);
        var w = NeighborSearch.Weights(d, m, k, Weights);
        var r = new double[m];
        for (int i = 0; i < m; i++)
        {
            double s = 0, ws = 0;
            for (int j = 0; j < k; j++) { s += w[i * k + j] * target[idx[i * k + j]]; ws += w[i * k + j]; }
            r[i] = Weights == NeighborWeights.Uniform ? s / k : s / ws;
        }
        return Input.Vector(r);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState s)
    {
        s.Set("fit_X", Input.Matrix(train, target.Length, train.Length / Math.Max(target.Length, 1)));
        s.Set("y", Input.Vector(target));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState s)
    {
        train = s.GetMatrix("fit_X", -1, s.NFeaturesIn, finite: true);
        int n = train.Length / s.NFeaturesIn;
        if (n < NNeighbors) throw s.Invalid("fit_X", $"holds {n} samples, fewer than NNeighbors ({NNeighbors})");
        target = s.GetVector("y", n, finite: true);
        search = Settings.Build(train, n, s.NFeaturesIn);
    }
}
