namespace Glassbox.ML.Linear;

/// <summary>
/// Base of the linear regressors: ŷ = X·w + b with learned <see cref="Coef"/> w [n_features] and
/// <see cref="Intercept"/> b (sklearn's <c>LinearModel</c>).
/// </summary>
/// <remarks>
/// With an intercept, every subclass fits on centred data (sklearn's <c>_preprocess_data</c>): X_c = X − x̄,
/// y_c = y − ȳ, solve for w without intercept, then b = ȳ − x̄·w. Centring removes the (unpenalised) intercept
/// from the problem exactly and improves the conditioning of XᵀX.
/// </remarks>
public abstract class LinearModel<TSelf> : Regressor<TSelf> where TSelf : LinearModel<TSelf>
{
    private double[] coef = [];
    private double intercept;

    /// <summary>Weights w [n_features] (<c>coef_</c>).</summary>
    public Tensor Coef => Input.Vector(Learned(coef, nameof(Coef)));

    /// <summary>Bias b (<c>intercept_</c>); 0 when FitIntercept is false.</summary>
    public double Intercept => Learned(intercept, nameof(Intercept));

    /// <summary>ŷ = X·w + b, float64 [n_samples] (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        int n = xm.Shape[0], p = xm.Shape[1];
        var r = new double[n];
        DenseMath.Times(r, Input.Raw(xm), n, p, coef, intercept);
        return Input.Vector(r);
    }

    /// <summary>Stores the solution (called at the end of FitCore).</summary>
    protected void SetSolution(double[] w, double b) { coef = w; intercept = b; }

    /// <summary>x̄, ȳ and the centred copies (or zero means and uncentred copies when <paramref name="center"/> is false).</summary>
    internal static CenteredData Center(Tensor x, double[] y, bool center)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var raw = Input.Raw(x);
        if (!center) return new CenteredData((double[])raw.Clone(), (double[])y.Clone(), new double[p], 0, n, p);
        var xm = DenseMath.ColumnMeans(raw, n, p);
        double ym = y.Average();
        var yc = new double[n];
        for (int i = 0; i < n; i++) yc[i] = y[i] - ym;
        return new CenteredData(DenseMath.CenterColumns(raw, n, p, xm), yc, xm, ym, n, p);
    }

    /// <summary>Sets w and b = ȳ − x̄·w.</summary>
    internal void SetFromCentered(double[] w, CenteredData d) => SetSolution(w, d.YMean - DenseMath.Dot(d.XMean, w));

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        state.Set("coef", Input.Vector(coef));
        state.Set("intercept", intercept);
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        coef = state.GetTensor("coef").ToArray<double>();
        intercept = state.GetDouble("intercept");
    }
}

/// <summary>A regression problem after centring: X (row-major n×p), y, and the means removed.</summary>
internal sealed record CenteredData(double[] X, double[] Y, double[] XMean, double YMean, int N, int P);
