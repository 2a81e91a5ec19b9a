using Glassbox.LinearAlgebra;
using Glassbox.ML.Options;

namespace Glassbox.ML.Decomposition;

/// <summary>
/// Principal component analysis (<c>sklearn.decomposition.PCA</c>): the centred data X̃ = X − 1μᵀ is factored as
/// X̃ = U·S·Vᵀ; the rows of Vᵀ are the principal axes, S²/(n−1) the variances along them.
/// </summary>
/// <remarks>
/// <para><b>Solvers</b> (<see cref="SvdSolver"/>):</para>
/// <list type="bullet">
/// <item>"full" — exact thin SVD of X̃ by one-sided Jacobi (QR-preconditioned when tall; the library's
/// <see cref="LinearAlgebra.Svd"/>): every singular value to high relative accuracy. The reference; O(n·f²) but with a large constant, so for small/medium data.</item>
/// <item>"covariance_eigh" — eigendecomposition of the Gram matrix G = X̃ᵀX̃ (f×f; or X̃X̃ᵀ when n &lt; f) by
/// Householder tridiagonalisation + implicit QL (the library's <see cref="LinearAlgebra.SymmetricEigen"/>; sklearn
/// ≥ 1.5 has the same solver). One blocked pass over the
/// data (n·f² flops) plus O(f³). Trade-off: squaring X̃ squares its condition number, so a singular value σ_i is
/// only accurate to about ε·σ_1²/σ_i in absolute terms — leading components and explained variances agree with the
/// SVD to ~1e-12 relative, tiny trailing singular values do not.</item>
/// <item>"randomized" — Halko et al. on G: G^(q+1)·Ω with a seeded Gaussian Ω of k + <see cref="NOversamples"/>
/// columns, q = <see cref="IteratedPower"/> (sklearn's "auto": 7 when k &lt; 0.1·min(n, f), else 4), then
/// Rayleigh–Ritz. After the one pass that forms G, every power iteration costs O(f²·l) instead of sklearn's
/// O(n·f·l), which is why this is the fast path for tall data (60k×784 → 784×784).</item>
/// <item>"auto" — sklearn 1.2's rule: "randomized" when max(n, f) &gt; 500 and 1 ≤ k &lt; 0.8·min(n, f), else
/// "full".</item>
/// </list>
/// <para><b>Sign</b>: sklearn 1.2's <c>svd_flip</c> (u-based): each column of U is flipped so that its entry of
/// largest magnitude is positive, and the matching row of Vᵀ with it — deterministic output across solvers.</para>
/// <para><b>n_components</b>: null keeps min(n, f); a whole number k keeps k; a value in (0, 1) keeps the fewest
/// components whose explained-variance ratio sums past it (solver "full"/"covariance_eigh" only, as in sklearn).</para>
/// </remarks>
public sealed partial class PCA : Estimator<PCA>, IInverseTransformer
{
    private double[] components = [], explainedVariance = [], explainedVarianceRatio = [], singularValues = [], mean = [];
    private double noiseVariance;
    private int nComponentsFitted, nSamples;

    /// <summary>Creates an unfitted PCA.</summary>
    /// <param name="nComponents">Components to keep: null = min(n, f); whole number k; or a fraction in (0, 1) of variance to explain (<c>n_components</c>).</param>
    /// <param name="whiten">Scale the projections to unit variance (<c>whiten</c>).</param>
    /// <param name="svdSolver">Auto, full, covariance_eigh or randomized (<c>svd_solver</c>).</param>
    /// <param name="iteratedPower">Power iterations of the randomized solver; null = sklearn's "auto" (<c>iterated_power</c>).</param>
    /// <param name="nOversamples">Extra random vectors of the randomized solver (<c>n_oversamples</c>).</param>
    /// <param name="randomState">Seed of the randomized solver's test matrix (<c>random_state</c>).</param>
    public PCA(double? nComponents = null, bool whiten = false, SvdSolver svdSolver = SvdSolver.Auto, int? iteratedPower = null,
        int nOversamples = 10, ulong randomState = 0)
    {
        NComponents = nComponents; Whiten = whiten; SvdSolver = svdSolver; IteratedPower = iteratedPower;
        NOversamples = nOversamples; RandomState = randomState;
    }

    /// <summary>Components to keep (<c>n_components</c>).</summary>
    public double? NComponents { get; }
    /// <summary>Whether projections are scaled to unit variance (<c>whiten</c>).</summary>
    public bool Whiten { get; }
    /// <summary>The solver (<c>svd_solver</c>).</summary>
    public SvdSolver SvdSolver { get; }
    /// <summary>Power iterations of the randomized solver (<c>iterated_power</c>); null = auto.</summary>
    public int? IteratedPower { get; }
    /// <summary>Oversampling of the randomized solver (<c>n_oversamples</c>).</summary>
    public int NOversamples { get; }
    /// <summary>Seed of the randomized solver (<c>random_state</c>).</summary>
    public ulong RandomState { get; }

    /// <summary>Principal axes, [k, f], rows of unit length sorted by explained variance (<c>components_</c>).</summary>
    public Tensor Components => Tensor.FromArray(Learned(components, nameof(Components)), nComponentsFitted, mean.Length);
    /// <summary>Variance along each axis, S²/(n−1), [k] (<c>explained_variance_</c>).</summary>
    public Tensor ExplainedVariance => Input.Vector(Learned(explainedVariance, nameof(ExplainedVariance)));
    /// <summary>Fraction of the total variance along each axis, [k] (<c>explained_variance_ratio_</c>).</summary>
    public Tensor ExplainedVarianceRatio => Input.Vector(Learned(explainedVarianceRatio, nameof(ExplainedVarianceRatio)));
    /// <summary>Singular values S of the centred data, [k] (<c>singular_values_</c>).</summary>
    public Tensor SingularValues => Input.Vector(Learned(singularValues, nameof(SingularValues)));
    /// <summary>Per-feature mean μ, [f] (<c>mean_</c>).</summary>
    public Tensor Mean => Input.Vector(Learned(mean, nameof(Mean)));
    /// <summary>Probabilistic-PCA noise variance: mean variance of the discarded directions (<c>noise_variance_</c>).</summary>
    public double NoiseVariance => Learned(noiseVariance, nameof(NoiseVariance));
    /// <summary>Number of components kept (<c>n_components_</c>).</summary>
    public int NComponentsFitted => Learned(nComponentsFitted, nameof(NComponentsFitted));
    /// <summary>Rows seen in Fit (<c>n_samples_</c>).</summary>
    public int NSamples => Learned(nSamples, nameof(NSamples));
    /// <summary>The solver Fit used after resolving <see cref="SvdSolver.Auto"/> (<c>_fit_svd_solver</c>); never Auto.</summary>
    public SvdSolver SvdSolverFitted { get => Learned(svdSolverFitted, nameof(SvdSolverFitted)); private set => svdSolverFitted = value; }
    private SvdSolver svdSolverFitted;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(NComponents), Is.Where<double>(k => (k > 0 && k < 1) || (k >= 0 && k == Math.Floor(k) && double.IsFinite(k)), "a whole number ≥ 0 or a fraction in (0, 1)").OrNull() },
        { nameof(SvdSolver), Is.Defined<SvdSolver>() },
        { nameof(IteratedPower), Is.Int(min: 0).OrNull() },
        { nameof(NOversamples), Is.Int(min: 1) },
    };

    /// <summary>Projections (X − μ)·Vᵀᵀ, divided by √explained_variance when whitening; [n, k] (<c>transform</c>).</summary>
    public Tensor Transform(Tensor x)
    {
        var xm = CheckInput(x, nameof(Transform));
        var xs = Input.Raw(xm);
        int n = xm.Shape[0], f = mean.Length, k = nComponentsFitted;
        var z = new double[n * k];
        DenseKernels.TimesTransposed(z, xs, n, f, mean, components, k);
        if (Whiten)
            for (int i = 0; i < n; i++)
                for (int c = 0; c < k; c++) z[i * k + c] /= Math.Sqrt(explainedVariance[c]);
        return Input.Matrix(z, n, k);
    }

    /// <summary>Fit, then <see cref="Transform"/> (<c>fit_transform</c>).</summary>
    public Tensor FitTransform(Tensor x, Tensor? y = null) => Fit(x, y).Transform(x);

    /// <summary>Back to feature space: Z·(√ev ⊙ V) + μ when whitening, else Z·V + μ; [n, f] (<c>inverse_transform</c>).</summary>
    public Tensor InverseTransform(Tensor z)
    {
        CheckFitted(nameof(InverseTransform));
        var zm = AsMatrix(z, "Z");
        int n = zm.Shape[0], k = nComponentsFitted, f = mean.Length;
        if (zm.Shape[1] != k)
            throw new ArgumentException($"PCA.InverseTransform: Z has {zm.Shape[1]} columns, but the model keeps {k} components");
        var zs = Input.Raw(zm);
        var w = (double[])components.Clone();
        if (Whiten)
            for (int c = 0; c < k; c++)
            {
                double sc = Math.Sqrt(explainedVariance[c]);
                for (int j = 0; j < f; j++) w[c * f + j] *= sc;
            }
        var xr = DenseKernels.MatMul(zs, n, k, w, f);
        for (int i = 0; i < n; i++) VectorOps.FusedAxpy(1, mean, xr.AsSpan(i * f, f));
        return Input.Matrix(xr, n, f);
    }
}
