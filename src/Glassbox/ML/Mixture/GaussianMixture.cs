using Glassbox.ML.Cluster;
using Glassbox.ML.Options;
using Glassbox.ML.Replay;

namespace Glassbox.ML.Mixture;

/// <summary>
/// Gaussian mixture model fitted by expectation–maximisation (<c>sklearn.mixture.GaussianMixture</c>):
/// p(x) = Σₖ πₖ N(x | μₖ, Σₖ).
/// </summary>
/// <remarks>
/// <para>
/// E-step: log rᵢₖ = log πₖ + log N(xᵢ | μₖ, Σₖ) − log Σⱼ πⱼ N(xᵢ | μⱼ, Σⱼ) (log-sum-exp). M-step: nₖ = Σᵢ rᵢₖ,
/// μₖ = Σᵢ rᵢₖxᵢ / nₖ, Σₖ from the weighted scatter plus <see cref="RegCovar"/>·I, πₖ = nₖ / Σnⱼ. The stopping rule
/// is sklearn's: |ΔL| &lt; <see cref="Tol"/> for the mean log-likelihood L = (1/n)Σᵢ log p(xᵢ) (the "lower bound").
/// </para>
/// <para>
/// Covariance types: "full" (one d×d matrix per component), "tied" (one shared d×d), "diag" (a variance vector
/// per component), "spherical" (one variance per component). Precisions are kept as Cholesky factors U with
/// Σ⁻¹ = UUᵀ (see <see cref="GaussianMath"/>), exactly as sklearn does, so log det Σ⁻¹ = 2Σ log Uⱼⱼ.
/// </para>
/// <para>
/// Initialisation: responsibilities from <see cref="InitParams"/> ("kmeans": one-hot labels of a one-run
/// <see cref="KMeans"/>; "random": normalised uniforms; "random_from_data": one-hot at k random rows) give the first
/// parameters, and any of <see cref="WeightsInit"/>, <see cref="MeansInit"/>, <see cref="PrecisionsInit"/> given
/// replace them (sklearn's <c>_initialize</c>). With all three given the run is fully determined and matches sklearn
/// to rounding. The random initialisations draw from NumPy's MT19937 <c>RandomState(random_state)</c> stream
/// (<see cref="SklearnRandom"/>) in sklearn's order — the stream is handed on to KMeans, uniforms are drawn
/// row by row, <c>random_from_data</c> takes <c>permutation(n)[:k]</c> — so a seeded fit starts where sklearn's does.
/// </para>
/// </remarks>
public sealed class GaussianMixture : Estimator<GaussianMixture>
{
    private double[] weights = [], means = [], covariances = [], precChol = [];
    private double[]? xSquared;
    private bool converged;
    private int nIter;
    private double lowerBound;

    /// <summary>Creates the estimator.</summary>
    /// <param name="nComponents">Number of components k ≥ 1 (<c>n_components</c>).</param>
    /// <param name="covarianceType">Full, tied, diagonal or spherical covariances (<c>covariance_type</c>).</param>
    /// <param name="tol">Convergence threshold on the change of the mean log-likelihood (<c>tol</c>).</param>
    /// <param name="regCovar">Non-negative ridge added to the covariance diagonals (<c>reg_covar</c>).</param>
    /// <param name="maxIter">EM iterations per initialisation (<c>max_iter</c>).</param>
    /// <param name="nInit">Initialisations; the best lower bound wins (<c>n_init</c>).</param>
    /// <param name="initParams">k-means labels, random responsibilities or random rows (<c>init_params</c>).</param>
    /// <param name="weightsInit">Initial weights [k] (<c>weights_init</c>).</param>
    /// <param name="meansInit">Initial means [k, d] (<c>means_init</c>).</param>
    /// <param name="precisionsInit">Initial precision matrices, shaped by the covariance type (<c>precisions_init</c>).</param>
    /// <param name="randomState">Seed, ≥ 0 (NumPy's <c>RandomState(seed)</c>); null draws one from <see cref="Generator.Default"/> (<c>random_state</c>).</param>
    public GaussianMixture(int nComponents = 1, CovarianceType covarianceType = CovarianceType.Full, double tol = 1e-3, double regCovar = 1e-6, int maxIter = 100,
        int nInit = 1, MixtureInit initParams = MixtureInit.KMeans, Tensor? weightsInit = null, Tensor? meansInit = null, Tensor? precisionsInit = null,
        int? randomState = null)
    {
        NComponents = nComponents; CovarianceType = covarianceType; Tol = tol; RegCovar = regCovar; MaxIter = maxIter; NInit = nInit;
        InitParams = initParams; WeightsInit = weightsInit; MeansInit = meansInit; PrecisionsInit = precisionsInit; RandomState = randomState;
    }

    /// <summary>Number of components (<c>n_components</c>).</summary>
    public int NComponents { get; }
    /// <summary>Covariance type (<c>covariance_type</c>).</summary>
    public CovarianceType CovarianceType { get; }
    /// <summary>Convergence threshold (<c>tol</c>).</summary>
    public double Tol { get; }
    /// <summary>Diagonal regulariser (<c>reg_covar</c>).</summary>
    public double RegCovar { get; }
    /// <summary>EM iteration cap (<c>max_iter</c>).</summary>
    public int MaxIter { get; }
    /// <summary>Number of initialisations (<c>n_init</c>).</summary>
    public int NInit { get; }
    /// <summary>Initialisation method (<c>init_params</c>).</summary>
    public MixtureInit InitParams { get; }
    /// <summary>Initial weights or null (<c>weights_init</c>).</summary>
    public Tensor? WeightsInit { get; }
    /// <summary>Initial means or null (<c>means_init</c>).</summary>
    public Tensor? MeansInit { get; }
    /// <summary>Initial precisions or null (<c>precisions_init</c>).</summary>
    public Tensor? PrecisionsInit { get; }
    /// <summary>Seed (<c>random_state</c>).</summary>
    public int? RandomState { get; }

    /// <summary>Mixture weights [k] (<c>weights_</c>).</summary>
    public Tensor Weights => Input.Vector(Learned(weights, nameof(Weights)));
    /// <summary>Component means [k, d] (<c>means_</c>).</summary>
    public Tensor Means => Input.Matrix(Learned(means, nameof(Means)), NComponents, means.Length / NComponents);
    /// <summary>Covariances, shaped by the covariance type (<c>covariances_</c>).</summary>
    public Tensor Covariances => Shaped(Learned(covariances, nameof(Covariances)));
    /// <summary>Cholesky factors U of the precisions, Σ⁻¹ = UUᵀ (<c>precisions_cholesky_</c>).</summary>
    public Tensor PrecisionsCholesky => Shaped(Learned(precChol, nameof(PrecisionsCholesky)));
    /// <summary>Precision matrices Σ⁻¹ = UUᵀ (<c>precisions_</c>).</summary>
    public Tensor Precisions => Shaped(PrecisionsOf(Learned(precChol, nameof(Precisions))));
    /// <summary>Whether the best run met the tolerance (<c>converged_</c>).</summary>
    public bool Converged => Learned(converged, nameof(Converged));
    /// <summary>EM iterations of the best run (<c>n_iter_</c>).</summary>
    public int NIter => Learned(nIter, nameof(NIter));
    /// <summary>Mean log-likelihood of the training data at the end of the best run (<c>lower_bound_</c>).</summary>
    public double LowerBound => Learned(lowerBound, nameof(LowerBound));

    private int D => means.Length / NComponents;

    private Tensor Shaped(double[] v)
    {
        int k = NComponents, d = D;
        return CovarianceType switch
        {
            CovarianceType.Full => Tensor.FromArray(v, k, d, d),
            CovarianceType.Tied => Tensor.FromArray(v, d, d),
            CovarianceType.Diag => Tensor.FromArray(v, k, d),
            _ => Tensor.FromArray(v, k),
        };
    }

    private double[] PrecisionsOf(double[] u)
    {
        if (CovarianceType is CovarianceType.Diag or CovarianceType.Spherical) return u.Select(t => t * t).ToArray();
        int d = D, m = CovarianceType == CovarianceType.Tied ? 1 : NComponents;
        var p = new double[u.Length];
        for (int c = 0; c < m; c++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++)
                {
                    double s = 0;
                    for (int t = 0; t < d; t++) s += u[c * d * d + a * d + t] * u[c * d * d + b * d + t];
                    p[c * d * d + a * d + b] = s;
                }
        return p;
    }

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(NComponents), Is.Int(min: 1) },
        { nameof(RandomState), Is.Seed.OrNull() },
        { nameof(CovarianceType), Is.Defined<CovarianceType>() },
        { nameof(Tol), Is.Real(0) },
        { nameof(RegCovar), Is.Real(0) },
        { nameof(MaxIter), Is.Int(min: 1) },
        { nameof(NInit), Is.Int(min: 1) },
        { nameof(InitParams), Is.Defined<MixtureInit>() },
    };

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], d = x.Shape[1], k = NComponents;
        if (n < k) throw new ArgumentException($"GaussianMixture.Fit: expected n_samples ≥ n_components, got n_components={k}, n_samples={n}");
        var a = Input.Raw(x);
        CheckInitShapes(k, d);
        // x² is constant across EM iterations; the diag/spherical M-step needs it every time
        xSquared = CovarianceType is CovarianceType.Diag or CovarianceType.Spherical ? GaussianMath.SquaredElements(a) : null;
        var rng = new SklearnRandom(Tree.Cart.SeedOf(RandomState));
        double best = double.NegativeInfinity;
        (double[] W, double[] M, double[] C, double[] U)? bestParams = null;
        int bestIter = 0;
        converged = false;
        for (int run = 0; run < NInit; run++)
        {
            Initialize(a, n, d, k, rng);
            double lb = double.NegativeInfinity;
            int it = 1;
            for (; it <= MaxIter; it++)
            {
                double prev = lb;
                var (lpn, logResp) = EStep(a, n, d);
                MStep(a, n, d, logResp);
                lb = lpn;
                if (Math.Abs(lb - prev) < Tol) { converged = true; break; }
            }
            if (it > MaxIter) it = MaxIter;
            if (lb > best || double.IsNegativeInfinity(best))
            {
                best = lb; bestIter = it;
                bestParams = (weights.ToArray(), means.ToArray(), covariances.ToArray(), precChol.ToArray());
            }
        }
        xSquared = null;
        (weights, means, covariances, precChol) = bestParams!.Value;
        nIter = bestIter;
        lowerBound = best;
    }

    private void CheckInitShapes(int k, int d)
    {
        if (WeightsInit is not null && !WeightsInit.ShapeArray.SequenceEqual([k]))
            OutOfRange(nameof(WeightsInit), ShapeUtil.Format(WeightsInit.ShapeArray), $"shape [{k}]");
        if (MeansInit is not null && !MeansInit.ShapeArray.SequenceEqual([k, d]))
            OutOfRange(nameof(MeansInit), ShapeUtil.Format(MeansInit.ShapeArray), $"shape [{k}, {d}]");
        if (PrecisionsInit is not null)
        {
            int[] want = CovarianceType switch { CovarianceType.Full => [k, d, d], CovarianceType.Tied => [d, d], CovarianceType.Diag => [k, d], _ => [k] };
            if (!PrecisionsInit.ShapeArray.SequenceEqual(want))
                OutOfRange(nameof(PrecisionsInit), ShapeUtil.Format(PrecisionsInit.ShapeArray), $"shape {ShapeUtil.Format(want)} for covariance type \"{SklearnNames.Of(CovarianceType)}\"");
        }
    }

    /// <summary>sklearn's <c>_initialize_parameters</c> + <c>_initialize</c>.</summary>
    private void Initialize(double[] x, int n, int d, int k, SklearnRandom rng)
    {
        var resp = new double[n * k];
        switch (InitParams)
        {
            case MixtureInit.KMeans:
            {
                var km = new KMeans(k, nInit: 1).FitWith(Input.Matrix(x, n, d), rng);
                var lab = km.Labels.ToArray<long>();
                for (int i = 0; i < n; i++) resp[i * k + (int)lab[i]] = 1;
                break;
            }
            case MixtureInit.Random:
                for (int i = 0; i < n; i++)
                {
                    double s = 0;
                    for (int c = 0; c < k; c++) { resp[i * k + c] = rng.RandomSample(); s += resp[i * k + c]; }
                    for (int c = 0; c < k; c++) resp[i * k + c] /= s;
                }
                break;
            default: // MixtureInit.RandomFromData (CheckParams has accepted the value)
            {
                // RandomState.choice(n, k, replace=False) is permutation(n)[:k]
                var idx = rng.Permutation(n);
                for (int c = 0; c < k; c++) resp[idx[c] * k + c] = 1;
                break;
            }
        }
        var (nk, mu, cov) = GaussianMath.Estimate(x, n, d, resp, k, RegCovar, CovarianceType, xSquared);
        weights = WeightsInit is null ? nk.Select(v => v / n).ToArray() : WeightsInit.ToDoubleArray();
        means = MeansInit is null ? mu : MeansInit.ToDoubleArray();
        if (PrecisionsInit is null)
        {
            covariances = cov;
            precChol = GaussianMath.PrecisionCholesky(cov, k, d, CovarianceType);
        }
        else
        {
            var p = PrecisionsInit.ToDoubleArray();
            if (CovarianceType is CovarianceType.Diag or CovarianceType.Spherical) precChol = p.Select(v => Math.Sqrt(v)).ToArray();
            else
            {
                // lower Cholesky of each given precision (sklearn: linalg.cholesky(prec, lower=True)); UUᵀ = Σ⁻¹ holds
                // for this factor too, so densities and log-determinants are unaffected by the different triangle
                precChol = p;
                for (int c = 0; c < (CovarianceType == CovarianceType.Tied ? 1 : k); c++)
                {
                    var l = p.AsSpan(c * d * d, d * d).ToArray();
                    if (!GaussianMath.Cholesky(l, d)) OutOfRange(nameof(PrecisionsInit), "not positive definite", "symmetric positive-definite matrices");
                    l.CopyTo(precChol.AsSpan(c * d * d, d * d));
                }
            }
            covariances = [];
        }
    }

    /// <summary>Weighted log densities log πₖ + log N(xᵢ | k), [n, k].</summary>
    private double[] WeightedLogProb(double[] x, int n, int d)
    {
        int k = NComponents;
        var lp = GaussianMath.LogGaussian(x, n, d, means, precChol, k, CovarianceType);
        var lw = weights.Select(v => Math.Log(v)).ToArray();
        for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) lp[i * k + c] += lw[c];
        return lp;
    }

    /// <summary>Row-wise log-sum-exp of [n, k] scores.</summary>
    private static double[] LogSumExp(double[] s, int n, int k)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            double m = double.NegativeInfinity;
            for (int c = 0; c < k; c++) m = Math.Max(m, s[i * k + c]);
            if (double.IsNegativeInfinity(m)) { r[i] = m; continue; }
            double t = 0;
            for (int c = 0; c < k; c++) t += Math.Exp(s[i * k + c] - m);
            r[i] = m + Math.Log(t);
        }
        return r;
    }

    /// <summary>E-step: (mean log p(xᵢ), log responsibilities [n, k]).</summary>
    private (double MeanLogProb, double[] LogResp) EStep(double[] x, int n, int d)
    {
        int k = NComponents;
        var w = WeightedLogProb(x, n, d);
        var norm = LogSumExp(w, n, k);
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += norm[i];
            for (int c = 0; c < k; c++) w[i * k + c] -= norm[i];
        }
        return (mean / n, w);
    }

    /// <summary>M-step from log responsibilities.</summary>
    private void MStep(double[] x, int n, int d, double[] logResp)
    {
        int k = NComponents;
        var resp = logResp.Select(v => Math.Exp(v)).ToArray();
        var (nk, mu, cov) = GaussianMath.Estimate(x, n, d, resp, k, RegCovar, CovarianceType, xSquared);
        double total = nk.Sum();
        weights = nk.Select(v => v / total).ToArray();
        means = mu;
        covariances = cov;
        precChol = GaussianMath.PrecisionCholesky(cov, k, d, CovarianceType);
    }

    private double[] CheckedRaw(Tensor x, string member, out int n)
    {
        var xm = CheckInput(x, member);
        n = xm.Shape[0];
        return Input.Raw(xm);
    }

    /// <summary>log p(xᵢ) for each row, [n_samples] (<c>score_samples</c>).</summary>
    public Tensor ScoreSamples(Tensor x)
    {
        var a = CheckedRaw(x, nameof(ScoreSamples), out int n);
        return Input.Vector(LogSumExp(WeightedLogProb(a, n, D), n, NComponents));
    }

    /// <summary>Mean log-likelihood (1/n)Σᵢ log p(xᵢ) (<c>score</c>).</summary>
    public double Score(Tensor x) => ScoreSamples(x).ToDoubleArray().Average();

    /// <summary>Posterior component probabilities rᵢₖ, [n_samples, k] (<c>predict_proba</c>).</summary>
    public Tensor PredictProba(Tensor x)
    {
        var a = CheckedRaw(x, nameof(PredictProba), out int n);
        var (_, lr) = EStep(a, n, D);
        return Input.Matrix(lr.Select(v => Math.Exp(v)).ToArray(), n, NComponents);
    }

    /// <summary>Most probable component of each row, int64 [n_samples] (<c>predict</c>; ties: the lowest index).</summary>
    public Tensor Predict(Tensor x)
    {
        var a = CheckedRaw(x, nameof(Predict), out int n);
        var w = WeightedLogProb(a, n, D);
        int k = NComponents;
        var r = new long[n];
        for (int i = 0; i < n; i++)
        {
            int b = 0;
            for (int c = 1; c < k; c++) if (w[i * k + c] > w[i * k + b]) b = c;
            r[i] = b;
        }
        return Tensor.FromArray(r, [n]);
    }

    /// <summary>Fit, then <see cref="Predict"/> on the same data (<c>fit_predict</c>).</summary>
    public Tensor FitPredict(Tensor x) => Fit(x).Predict(x);

    /// <summary>Bayesian information criterion −2·n·score + p·ln n, p the free parameter count (<c>bic</c>).</summary>
    public double Bic(Tensor x) => -2 * Score(x) * x.Shape[0] + GaussianMath.ParameterCount(NComponents, D, CovarianceType) * Math.Log(x.Shape[0]);

    /// <summary>Akaike information criterion −2·n·score + 2p (<c>aic</c>).</summary>
    public double Aic(Tensor x) => -2 * Score(x) * x.Shape[0] + 2 * GaussianMath.ParameterCount(NComponents, D, CovarianceType);

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        state.Set("weights", Input.Vector(weights)); state.Set("means", Input.Vector(means));
        state.Set("covariances", Input.Vector(covariances)); state.Set("precisions_cholesky", Input.Vector(precChol));
        state.Set("converged", converged ? 1 : 0); state.Set("n_iter", nIter); state.Set("lower_bound", lowerBound);
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        int k = NComponents, d = state.NFeaturesIn;
        int cov = CovarianceType switch
        {
            CovarianceType.Full => checked(k * d * d),
            CovarianceType.Tied => checked(d * d),
            CovarianceType.Diag => checked(k * d),
            _ => k, // spherical (CheckParams has accepted the type)
        };
        weights = state.GetVector("weights", k, finite: true); means = state.GetVector("means", checked(k * d), finite: true);
        covariances = state.GetVector("covariances", cov, finite: true); precChol = state.GetVector("precisions_cholesky", cov, finite: true);
        converged = state.GetInt("converged", 0, 1) != 0; nIter = state.GetInt("n_iter", 0); lowerBound = state.GetDouble("lower_bound");
    }
}
