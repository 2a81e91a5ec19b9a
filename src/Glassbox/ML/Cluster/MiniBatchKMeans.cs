using System.Numerics.Tensors;
using Glassbox.ML.Options;

namespace Glassbox.ML.Cluster;

/// <summary>
/// Mini-batch k-means (<c>sklearn.cluster.MiniBatchKMeans</c>, Sculley 2010 with sklearn 1.2's count-weighted
/// update): each step assigns a random batch to the nearest centres and moves every centre that received points to
/// the running mean of all points it has ever received, c_j ← (n_j·c_j + Σ_{batch→j} x) / (n_j + |batch→j|).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="PartialFit"/> is sklearn's <c>partial_fit</c>: the first call seeds the centres (from
/// <see cref="InitCenters"/> or k-means++ on that batch), every call makes one step on the batch it is given, and
/// low-count centres are randomly re-seeded from the batch as in <c>_mini_batch_step</c> (never when
/// <see cref="ReassignmentRatio"/> = 0). Fed the same batches from the same initial centres with
/// ReassignmentRatio = 0 it reproduces sklearn to rounding — that is how the fixtures test it, because sklearn's
/// batch sampling uses NumPy's stream.
/// </para>
/// <para>
/// <c>Fit</c> draws batches of <see cref="BatchSize"/> rows with replacement for MaxIter·n/BatchSize steps,
/// stopping early like sklearn's <c>_mini_batch_convergence</c>: when the squared centre change ≤ tol·mean variance
/// (tol &gt; 0), or when the exponentially weighted batch inertia has not improved for
/// <see cref="MaxNoImprovement"/> steps. Seeding picks, of <see cref="NInit"/> k-means++ runs on a random subset of
/// 3·BatchSize rows, the one with the lowest inertia on that subset (sklearn's <c>init_size</c> rule).
/// </para>
/// <para>
/// <b>Sample weights</b> (<c>fit(X, sample_weight=w)</c> and <c>partial_fit</c>, sklearn 1.2.1 semantics): the
/// counts become weight sums, n_j = Σ wᵢ over all points centre j has absorbed, and the update is the running weighted
/// mean c_j ← (n_j·c_j + Σ_{batch→j} wᵢxᵢ) / (n_j + Σ_{batch→j} wᵢ); a centre whose batch members weigh 0 in total
/// does not move. The batch inertia Σ wᵢ‖xᵢ − c‖² (still divided by the batch size, not by Σw, for the smoothed
/// early-stopping inertia), the choice among the seedings (weighted inertia on the init subset), the re-seeding rule
/// (weighted count &lt; ratio·max weighted count, and any weighted count 0) and the final <see cref="Inertia"/> are
/// weighted. Left unweighted, as in sklearn 1.2: the rows of the batches and of the init subset (uniform draws), the
/// k-means++/random seeding itself, the rows that re-seeded centres move to, and the tolerance scale. Integer weights
/// therefore equal repeated rows only where no draw depends on n — <see cref="PartialFit(Tensor, Tensor?)"/> from the
/// same <see cref="InitCenters"/> with <see cref="ReassignmentRatio"/> = 0.
/// </para>
/// </remarks>
public sealed class MiniBatchKMeans : Estimator<MiniBatchKMeans>, ITransformer
{
    private double[] centers = [], counts = [];
    private long[] labels = [];
    private double inertia;
    private int nSteps, nIter, sinceReassign;
    private Generator? rng;

    /// <summary>Creates the estimator.</summary>
    /// <param name="nClusters">Number of clusters (<c>n_clusters</c>).</param>
    /// <param name="init"><see cref="KMeansInit.KMeansPlusPlus"/> or <see cref="KMeansInit.Random"/> (<c>init</c>).</param>
    /// <param name="initCenters">Explicit initial centres [k, n_features] (sklearn's array <c>init</c>).</param>
    /// <param name="maxIter">Passes over the data (<c>max_iter</c>).</param>
    /// <param name="batchSize">Rows per step (<c>batch_size</c>).</param>
    /// <param name="tol">Relative tolerance on the squared centre change; 0 disables it (<c>tol</c>).</param>
    /// <param name="maxNoImprovement">Steps without a better smoothed inertia before stopping (<c>max_no_improvement</c>).</param>
    /// <param name="nInit">Seedings tried on the init subset (<c>n_init</c>; 3 in sklearn 1.2).</param>
    /// <param name="reassignmentRatio">Centres with count &lt; ratio·max count are re-seeded (<c>reassignment_ratio</c>).</param>
    /// <param name="randomState">Seed; null draws one from <see cref="Generator.Default"/> (<c>random_state</c>).</param>
    public MiniBatchKMeans(int nClusters = 8, KMeansInit init = KMeansInit.KMeansPlusPlus, Tensor? initCenters = null, int maxIter = 100, int batchSize = 1024,
        double tol = 0.0, int maxNoImprovement = 10, int nInit = 3, double reassignmentRatio = 0.01, int? randomState = null)
    {
        NClusters = nClusters; Init = init; InitCenters = initCenters; MaxIter = maxIter; BatchSize = batchSize; Tol = tol;
        MaxNoImprovement = maxNoImprovement; NInit = nInit; ReassignmentRatio = reassignmentRatio; RandomState = randomState;
    }

    /// <summary>Number of clusters (<c>n_clusters</c>).</summary>
    public int NClusters { get; }
    /// <summary>Seeding method (<c>init</c>).</summary>
    public KMeansInit Init { get; }
    /// <summary>Explicit initial centres or null.</summary>
    public Tensor? InitCenters { get; }
    /// <summary>Passes over the data (<c>max_iter</c>).</summary>
    public int MaxIter { get; }
    /// <summary>Rows per step (<c>batch_size</c>).</summary>
    public int BatchSize { get; }
    /// <summary>Relative tolerance (<c>tol</c>).</summary>
    public double Tol { get; }
    /// <summary>Early-stopping patience (<c>max_no_improvement</c>).</summary>
    public int MaxNoImprovement { get; }
    /// <summary>Seedings (<c>n_init</c>).</summary>
    public int NInit { get; }
    /// <summary>Re-seeding threshold (<c>reassignment_ratio</c>).</summary>
    public double ReassignmentRatio { get; }
    /// <summary>Seed (<c>random_state</c>).</summary>
    public int? RandomState { get; }

    /// <summary>Centres [k, n_features] (<c>cluster_centers_</c>).</summary>
    public Tensor ClusterCenters => Input.Matrix(Learned(centers, nameof(ClusterCenters)), NClusters, centers.Length / NClusters);
    /// <summary>Points absorbed by each centre so far, Σ wᵢ with sample weights (sklearn's private <c>_counts</c>).</summary>
    public Tensor Counts => Input.Vector(Learned(counts, nameof(Counts)));
    /// <summary>Labels of the data of the last Fit (all rows) or PartialFit (that batch) (<c>labels_</c>).</summary>
    public Tensor Labels => Tensor.FromArray(Learned(labels, nameof(Labels)), [labels.Length]);
    /// <summary>(Weighted) inertia of those rows (<c>inertia_</c>).</summary>
    public double Inertia => Learned(inertia, nameof(Inertia));
    /// <summary>Mini-batch steps taken (<c>n_steps_</c>).</summary>
    public int NSteps => Learned(nSteps, nameof(NSteps));
    /// <summary>Passes over the data, fractional steps rounded up (<c>n_iter_</c>).</summary>
    public int NIter => Learned(nIter, nameof(NIter));

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(NClusters), Is.Int(min: 1) },
        { nameof(Init), Is.Defined<KMeansInit>() },
        { nameof(MaxIter), Is.Int(min: 1) },
        { nameof(BatchSize), Is.Int(min: 1) },
        { nameof(Tol), Is.Real(0) },
        { nameof(MaxNoImprovement), Is.Int(min: 0) },
        { nameof(NInit), Is.Int(min: 1) },
        { nameof(ReassignmentRatio), Is.Real(0) },
    };

    /// <inheritdoc/>
    /// <remarks>The explicit centres must have <see cref="NClusters"/> rows: a check relating two parameters.</remarks>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (InitCenters is not null && (InitCenters.NDim != 2 || InitCenters.Shape[0] != NClusters))
            OutOfRange(nameof(InitCenters), ShapeUtil.Format(InitCenters.ShapeArray), $"a [{NClusters}, n_features] matrix");
    }

    private double[] Seed(double[] x, int n, int d, Generator g)
    {
        if (InitCenters is not null)
        {
            if (InitCenters.Shape[1] != d) OutOfRange(nameof(InitCenters), ShapeUtil.Format(InitCenters.ShapeArray), $"a [{NClusters}, {d}] matrix");
            return Input.Raw(InitCenters).ToArray();
        }
        return Init == KMeansInit.Random ? KMeansMath.RandomRows(x, n, d, NClusters, g)
            : KMeansMath.KMeansPlusPlus(x, n, d, NClusters, KMeansMath.RowSquaredNorms(x, n, d), g);
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], d = x.Shape[1], k = NClusters;
        if (n < k) throw new ArgumentException($"MiniBatchKMeans.Fit: n_samples={n} should be ≥ n_clusters={k}");
        var a = Input.Raw(x);
        var w = SampleWeight;
        rng = new Generator(RandomState is int s ? (ulong)s : Generator.Default.NextUInt64());
        int bs = Math.Min(BatchSize, n);
        double tol = KMeansMath.ScaledTolerance(a, n, d, Tol);
        // seed on a random subset of 3·batch rows; keep the seeding with the lowest inertia there
        int initSize = Math.Min(n, Math.Max(3 * bs, k));
        var subRows = Enumerable.Range(0, initSize).Select(_ => rng.NextInt(n)).ToArray();
        var sub = Gather(a, d, subRows);
        var subW = w is null ? null : Gather(w, 1, subRows);
        double best = double.PositiveInfinity;
        for (int r = 0; r < (InitCenters is null ? NInit : 1); r++)
        {
            var c = Seed(sub, initSize, d, rng);
            var lab = new int[initSize];
            KMeansMath.Assign(lab, sub, initSize, d, c, k);
            double inert = KMeansMath.Inertia(sub, initSize, d, c, lab, subW);
            if (inert < best) { best = inert; centers = c; }
        }
        counts = new double[k];
        sinceReassign = 0;
        int steps = (int)((long)MaxIter * n / bs);
        double? ewa = null, ewaMin = null;
        int noImprovement = 0, step = 0;
        var batch = new int[bs];
        for (; step < steps; step++)
        {
            for (int t = 0; t < bs; t++) batch[t] = rng.NextInt(n);
            var xb = Gather(a, d, batch);
            var old = centers.ToArray();
            double batchInertia = Step(xb, w is null ? null : Gather(w, 1, batch), bs, d) / bs;
            if (step == 0) continue; // the first step's inertia is that of the initial centres
            double alpha = Math.Min(1.0, bs * 2.0 / (n + 1));
            ewa = ewa is double e ? e * (1 - alpha) + batchInertia * alpha : batchInertia;
            if (tol > 0 && KMeansMath.SquaredDistance(centers, old) <= tol) { step++; break; }
            if (ewaMin is null || ewa < ewaMin) { noImprovement = 0; ewaMin = ewa; }
            else noImprovement++;
            if (MaxNoImprovement > 0 && noImprovement >= MaxNoImprovement) { step++; break; }
        }
        nSteps = step;
        nIter = (int)Math.Ceiling((double)step * bs / n);
        var all = new int[n];
        KMeansMath.Assign(all, a, n, d, centers, k);
        labels = Array.ConvertAll(all, v => (long)v);
        inertia = KMeansMath.Inertia(a, n, d, centers, all, w);
    }

    /// <summary>
    /// One step on the batch X [m, n_features] (<c>partial_fit</c>): seeds the centres on the first call, then
    /// assigns, updates and possibly re-seeds low-count centres; <see cref="Labels"/>/<see cref="Inertia"/> describe
    /// this batch afterwards.
    /// </summary>
    /// <param name="x">The batch [m, n_features].</param>
    /// <param name="sampleWeight">Weights [m] of the batch rows (finite, ≥ 0, positive sum), or null for all ones
    /// (<c>sample_weight</c>); see the remarks for where they enter.</param>
    public MiniBatchKMeans PartialFit(Tensor x, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var xm = AsMatrix(x, "X");
        int m = xm.Shape[0], d = xm.Shape[1], k = NClusters;
        var a = Input.Raw(xm);
        var w = sampleWeight is null ? null : CheckSampleWeight(sampleWeight, m, nameof(PartialFit));
        if (!IsFitted)
        {
            CheckParams();
            if (m < k) throw new ArgumentException($"MiniBatchKMeans.PartialFit: the first batch has {m} samples, fewer than n_clusters={k}");
            rng = new Generator(RandomState is int s ? (ulong)s : Generator.Default.NextUInt64());
            centers = Seed(a, m, d, rng);
            counts = new double[k];
            sinceReassign = 0;
            nSteps = 0;
            MarkFitted(d);
        }
        else CheckInput(xm, nameof(PartialFit));
        Step(a, w, m, d);
        nSteps++;
        var lab = new int[m];
        KMeansMath.Assign(lab, a, m, d, centers, k);
        labels = Array.ConvertAll(lab, v => (long)v);
        inertia = KMeansMath.Inertia(a, m, d, centers, lab, w);
        return this;
    }

    /// <summary>
    /// sklearn's <c>_mini_batch_step</c> + <c>_minibatch_update_dense</c> on the batch xb [m, d] with weights
    /// <paramref name="wb"/> (null: all ones); returns the batch inertia Σ wᵢ‖xᵢ − c‖² before the update.
    /// </summary>
    private double Step(double[] xb, double[]? wb, int m, int d)
    {
        int k = NClusters;
        // sklearn decides on re-seeding before the update (_random_reassign is evaluated as the call's argument)
        sinceReassign += m;
        bool reassign = counts.Any(v => v == 0) || sinceReassign >= 10 * k;
        if (reassign) sinceReassign = 0;
        var lab = new int[m];
        KMeansMath.Assign(lab, xb, m, d, centers, k);
        double inert = KMeansMath.Inertia(xb, m, d, centers, lab, wb);
        var add = new double[k];
        var sums = new double[k * d];
        for (int i = 0; i < m; i++)
        {
            var dst = sums.AsSpan(lab[i] * d, d);
            if (wb is null)
            {
                add[lab[i]] += 1;
                TensorPrimitives.Add(dst, xb.AsSpan(i * d, d), dst);
            }
            else
            {
                // wᵢ = 1 rounds exactly as the unweighted branch (x·1 + s is one rounding of x + s)
                add[lab[i]] += wb[i];
                TensorPrimitives.MultiplyAdd(xb.AsSpan(i * d, d), wb[i], dst, dst);
            }
        }
        for (int c = 0; c < k; c++)
        {
            if (add[c] == 0) continue; // no member, or members of total weight 0: the centre stays
            var cj = centers.AsSpan(c * d, d);
            // undo the count scaling, add the new members, renormalise by the new count
            TensorPrimitives.Multiply(cj, counts[c], cj);
            TensorPrimitives.Add(cj, sums.AsSpan(c * d, d), cj);
            counts[c] += add[c];
            TensorPrimitives.Multiply(cj, 1.0 / counts[c], cj);
        }
        if (reassign && ReassignmentRatio > 0) Reassign(xb, m, d);
        return inert;
    }

    /// <summary>Re-seeds centres whose count is below ratio·max from random batch rows (at most half the batch).</summary>
    private void Reassign(double[] xb, int m, int d)
    {
        int k = NClusters;
        double max = counts.Max();
        var to = Enumerable.Range(0, k).Where(c => counts[c] < ReassignmentRatio * max).ToList();
        if (to.Count > 0.5 * m)
            to = to.OrderBy(c => counts[c]).ThenBy(c => c).Take((int)(0.5 * m)).ToList();
        if (to.Count == 0) return;
        var idx = Enumerable.Range(0, m).ToArray();
        for (int t = 0; t < to.Count; t++)
        {
            int j = t + rng!.NextInt(m - t);
            (idx[t], idx[j]) = (idx[j], idx[t]);
            xb.AsSpan(idx[t] * d, d).CopyTo(centers.AsSpan(to[t] * d, d));
        }
        double minKept = Enumerable.Range(0, k).Where(c => !to.Contains(c)).Select(c => counts[c]).DefaultIfEmpty(0).Min();
        foreach (var c in to) counts[c] = minKept;
    }

    private static double[] Gather(double[] a, int d, int[] rows)
    {
        var r = new double[rows.Length * d];
        for (int i = 0; i < rows.Length; i++) a.AsSpan(rows[i] * d, d).CopyTo(r.AsSpan(i * d, d));
        return r;
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

    /// <summary>Euclidean distance of each row to each centre, [n_samples, k] (<c>transform</c>).</summary>
    public Tensor Transform(Tensor x)
    {
        var xm = CheckInput(x, nameof(Transform));
        int n = xm.Shape[0], d = xm.Shape[1];
        return Input.Matrix(KMeansMath.Distances(Input.Raw(xm), n, d, centers, NClusters), n, NClusters);
    }

    /// <inheritdoc/>
    public Tensor FitTransform(Tensor x, Tensor? y = null) => Fit(x, y).Transform(x);

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        state.Set("cluster_centers", Input.Vector(centers)); state.Set("counts", Input.Vector(counts));
        state.Set("labels", Tensor.FromArray(labels, [labels.Length])); state.Set("inertia", inertia);
        state.Set("n_steps", nSteps); state.Set("n_iter", nIter);
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        centers = state.GetVector("cluster_centers", checked(NClusters * state.NFeaturesIn), finite: true);
        counts = state.GetVector("counts", NClusters, finite: true);
        labels = state.GetLongs("labels", -1, 0, NClusters - 1); inertia = state.GetDouble("inertia");
        nSteps = state.GetInt("n_steps", 0); nIter = state.GetInt("n_iter", 0);
    }
}
