using Glassbox.ML.Options;

namespace Glassbox.ML.Neighbors;

/// <summary>
/// What <see cref="KNeighborsClassifier"/> and <see cref="KNeighborsRegressor"/> share (scikit-learn's
/// <c>NeighborsBase</c> with <c>KNeighborsMixin</c>): the search hyperparameters with their constraints, the stored
/// training rows and the search structure built on them, the neighbour query (<see cref="KNeighbors"/>) and the
/// weighted neighbours of each query row, and the training rows' place in the model file. A twin stores the targets
/// (class indices, or values) and combines its neighbours' targets into a prediction.
/// </summary>
/// <remarks>See <see cref="Tree.CartBase{TSelf}"/> for why the twins share a base class and the classifier side is an
/// interface plus a component.</remarks>
public abstract class KNeighborsBase<TSelf> : Estimator<TSelf> where TSelf : KNeighborsBase<TSelf>
{
    private double[] train = [];
    private NeighborSearch? search;

    /// <summary>Stores the hyperparameters.</summary>
    private protected KNeighborsBase(int nNeighbors, NeighborWeights weights, NeighborAlgorithm algorithm, int p, int leafSize)
    {
        NNeighbors = nNeighbors; Weights = weights; Algorithm = algorithm; P = p; LeafSize = leafSize;
    }

    /// <summary>k (<c>n_neighbors</c>).</summary>
    public int NNeighbors { get; }
    /// <summary>Neighbour weights (<c>weights</c>).</summary>
    public NeighborWeights Weights { get; }
    /// <summary>Search structure (<c>algorithm</c>).</summary>
    public NeighborAlgorithm Algorithm { get; }
    /// <summary>Minkowski power (<c>p</c>).</summary>
    public int P { get; }
    /// <summary>KD-tree leaf size (<c>leaf_size</c>).</summary>
    public int LeafSize { get; }

    /// <inheritdoc/>
    /// <remarks>k ≤ n_samples is checked in Fit, where n is known.</remarks>
    protected override ParamTable Constraints => new()
    {
        { nameof(NNeighbors), Is.Int(min: 1) },
        { nameof(Weights), Is.Defined<NeighborWeights>() },
        { nameof(Algorithm), Is.Defined<NeighborAlgorithm>() },
        { nameof(P), Is.Where<int>(p => p is 1 or 2, "1 (Manhattan) or 2 (Euclidean)") },
        { nameof(LeafSize), Is.Int(min: 1) },
    };

    /// <summary>Validates y for <paramref name="n"/> rows and keeps the targets the prediction combines.</summary>
    private protected abstract void FitTargets(Tensor? y, int n);

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0];
        FitTargets(y, n);
        if (NNeighbors > n) OutOfRange(nameof(NNeighbors), NNeighbors, $"≤ n_samples ({n})");
        train = (double[])Input.Raw(x).Clone();
        search = Build(train, n, x.Shape[1]);
    }

    /// <summary><see cref="NeighborAlgorithm.Auto"/>: a KD-tree in low dimension (p ≤ 15) where it prunes well, brute force otherwise.</summary>
    private NeighborSearch Build(double[] x, int n, int p) =>
        new(x, n, p, P == 1, Algorithm == NeighborAlgorithm.KdTree || (Algorithm == NeighborAlgorithm.Auto && p <= 15 && n >= 64), LeafSize);

    /// <summary>Distances and training indices [n_queries, k] of the nearest neighbours, nearest first (<c>kneighbors</c>).</summary>
    public (Tensor Distances, Tensor Indices) KNeighbors(Tensor x)
    {
        var xm = CheckInput(x, nameof(KNeighbors));
        int m = xm.Shape[0];
        var (d, i) = search!.Query(Input.Raw(xm), m, NNeighbors);
        return (Input.Matrix(d, m, NNeighbors), Tensor.FromArray(i, m, NNeighbors));
    }

    /// <summary>
    /// The k neighbours of each query row after the input check of <paramref name="member"/>: their training indices
    /// and their weights [m · k] (row-major, nearest first), and the number of query rows m.
    /// </summary>
    private protected (int[] Index, double[] Weight, int M) WeightedNeighbors(Tensor x, string member)
    {
        var xm = CheckInput(x, member);
        int m = xm.Shape[0], k = NNeighbors;
        var (d, idx) = search!.Query(Input.Raw(xm), m, k);
        return (idx, NeighborSearch.Weights(d, m, k, Weights), m);
    }

    /// <summary>Writes the training rows under "fit_X"; the twin adds its targets.</summary>
    protected override void SaveState(ModelState state)
    {
        int n = TargetCount;
        state.Set("fit_X", Input.Matrix(train, n, train.Length / Math.Max(n, 1)));
    }

    /// <summary>Training rows kept (the length of the twin's targets).</summary>
    private protected abstract int TargetCount { get; }

    /// <summary>Reads the targets of <paramref name="n"/> training rows written by the twin's <see cref="SaveState"/>.</summary>
    private protected abstract void LoadTargets(ModelState state, int n);

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        train = state.GetMatrix("fit_X", -1, state.NFeaturesIn, finite: true);
        int n = train.Length / state.NFeaturesIn;
        if (n < NNeighbors) throw state.Invalid("fit_X", $"holds {n} samples, fewer than NNeighbors ({NNeighbors})");
        LoadTargets(state, n);
        search = Build(train, n, state.NFeaturesIn);
    }
}
