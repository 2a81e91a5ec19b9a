namespace Glassbox.ML.Neighbors;

/// <summary>
/// Classification by vote of the k nearest training samples (<c>sklearn.neighbors.KNeighborsClassifier</c>).
/// P(y = c | x) = Σ_{neighbours of class c} wᵢ / Σ wᵢ with uniform or inverse-distance weights; the prediction is
/// the most probable class, ties to the lowest class index (sklearn's <c>mode</c> / <c>argmax</c>).
/// </summary>
public sealed class KNeighborsClassifier : KNeighborsBase<KNeighborsClassifier>, IProbabilisticClassifier
{
    private readonly ClassEncoding classes = new();
    private int[] labels = [];

    /// <summary>Creates the classifier.</summary>
    /// <param name="nNeighbors">k (<c>n_neighbors</c>).</param>
    /// <param name="weights">Neighbour weights (<c>weights</c>, see <see cref="NeighborWeights"/>).</param>
    /// <param name="algorithm">Search structure (<c>algorithm</c>, see <see cref="NeighborAlgorithm"/>).</param>
    /// <param name="p">Minkowski power: 1 or 2 (<c>p</c>).</param>
    /// <param name="leafSize">KD-tree leaf size (<c>leaf_size</c>).</param>
    public KNeighborsClassifier(int nNeighbors = 5, NeighborWeights weights = NeighborWeights.Uniform, NeighborAlgorithm algorithm = NeighborAlgorithm.Auto, int p = 2, int leafSize = 30)
        : base(nNeighbors, weights, algorithm, p, leafSize) { }

    /// <inheritdoc/>
    public Tensor Classes => Learned(classes, nameof(Classes)).ToTensor();

    private protected override void FitTargets(Tensor? y, int n) => labels = classes.Encode(y, n, GetType().Name, minClasses: 1);

    /// <inheritdoc/>
    public Tensor PredictProba(Tensor x)
    {
        var (idx, w, m) = WeightedNeighbors(x, nameof(PredictProba));
        int k = NNeighbors, c = classes.Labels.Length;
        var pr = new double[m * c];
        for (int i = 0; i < m; i++)
        {
            double total = 0;
            for (int j = 0; j < k; j++) { pr[i * c + labels[idx[i * k + j]]] += w[i * k + j]; total += w[i * k + j]; }
            for (int q = 0; q < c; q++) pr[i * c + q] /= total;
        }
        return Input.Matrix(pr, m, c);
    }

    /// <summary>The class of the largest vote share per sample, int64 [n_samples] (<c>predict</c>; ties: the lowest class).</summary>
    public Tensor Predict(Tensor x) => classes.LabelsOfArgmax(PredictProba(x));

    /// <summary>Mean accuracy of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Classification.AccuracyScore(y, Predict(x), sampleWeight);

    private protected override int TargetCount => labels.Length;

    /// <inheritdoc/>
    protected override void SaveState(ModelState s)
    {
        classes.Save(s);
        base.SaveState(s);
        s.Set("y_index", Tensor.FromArray(labels, [labels.Length]));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState s)
    {
        classes.Load(s);
        base.LoadState(s);
    }

    private protected override void LoadTargets(ModelState s, int n) => labels = s.GetInts("y_index", n, 0, classes.Labels.Length - 1);
}
