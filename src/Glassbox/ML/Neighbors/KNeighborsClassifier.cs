namespace Glassbox.ML.Neighbors;

/// <summary>
/// Classification by vote of the k nearest training samples (<c>sklearn.neighbors.KNeighborsClassifier</c>).
/// P(y = c | x) = Σ_{neighbours of class c} wᵢ / Σ wᵢ with uniform or inverse-distance weights; the prediction is
/// the most probable class, ties to the lowest class index (sklearn's <c>mode</c> / <c>argmax</c>).
/// </summary>
public sealed class KNeighborsClassifier : ProbabilisticClassifier<KNeighborsClassifier>
{
    private double[] train = [];
    private int[] labels = [];
    private NeighborSearch? search;

    /// <summary>Creates the classifier.</summary>
    /// <param name="nNeighbors">k (<c>n_neighbors</c>).</param>
    /// <param name="weights">Neighbour weights (<c>weights</c>, see <see cref="NeighborWeights"/>).</param>
    /// <param name="algorithm">Search structure (<c>algorithm</c>, see <see cref="NeighborAlgorithm"/>).</param>
    /// <param name="p">Minkowski power: 1 or 2 (<c>p</c>).</param>
    /// <param name="leafSize">KD-tree leaf size (<c>leaf_size</c>).</param>
    public KNeighborsClassifier(int nNeighbors = 5, NeighborWeights weights = NeighborWeights.Uniform, NeighborAlgorithm algorithm = NeighborAlgorithm.Auto, int p = 2, int leafSize = 30)
    {
        NNeighbors = nNeighbors; Weights = weights; Algorithm = algorithm; P = p; LeafSize = leafSize;
    }

    /// <summary>k (<c>n_neighbors</c>).</summary>
    public int NNeighbors { get; }
    /// <summary>Vote weights (<c>weights</c>).</summary>
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
        labels = EncodeTargets(y, n, minClasses: 1);
        if (NNeighbors > n) OutOfRange(nameof(NNeighbors), NNeighbors, $"≤ n_samples ({n})");
        train = (double[])Input.Raw(x).Clone();
        search = Settings.Build(train, n, x.Shape[1]);
    }

    /// <summary>Distances and training indices [n_queries, k] of the nearest neighbours, nearest first (<c>kneighbors</c>).</summary>
    public (Tensor Distances, Tensor Indices) KNeighbors(Tensor x)
    {
        var xm = CheckInput(x, nameof(KNeighbors));
        int m = xm.Shape[0];
        var (d, i) = search!.Query(Input.Raw(xm), m, NNeighbors);
        return (Input.Matrix(d, m, NNeighbors), Tensor.FromArray(i, m, NNeighbors));
    }

    /// <inheritdoc/>
    public override Tensor PredictProba(Tensor x)
    {
        var xm = CheckInput(x, nameof(PredictProba));
        int m = xm.Shape[0], k = NNeighbors, c = ClassLabels.Length;
        var (d, idx) = search!.Query(Input.Raw(xm), m, k);
        var w = NeighborSearch.Weights(d, m, k, Weights);
        var pr = new double[m * c];
        for (int i = 0; i < m; i++)
        {
            double total = 0;
            for (int j = 0; j < k; j++) { pr[i * c + labels[idx[i * k + j]]] += w[i * k + j]; total += w[i * k + j]; }
            for (int q = 0; q < c; q++) pr[i * c + q] /= total;
        }
        return Input.Matrix(pr, m, c);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState s)
    {
        base.SaveState(s);
        s.Set("fit_X", Input.Matrix(train, labels.Length, train.Length / Math.Max(labels.Length, 1)));
        s.Set("y_index", Tensor.FromArray(labels, [labels.Length]));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState s)
    {
        base.LoadState(s);
        train = s.GetMatrix("fit_X", -1, s.NFeaturesIn, finite: true);
        int n = train.Length / s.NFeaturesIn;
        if (n < NNeighbors) throw s.Invalid("fit_X", $"holds {n} samples, fewer than NNeighbors ({NNeighbors})");
        labels = s.GetInts("y_index", n, 0, ClassLabels.Length - 1);
        search = Settings.Build(train, n, s.NFeaturesIn);
    }
}
