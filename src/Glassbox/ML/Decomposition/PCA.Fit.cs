using Glassbox.LinearAlgebra;
using Glassbox.ML.Options;

namespace Glassbox.ML.Decomposition;

public sealed partial class PCA
{
    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var xs = Input.Raw(x);
        int n = x.Shape[0], f = x.Shape[1], mn = Math.Min(n, f);
        mean = Linear.DenseMath.ColumnMeans(xs, n, f);
        bool fraction = NComponents is double fr && fr > 0 && fr < 1;
        int k = NComponents is null ? mn : fraction ? -1 : (int)NComponents.Value;
        var solver = SvdSolver;
        if (solver == SvdSolver.Auto)
            solver = Math.Max(n, f) <= 500 || fraction || !(k >= 1 && k < 0.8 * mn) ? SvdSolver.Full : SvdSolver.Randomized;
        SvdSolverFitted = solver;
        if (solver == SvdSolver.Randomized)
        {
            if (fraction) OutOfRange(nameof(NComponents), NComponents, "a whole number with svd_solver=\"randomized\"");
            if (k < 1 || k > mn) OutOfRange(nameof(NComponents), k, $"between 1 and min(n_samples, n_features) = {mn} with svd_solver=\"randomized\"");
        }
        else if (!fraction && k > mn)
            OutOfRange(nameof(NComponents), k, $"between 0 and min(n_samples, n_features) = {mn}");
        if (n < 2) throw new ArgumentException($"PCA.Fit: needs at least 2 samples to estimate variances, got {n}");

        // sigma2[r] = σ_r², vRows = right singular vectors (rows, length f), uRows = left ones when the route gives them
        double[] sigma2, vRows; double[]? uCols = null; double totalSq;
        if (solver == SvdSolver.Full)
        {
            // X̃ = U·diag(σ)·Vh by the shared QR-preconditioned one-sided Jacobi SVD; U is only needed (and for wide
            // data only produced cheaply) when n < f, where svd_flip reads it directly.
            var centred = Centred(xs, n, f);
            var sig = new double[mn];
            vRows = new double[mn * f];
            bool wantU = n < f;
            var u = wantU ? new double[n * mn] : [];
            Svd.Decompose(u, mn, sig, vRows, f, centred, f, n, f, computeU: wantU);
            if (wantU)
            {
                uCols = new double[mn * n]; // row c = column c of U
                for (int i = 0; i < n; i++)
                    for (int c = 0; c < mn; c++) uCols[c * n + i] = u[i * mn + c];
            }
            sigma2 = sig.Select(s => s * s).ToArray();
            totalSq = sigma2.Sum();
        }
        else
        {
            double[] g; int s;
            if (n >= f) { g = DenseKernels.CentredGram(xs, n, f, mean); s = f; }
            else { g = DenseKernels.CentredGram(CentredTransposed(xs, n, f), f, n, new double[n]); s = n; }
            totalSq = 0;
            for (int i = 0; i < s; i++) totalSq += g[i * s + i];
            double[] vals, vecs;
            if (solver == SvdSolver.CovarianceEigh) (vals, vecs) = SymmetricEigen.DecomposeDescending(g, s);
            else
            {
                int q = IteratedPower ?? (k < 0.1 * mn ? 7 : 4);
                (vals, vecs) = RandomizedEigen.TopK(g, s, k, NOversamples, q, RandomState);
            }
            sigma2 = vals.Select(v => Math.Max(v, 0)).ToArray();
            if (n >= f) vRows = vecs;
            else
            {
                uCols = vecs;
                vRows = VFromU(xs, n, f, vecs, sigma2.Select(Math.Sqrt).ToArray(), vals.Length);
            }
        }

        int avail = sigma2.Length;
        var ev = sigma2.Select(s2 => s2 / (n - 1)).ToArray();
        double totalVar = totalSq / (n - 1);
        var ratio = ev.Select(v => v / totalVar).ToArray();
        if (fraction)
        {
            // np.searchsorted(cumsum(ratio), fraction, side="right") + 1
            double cum = 0; int idx = 0;
            while (idx < ratio.Length && (cum + ratio[idx]) <= NComponents!.Value) { cum += ratio[idx]; idx++; }
            k = Math.Min(idx + 1, avail);
        }
        noiseVariance = k < mn
            ? (solver == SvdSolver.Randomized ? (totalVar - ev.Take(k).Sum()) / (mn - k) : ev.Skip(k).Average())
            : 0;
        nSamples = n; nComponentsFitted = k;
        explainedVariance = ev[..k]; explainedVarianceRatio = ratio[..k];
        singularValues = sigma2[..k].Select(Math.Sqrt).ToArray();
        components = vRows[..(k * f)];
        FlipSigns(xs, n, f, uCols, k);
    }

    /// <summary>
    /// sklearn 1.2 <c>svd_flip(U, Vt)</c>: make the largest-magnitude entry of each column of U positive (first one
    /// on ties). When the route has no U, its columns are X̃v_c/σ_c (only the sign and argmax matter, so σ is skipped).
    /// </summary>
    private void FlipSigns(double[] xs, int n, int f, double[]? uRows, int k)
    {
        if (k == 0) return;
        double[] u; // n×k, column c = U[:, c] up to a positive factor
        if (uRows is not null)
        {
            u = new double[n * k];
            for (int c = 0; c < k; c++)
                for (int i = 0; i < n; i++) u[i * k + c] = uRows[c * n + i];
        }
        else
        {
            u = new double[n * k];
            DenseKernels.TimesTransposed(u, xs, n, f, mean, components, k);
        }
        for (int c = 0; c < k; c++)
        {
            int best = 0; double bestAbs = -1;
            for (int i = 0; i < n; i++)
            {
                double a = Math.Abs(u[i * k + c]);
                if (a > bestAbs) { bestAbs = a; best = i; }
            }
            if (u[best * k + c] < 0)
                for (int j = 0; j < f; j++) components[c * f + j] = -components[c * f + j];
        }
    }

    /// <summary>X̃ as a new n×f array.</summary>
    private double[] Centred(double[] xs, int n, int f) => Linear.DenseMath.CenterColumns(xs, n, f, mean);

    /// <summary>X̃ᵀ as a new f×n array (each feature's centred column contiguous).</summary>
    private double[] CentredTransposed(double[] xs, int n, int f)
    {
        var t = new double[f * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < f; j++) t[j * n + i] = xs[i * f + j] - mean[j];
        return t;
    }

    /// <summary>V rows from U rows for wide data: v_c = X̃ᵀu_c/σ_c (zero for σ_c = 0).</summary>
    private double[] VFromU(double[] xs, int n, int f, double[] uRows, double[] sigma, int m)
    {
        var v = new double[m * f];
        var centred = Centred(xs, n, f);
        for (int c = 0; c < m; c++)
        {
            if (!(sigma[c] > 0)) continue;
            var vc = v.AsSpan(c * f, f);
            for (int i = 0; i < n; i++) VectorOps.FusedAxpy(uRows[c * n + i] / sigma[c], centred.AsSpan(i * f, f), vc);
        }
        return v;
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        int f = mean.Length;
        state.Set("components", Input.Matrix(components, nComponentsFitted, f));
        state.Set("explained_variance", Input.Vector(explainedVariance));
        state.Set("explained_variance_ratio", Input.Vector(explainedVarianceRatio));
        state.Set("singular_values", Input.Vector(singularValues));
        state.Set("mean", Input.Vector(mean));
        state.Set("noise_variance", noiseVariance);
        state.Set("n_components", nComponentsFitted);
        state.Set("n_samples", nSamples);
        state.Set("fit_svd_solver", SklearnNames.Of(SvdSolverFitted));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        int f = state.NFeaturesIn;
        nComponentsFitted = state.GetInt("n_components", 0, f);
        int k = nComponentsFitted;
        components = state.GetMatrix("components", k, f, finite: true);
        explainedVariance = state.GetVector("explained_variance", k, finite: true);
        explainedVarianceRatio = state.GetVector("explained_variance_ratio", k, finite: true);
        singularValues = state.GetVector("singular_values", k, finite: true);
        mean = state.GetVector("mean", f, finite: true);
        noiseVariance = state.GetDouble("noise_variance", finite: true);
        nSamples = state.GetInt("n_samples", 1);
        string solver = state.GetString("fit_svd_solver");
        SvdSolverFitted = SklearnNames.TryParse(typeof(SvdSolver), solver, out var s) && (SvdSolver)s != SvdSolver.Auto ? (SvdSolver)s
            : throw state.Invalid("fit_svd_solver", $"expected \"full\", \"covariance_eigh\" or \"randomized\", got \"{solver}\"");
    }
}
