namespace Glassbox.ML;

/// <summary>Base of the transformers (<c>TransformerMixin</c>): <see cref="FitTransform"/> = Fit, then Transform.</summary>
public abstract class Transformer<TSelf> : Estimator<TSelf>, ITransformer where TSelf : Transformer<TSelf>
{
    /// <inheritdoc/>
    public abstract Tensor Transform(Tensor x);

    /// <inheritdoc/>
    public Tensor FitTransform(Tensor x, Tensor? y = null) => Fit(x, y).Transform(x);

    /// <summary>Applies <paramref name="f"/>(value, column) to every entry of a checked X, returning a same-shape float64 tensor.</summary>
    protected Tensor MapColumns(Tensor x, string member, Func<double, int, double> f)
    {
        var xm = CheckInput(x, member);
        int n = xm.Shape[0], p = xm.Shape[1];
        var a = Input.Raw(xm);
        var r = new double[a.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) r[i * p + j] = f(a[i * p + j], j);
        return Input.Matrix(r, n, p);
    }

    /// <summary>Column j of the row-major n×p array.</summary>
    protected static double[] Column(double[] a, int n, int p, int j)
    {
        var c = new double[n];
        for (int i = 0; i < n; i++) c[i] = a[i * p + j];
        return c;
    }

    /// <summary>sklearn's <c>_handle_zeros_in_scale</c>: scales below 10·ε (constant features) become 1, so they pass through.</summary>
    protected static double SafeScale(double s) => s < 10 * 2.220446049250313e-16 ? 1.0 : s;
}
