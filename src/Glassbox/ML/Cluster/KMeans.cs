using System.Numerics.Tensors;
using Glassbox.ML.Options;
using Glassbox.ML.Replay;

namespace Glassbox.ML.Cluster;

/// <summary>
/// K-means clustering by Lloyd's or Elkan's algorithm (<c>sklearn.cluster.KMeans</c>): minimises the
/// inertia Σᵢ ‖xᵢ − c_{ℓ(i)}‖² by alternating assignment ℓ(i) = argmin_j ‖xᵢ − c_j‖² and centre update
/// c_j = mean{xᵢ : ℓ(i) = j}.
/// </summary>
/// <remarks>
/// <para>
/// Follows sklearn 1.2's <c>_kmeans_single_lloyd</c> step for step: X is centred by its column means first (and the
/// initial centres with it) for accuracy of the ‖x‖² − 2x·c + ‖c‖² expansion; each iteration assigns and updates;
/// it stops when the labels do not change (strict convergence) or when the total squared centre shift
/// Σ_j ‖c_j^new − c_j^old‖² ≤ tol·mean_f Var(X_f); without strict convergence a final assignment makes the labels
/// consistent with the returned centres. A centre that loses all its points is moved to the point farthest from
/// its own centre (<c>_relocate_empty_clusters</c>). From the same initial centres this gives sklearn's labels exactly
/// and its centres and inertia to rounding.
/// </para>
/// <para>
/// <see cref="Algorithm"/> = "elkan" (<c>_kmeans_single_elkan</c>, see <see cref="Elkan"/>) runs the same iterations
/// with per-point upper/lower distance bounds and centre–centre half distances, skipping the distances the triangle
/// inequality rules out: the same labels, n_iter, centres (bit for bit when the labels agree) and inertia as "lloyd"
/// from the same centres, unless a point is tied between two centres to rounding. "auto" and "full" (deprecated in
/// sklearn 1.2) mean "lloyd", and "elkan" with one cluster runs "lloyd", as in sklearn 1.2.
/// </para>
/// <para>
/// Runs <see cref="NInit"/> seedings (k-means++ or random) and keeps the lowest inertia, except that a later run
/// with the same partition never replaces an earlier one (sklearn's rule). With explicit <see cref="InitCenters"/>
/// one run is made (sklearn warns and sets n_init=1). The seedings draw from NumPy's MT19937 <c>RandomState</c>
/// stream (<see cref="SklearnRandom"/>) in sklearn's order — k-means++: <c>randint(n)</c>, then
/// 2 + ⌊ln k⌋ uniforms per centre; "random": <c>permutation(n)[:k]</c> — so a seeded fit starts each run from the
/// centres sklearn's does with the same <c>random_state</c>, and ends in the same clustering.
/// </para>
/// <para>
/// <b>Sample weights</b> (<c>fit(X, sample_weight=w)</c>, sklearn 1.2 semantics): the objective is the weighted
/// inertia Σᵢ wᵢ‖xᵢ − c_{ℓ(i)}‖² and the update the weighted mean c_j = Σ_{ℓ(i)=j} wᵢxᵢ / Σ_{ℓ(i)=j} wᵢ. Everything
/// before Lloyd ignores the weights, as sklearn 1.2 does: the centring mean, the tolerance scale and the seedings
/// (k-means++ and "random" draw the same rows as an unweighted fit; sklearn 1.3 made k-means++ weighted). A cluster
/// whose members weigh 0 in total is empty and is relocated by unweighted distance, carrying the moved point's weight.
/// Integer weights equal repeated rows only from the same initial centres (the seeding draws from n rows, not Σw).
/// </para>
/// <para>
/// Fit refuses (ArgumentException) finite X whose squared distances overflow float64 — values beyond about 1e154 —
/// rather than cluster on infinite distances, where every centre is equally far; rescale such data first.
/// </para>
/// </remarks>
public sealed class KMeans : Estimator<KMeans>, ITransformer
{
    private double[] centers = [];
    private long[] labels = [];
    private double inertia;
    private int nIter;

    /// <summary>Creates the estimator.</summary>
    /// <param name="nClusters">Number of clusters k ≥ 1 (<c>n_clusters</c>).</param>
    /// <param name="init"><see cref="KMeansInit.KMeansPlusPlus"/> (greedy, 2 + ⌊ln k⌋ local trials) or <see cref="KMeansInit.Random"/> (k distinct rows) (<c>init</c>).</param>
    /// <param name="initCenters">Explicit initial centres [k, n_features]; overrides <paramref name="init"/> (sklearn's array <c>init</c>).</param>
    /// <param name="nInit">Number of seedings; the best inertia wins (<c>n_init</c>; 10 as in sklearn 1.2).</param>
    /// <param name="maxIter">Lloyd iterations per run (<c>max_iter</c>).</param>
    /// <param name="tol">Relative tolerance on the squared centre shift (<c>tol</c>).</param>
    /// <param name="randomState">Seed of the seedings, 0 ≤ seed (NumPy's <c>RandomState(seed)</c>); null draws one from <see cref="Generator.Default"/> (<c>random_state</c>).</param>
    /// <param name="algorithm"><see cref="KMeansAlgorithm.Lloyd"/>, <see cref="KMeansAlgorithm.Elkan"/> (the same result, fewer distance
    /// computations when clusters are well separated), or sklearn 1.2's deprecated aliases "auto"/"full" of "lloyd" (<c>algorithm</c>).</param>
    public KMeans(int nClusters = 8, KMeansInit init = KMeansInit.KMeansPlusPlus, Tensor? initCenters = null, int nInit = 10, int maxIter = 300,
        double tol = 1e-4, int? randomState = null, KMeansAlgorithm algorithm = KMeansAlgorithm.Lloyd)
    {
        NClusters = nClusters; Init = init; InitCenters = initCenters; NInit = nInit; MaxIter = maxIter; Tol = tol;
        RandomState = randomState; Algorithm = algorithm;
    }

    /// <summary>Number of clusters (<c>n_clusters</c>).</summary>
    public int NClusters { get; }
    /// <summary>Seeding method (<c>init</c>).</summary>
    public KMeansInit Init { get; }
    /// <summary>Explicit initial centres, or null (<c>init</c> as an array).</summary>
    public Tensor? InitCenters { get; }
    /// <summary>Number of seedings (<c>n_init</c>).</summary>
    public int NInit { get; }
    /// <summary>Iteration cap per run (<c>max_iter</c>).</summary>
    public int MaxIter { get; }
    /// <summary>Relative tolerance (<c>tol</c>).</summary>
    public double Tol { get; }
    /// <summary>Seed (<c>random_state</c>).</summary>
    public int? RandomState { get; }
    /// <summary>Algorithm (<c>algorithm</c>).</summary>
    public KMeansAlgorithm Algorithm { get; }

    /// <summary>Centres [k, n_features] (<c>cluster_centers_</c>).</summary>
    public Tensor ClusterCenters => Input.Matrix(Learned(centers, nameof(ClusterCenters)), NClusters, centers.Length / NClusters);
    /// <summary>Cluster of each training sample, int64 [n_samples] (<c>labels_</c>).</summary>
    public Tensor Labels => Tensor.FromArray(Learned(labels, nameof(Labels)), [labels.Length]);
    /// <summary>Σ squared distances of the training samples to their centre (<c>inertia_</c>).</summary>
    public double Inertia => Learned(inertia, nameof(Inertia));
    /// <summary>Iterations of the best run (<c>n_iter_</c>).</summary>
    public int NIter => Learned(nIter, nameof(NIter));

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(NClusters), Is.Int(min: 1) },
        { nameof(Init), Is.Defined<KMeansInit>() },
        { nameof(NInit), Is.Int(min: 1) },
        { nameof(MaxIter), Is.Int(min: 1) },
        { nameof(Tol), Is.Real(0) },
        { nameof(RandomState), Is.Seed.OrNull() },
        { nameof(Algorithm), Is.Defined<KMeansAlgorithm>() },
    };

    /// <inheritdoc/>
    /// <remarks>The explicit centres must have <see cref="NClusters"/> rows: a check relating two parameters.</remarks>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (InitCenters is not null && (InitCenters.NDim != 2 || InitCenters.Shape[0] != NClusters))
            OutOfRange(nameof(InitCenters), ShapeUtil.Format(InitCenters.ShapeArray), $"a [{NClusters}, n_features] matrix");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y) =>
        FitCoreWith(x, stream ?? new SklearnRandom(Tree.Cart.SeedOf(RandomState)));

    private SklearnRandom? stream;

    /// <summary>The algorithm a fit runs: "auto"/"full" are "lloyd", and "elkan" with one cluster is "lloyd" (sklearn 1.2's
    /// <c>_check_params_vs_input</c>).</summary>
    internal KMeansAlgorithm EffectiveAlgorithm => Algorithm == KMeansAlgorithm.Elkan && NClusters > 1 ? KMeansAlgorithm.Elkan : KMeansAlgorithm.Lloyd;

    /// <summary>Point–centre distances Elkan computed over all runs of the last fit (0 for Lloyd, which computes
    /// n·k per assignment pass); how the tests see that the bounds skip work.</summary>
    internal long ElkanDistances { get; private set; }

    /// <summary>
    /// Fit drawing the seedings from <paramref name="random"/> instead of a fresh <c>RandomState(random_state)</c>:
    /// GaussianMixture's k-means initialisation passes its own stream on, as sklearn passes its <c>RandomState</c>
    /// object to <c>KMeans</c>.
    /// </summary>
    internal KMeans FitWith(Tensor x, SklearnRandom random)
    {
        stream = random;
        try { return Fit(x); }
        finally { stream = null; }
    }

    private void FitCoreWith(Tensor x, SklearnRandom random)
    {
        int n = x.Shape[0], d = x.Shape[1], k = NClusters;
        if (n < k) throw new ArgumentException($"KMeans.Fit: n_samples={n} should be ≥ n_clusters={k}");
        var xc = Input.Raw(x).ToArray();
        double tol = KMeansMath.ScaledTolerance(xc, n, d, Tol);
        // centre X (sklearn does this for dense input): the expansion ‖x‖² − 2x·c + ‖c‖² loses less to cancellation
        var mean = new double[d];
        for (int i = 0; i < n; i++) TensorPrimitives.Add(mean, xc.AsSpan(i * d, d), mean);
        TensorPrimitives.Multiply(mean, 1.0 / n, mean);
        for (int i = 0; i < n; i++) TensorPrimitives.Subtract(xc.AsSpan(i * d, d), mean, xc.AsSpan(i * d, d));
        var xNorms = KMeansMath.RowSquaredNorms(xc, n, d);
        // finite X whose squared distances overflow (values beyond ~1e154) would make every distance +∞ and every
        // comparison false: k-means++ could pick no centre. Refuse with the remedy instead of failing inside.
        for (int i = 0; i < n; i++)
            if (!double.IsFinite(xNorms[i]))
                throw new ArgumentException($"KMeans.Fit: X is too large to cluster: the squared distance of row {i} from the mean overflows to infinity (values beyond about 1e154); rescale X first (e.g. StandardScaler)", "x");

        double[]? fixedInit = null;
        if (InitCenters is not null)
        {
            if (InitCenters.Shape[1] != d) OutOfRange(nameof(InitCenters), ShapeUtil.Format(InitCenters.ShapeArray), $"a [{k}, {d}] matrix (X has {d} features)");
            fixedInit = Input.Raw(InitCenters).ToArray();
            for (int c = 0; c < k; c++) TensorPrimitives.Subtract(fixedInit.AsSpan(c * d, d), mean, fixedInit.AsSpan(c * d, d));
        }
        int runs = fixedInit is null ? NInit : 1;
        int[]? bestLabels = null;
        double[]? bestCenters = null;
        double bestInertia = double.PositiveInfinity;
        int bestIter = 0;
        bool elkan = EffectiveAlgorithm == KMeansAlgorithm.Elkan;
        ElkanDistances = 0;
        for (int r = 0; r < runs; r++)
        {
            var init = fixedInit ?? (Init == KMeansInit.Random
                ? KMeansMath.Rows(xc, d, random.Permutation(n).AsSpan(0, k))
                : KMeansMath.KMeansPlusPlus(xc, n, d, k, xNorms, m => (int)random.RandInt((ulong)m), random.RandomSample));
            long evals = 0;
            var (lab, cen, inert, it) = elkan
                ? Elkan.Run(xc, n, d, init, k, MaxIter, tol, SampleWeight, out evals)
                : Lloyd.Run(xc, n, d, init, k, MaxIter, tol, SampleWeight);
            ElkanDistances += evals;
            if (bestLabels is null || (inert < bestInertia && !KMeansMath.SameClustering(lab, bestLabels, k)))
            {
                bestLabels = lab; bestCenters = cen; bestInertia = inert; bestIter = it;
            }
        }
        for (int c = 0; c < k; c++) TensorPrimitives.Add(bestCenters!.AsSpan(c * d, d), mean, bestCenters.AsSpan(c * d, d));
        centers = bestCenters!;
        labels = Array.ConvertAll(bestLabels!, v => (long)v);
        inertia = bestInertia;
        nIter = bestIter;
    }

    /// <summary>The nearest centre of each row, int64 [n_samples] (<c>predict</c>).</summary>
    public Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        int n = xm.Shape[0], d = xm.Shape[1];
        var lab = new int[n];
        KMeansMath.Assign(lab, Input.Raw(xm), n, d, centers, NClusters);
        return Tensor.FromArray(Array.ConvertAll(lab, v => (long)v), [n]);
    }

    /// <summary>Fit, then the training labels (<c>fit_predict</c>).</summary>
    public Tensor FitPredict(Tensor x) => Fit(x).Labels;

    /// <summary>Euclidean distance of each row to each centre, [n_samples, k] (<c>transform</c>).</summary>
    public Tensor Transform(Tensor x)
    {
        var xm = CheckInput(x, nameof(Transform));
        int n = xm.Shape[0], d = xm.Shape[1];
        return Input.Matrix(KMeansMath.Distances(Input.Raw(xm), n, d, centers, NClusters), n, NClusters);
    }

    /// <inheritdoc/>
    public Tensor FitTransform(Tensor x, Tensor? y = null) => Fit(x, y).Transform(x);

    /// <summary>−(inertia of X against the fitted centres) (<c>score</c>).</summary>
    public double Score(Tensor x)
    {
        var xm = CheckInput(x, nameof(Score));
        int n = xm.Shape[0], d = xm.Shape[1];
        var lab = new int[n];
        var a = Input.Raw(xm);
        KMeansMath.Assign(lab, a, n, d, centers, NClusters);
        return -KMeansMath.Inertia(a, n, d, centers, lab);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        state.Set("cluster_centers", ClusterCenters);
        state.Set("labels", Labels);
        state.Set("inertia", inertia);
        state.Set("n_iter", nIter);
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        centers = state.GetMatrix("cluster_centers", NClusters, state.NFeaturesIn, finite: true);
        labels = state.GetLongs("labels", -1, 0, NClusters - 1);
        inertia = state.GetDouble("inertia");
        nIter = state.GetInt("n_iter", 0);
    }
}
