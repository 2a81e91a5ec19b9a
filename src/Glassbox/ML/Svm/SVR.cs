using Glassbox.ML.Options;

namespace Glassbox.ML.Svm;

/// <summary>
/// ε-support vector regression (<c>sklearn.svm.SVR</c>, libsvm's ε-SVR): the dual over α⁺, α⁻ ∈ [0, C]
/// min ½(α⁺ − α⁻)ᵀK(α⁺ − α⁻) + ε·1ᵀ(α⁺ + α⁻) − yᵀ(α⁺ − α⁻) s.t. 1ᵀ(α⁺ − α⁻) = 0, solved by <see cref="SmoSolver"/>
/// as one 2l-variable problem; prediction f(x) = Σᵢ (αᵢ⁺ − αᵢ⁻)K(xᵢ, x) − ρ.
/// </summary>
/// <remarks>
/// Support vectors are the rows with αᵢ⁺ − αᵢ⁻ ≠ 0, in training order; <see cref="DualCoef"/> [1, n_SV] holds
/// those differences and <see cref="Intercept"/> = −ρ (sklearn's layout).
/// <para>
/// <b>Sample weights</b> (<c>fit(X, y, sample_weight)</c>, sklearn's patched libsvm): both αᵢ⁺ and αᵢ⁻ get the box
/// [0, C·wᵢ], i.e. sample i's ε-insensitive loss counts wᵢ times. Rows of weight 0 are removed before training
/// (libsvm's <c>remove_zero_weight</c>); <see cref="Support"/> still indexes the original rows (sklearn 1.2 numbers
/// <c>support_</c> among the rows of positive weight only, its issue #25380), and γ = "scale" is
/// computed from all rows.
/// </para>
/// </remarks>
public sealed class SVR : Regressor<SVR>
{
    private double[] sv = [], coef = [], svNorms = [];
    private long[] support = [];
    private double rho, gamma;
    private int nIter;

    /// <summary>Creates the estimator.</summary>
    /// <param name="kernel">The kernel (<c>kernel</c>, see <see cref="Svm.Kernel"/>).</param>
    /// <param name="degree">Polynomial degree (<c>degree</c>).</param>
    /// <param name="gamma">γ of the poly, rbf and sigmoid kernels: <see cref="Svm.Gamma.Scale"/>, <see cref="Svm.Gamma.Auto"/>
    /// or a number ≥ 0; null is <see cref="Svm.Gamma.Scale"/> (<c>gamma</c>).</param>
    /// <param name="coef0">Independent term of poly/sigmoid (<c>coef0</c>).</param>
    /// <param name="tol">Stopping tolerance (<c>tol</c>).</param>
    /// <param name="c">Box constraint C &gt; 0 (<c>C</c>).</param>
    /// <param name="epsilon">Half-width ε ≥ 0 of the insensitive tube (<c>epsilon</c>).</param>
    /// <param name="shrinking">libsvm's shrinking heuristic (<c>shrinking</c>).</param>
    /// <param name="cacheSize">Kernel cache in MB (<c>cache_size</c>).</param>
    /// <param name="maxIter">Iteration cap, −1 for libsvm's own (<c>max_iter</c>).</param>
    public SVR(Kernel kernel = Kernel.Rbf, int degree = 3, Gamma? gamma = null, double coef0 = 0.0, double tol = 1e-3, double c = 1.0,
        double epsilon = 0.1, bool shrinking = true, double cacheSize = 200, int maxIter = -1)
    {
        Kernel = kernel; Degree = degree; Gamma = gamma ?? Gamma.Scale; Coef0 = coef0; Tol = tol; C = c; Epsilon = epsilon; Shrinking = shrinking;
        CacheSize = cacheSize; MaxIter = maxIter;
    }

    /// <summary>Kernel name (<c>kernel</c>).</summary>
    public Kernel Kernel { get; }
    /// <summary>Polynomial degree (<c>degree</c>).</summary>
    public int Degree { get; }
    /// <summary>Kernel coefficient rule or value (<c>gamma</c>).</summary>
    public Gamma Gamma { get; }
    /// <summary>Independent kernel term (<c>coef0</c>).</summary>
    public double Coef0 { get; }
    /// <summary>Stopping tolerance (<c>tol</c>).</summary>
    public double Tol { get; }
    /// <summary>Box constraint (<c>C</c>).</summary>
    public double C { get; }
    /// <summary>Tube half-width (<c>epsilon</c>).</summary>
    public double Epsilon { get; }
    /// <summary>Shrinking on/off (<c>shrinking</c>).</summary>
    public bool Shrinking { get; }
    /// <summary>Cache size in MB (<c>cache_size</c>).</summary>
    public double CacheSize { get; }
    /// <summary>Iteration cap (<c>max_iter</c>).</summary>
    public int MaxIter { get; }

    /// <summary>Support vectors [n_SV, n_features] (<c>support_vectors_</c>).</summary>
    public Tensor SupportVectors => Input.Matrix(Learned(sv, nameof(SupportVectors)), support.Length, support.Length == 0 ? 0 : sv.Length / support.Length);
    /// <summary>Training-row indices of the support vectors (<c>support_</c>).</summary>
    public Tensor Support => Tensor.FromArray(Learned(support, nameof(Support)), [support.Length]);
    /// <summary>Number of support vectors, int64 [1] (<c>n_support_</c>).</summary>
    public Tensor NSupport => Tensor.FromArray(new[] { (long)Learned(support, nameof(NSupport)).Length }, [1]);
    /// <summary>αᵢ⁺ − αᵢ⁻ of the support vectors, [1, n_SV] (<c>dual_coef_</c>).</summary>
    public Tensor DualCoef => Input.Matrix(Learned(coef, nameof(DualCoef)), 1, coef.Length);
    /// <summary>−ρ, [1] (<c>intercept_</c>).</summary>
    public Tensor Intercept => Input.Vector([-Learned(rho, nameof(Intercept))]);
    /// <summary>The γ used (<c>_gamma</c>).</summary>
    public double GammaFitted => Learned(gamma, nameof(GammaFitted));
    /// <summary>SMO iterations (<c>n_iter_</c>).</summary>
    public int NIter => Learned(nIter, nameof(NIter));

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <summary>The kernel entries shared with <see cref="SVC"/>, then ε.</summary>
    protected override ParamTable Constraints
    {
        get
        {
            var table = SvmParams.Shared();
            table.Add(nameof(Epsilon), Is.Real(0));
            return table;
        }
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], d = x.Shape[1];
        var t = Input.Targets(y, n, nameof(SVR));
        var a = Input.Raw(x);
        gamma = Gamma.Resolve(a, d);
        var kern = new SvmKernel(Kernel, Degree, gamma, Coef0);
        // rows of weight 0 leave the problem (libsvm's remove_zero_weight); rows[i] is the training row of variable i
        var w = SampleWeight;
        int[]? rows = null;
        if (w is not null && w.Any(v => v <= 0))
        {
            rows = Enumerable.Range(0, n).Where(i => w[i] > 0).ToArray();
            var sub = new double[rows.Length * d];
            for (int i = 0; i < rows.Length; i++) a.AsSpan(rows[i] * d, d).CopyTo(sub.AsSpan(i * d, d));
            a = sub;
        }
        int m = rows?.Length ?? n;
        // libsvm's solve_epsilon_svr: variables α⁺ (y = +1, p = ε − t) then α⁻ (y = −1, p = ε + t)
        var alpha2 = new double[2 * m];
        var lin = new double[2 * m];
        var ys = new sbyte[2 * m];
        var cs = w is null ? null : new double[2 * m];
        for (int i = 0; i < m; i++)
        {
            int src = rows?[i] ?? i;
            lin[i] = Epsilon - t[src]; ys[i] = 1;
            lin[i + m] = Epsilon + t[src]; ys[i + m] = -1;
            if (cs is not null) cs[i] = cs[i + m] = C * w![src];
        }
        var s = SmoSolver.Solve(new SvrQ(a, m, d, kern, CacheSize), lin, ys, alpha2, C, C, Tol, Shrinking, MaxIter, cs);
        rho = s.Rho;
        nIter = s.Iterations;
        var sup = new List<long>();
        var cf = new List<double>();
        var svRows = new List<int>();
        for (int i = 0; i < m; i++)
        {
            double v = alpha2[i] - alpha2[i + m];
            if (v != 0) { sup.Add(rows?[i] ?? i); svRows.Add(i); cf.Add(v); }
        }
        support = sup.ToArray();
        coef = cf.ToArray();
        sv = new double[support.Length * d];
        for (int q = 0; q < support.Length; q++) a.AsSpan(svRows[q] * d, d).CopyTo(sv.AsSpan(q * d, d));
        svNorms = SvmKernel.SquaredNorms(sv, support.Length, d);
    }

    /// <summary>f(x) = Σ coef·K(sv, x) − ρ, [n_samples] (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        int n = xm.Shape[0], d = xm.Shape[1], m = support.Length;
        var xa = Input.Raw(xm);
        var kv = new SvmKernel(Kernel, Degree, gamma, Coef0).Matrix(xa, n, SvmKernel.SquaredNorms(xa, n, d), sv, m, svNorms, d);
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int q = 0; q < m; q++) sum += coef[q] * kv[i * m + q];
            r[i] = sum - rho;
        }
        return Input.Vector(r);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        state.Set("support_vectors", Input.Vector(sv)); state.Set("dual_coef", Input.Vector(coef));
        state.Set("support", Tensor.FromArray(support, [support.Length])); state.Set("rho", rho); state.Set("gamma", gamma); state.Set("n_iter", nIter);
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        int p = state.NFeaturesIn;
        support = state.GetLongs("support", -1, 0, int.MaxValue);
        int nSv = support.Length;
        sv = state.GetVector("support_vectors", checked(nSv * p), finite: true); coef = state.GetVector("dual_coef", nSv, finite: true);
        rho = state.GetDouble("rho", finite: true); gamma = state.GetDouble("gamma", finite: true); nIter = state.GetInt("n_iter", 0);
        if (!(gamma > 0)) throw state.Invalid("gamma", $"expected > 0, got {gamma}");
        svNorms = SvmKernel.SquaredNorms(sv, nSv, p);
    }
}
