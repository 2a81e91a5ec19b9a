using Glassbox.ML;
using Glassbox.ML.Linear;
using Glassbox.ML.ModelSelection;
using Glassbox.ML.Preprocessing;
using Glassbox.ML.Tree;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The bias–variance trade-off made visible: validation curves over model capacity (polynomial degree on a noisy
/// sine; tree depth when trees are available), a learning curve, and regularisation paths of Lasso and Ridge on
/// the diabetes data, where L1 drives coefficients to exactly zero while L2 only shrinks them.
/// </summary>
/// <remarks>
/// Why the shapes differ: Lasso's coordinate update is a soft-threshold, w_j ← S(ρ_j, α)/z_j with
/// S(ρ, α) = sign(ρ)·max(|ρ| − α, 0), which is exactly 0 whenever |ρ_j| ≤ α; Ridge's solution
/// w = (XᵀX + αI)⁻¹Xᵀy scales each principal direction by s²/(s² + α), which is never 0 for finite α.
/// </remarks>
public static class BiasVariance
{
    /// <summary>n points of y = sin(2πx) + N(0, noise²), x uniform on [0, 1] (Bishop's running example).</summary>
    public static (Tensor X, Tensor Y) NoisySine(int n, double noise, ulong seed)
    {
        var g = new Generator(seed);
        var x = new double[n]; var y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = g.NextDouble(); y[i] = Math.Sin(2 * Math.PI * x[i]) + noise * g.NextNormal(); }
        return (Tensor.FromArray(x, n, 1), Tensor.FromArray(y));
    }

    /// <summary>Mean train and validation MSE (5-fold) for polynomial regression of each degree.</summary>
    public static (int[] Degrees, double[] TrainMse, double[] ValidationMse) PolynomialDegreeCurve(Tensor x, Tensor y, int maxDegree, ulong seed)
    {
        var degrees = Enumerable.Range(1, maxDegree).ToArray();
        var pipe = new Pipeline(("poly", new PolynomialFeatures(degree: 1, includeBias: false)), ("scale", new StandardScaler()), ("ols", new LinearRegression()));
        var (tr, te) = CrossValidation.ValidationCurve(pipe, x, y, "poly__Degree", degrees.Cast<object?>().ToArray(),
            new KFold(5, shuffle: true, seed: seed), Scorers.Get(Scoring.NegMeanSquaredError));
        return (degrees, RowMeans(tr).Select(v => -v).ToArray(), RowMeans(te).Select(v => -v).ToArray());
    }

    /// <summary>Mean train and validation MSE (5-fold) for regression trees of each maximum depth.</summary>
    public static (int[] Depths, double[] TrainMse, double[] ValidationMse) TreeDepthCurve(Tensor x, Tensor y, int maxDepth, ulong seed)
    {
        var depths = Enumerable.Range(1, maxDepth).ToArray();
        var (tr, te) = CrossValidation.ValidationCurve(new DecisionTreeRegressor(randomState: 0), x, y, "MaxDepth", depths.Cast<object?>().ToArray(),
            new KFold(5, shuffle: true, seed: seed), Scorers.Get(Scoring.NegMeanSquaredError));
        return (depths, RowMeans(tr).Select(v => -v).ToArray(), RowMeans(te).Select(v => -v).ToArray());
    }

    /// <summary>Coefficients along a path of regularisation strengths: rows = alphas, columns = features.</summary>
    public static double[,] LassoPath(Tensor x, Tensor y, double[] alphas) => Path(alphas, a => new Lasso(alpha: a, maxIter: 100000, tol: 1e-10).Fit(x, y).Coef);

    /// <summary>Ridge coefficients for each alpha: rows = alphas, columns = features.</summary>
    public static double[,] RidgePath(Tensor x, Tensor y, double[] alphas) => Path(alphas, a => new Ridge(alpha: a).Fit(x, y).Coef);

    /// <summary>
    /// The smallest α at which every Lasso coefficient is zero: α_max = max_j |x_jᵀ(y − ȳ)| / n (with centring, as the
    /// intercept is fitted); above it the soft-threshold kills every coordinate.
    /// </summary>
    public static double LassoAlphaMax(Tensor x, Tensor y)
    {
        int n = x.Size(0);
        var xc = x - x.Mean(0, keepDim: true);
        var yc = y - y.Mean();
        return xc.T.MatMul(yc).Abs().Max().Item() / n;
    }

    /// <summary>num values from hi down to lo, evenly spaced in log scale.</summary>
    public static double[] LogSpace(double hi, double lo, int num) =>
        Enumerable.Range(0, num).Select(i => Math.Pow(10, Math.Log10(hi) + (Math.Log10(lo) - Math.Log10(hi)) * i / (num - 1))).ToArray();

    private static double[,] Path(double[] alphas, Func<double, Tensor> coef)
    {
        double[,]? r = null;
        for (int i = 0; i < alphas.Length; i++)
        {
            var c = coef(alphas[i]).ToDoubleArray();
            r ??= new double[alphas.Length, c.Length];
            for (int j = 0; j < c.Length; j++) r[i, j] = c[j];
        }
        return r ?? new double[0, 0];
    }

    private static double[] RowMeans(double[,] m)
    {
        var r = new double[m.GetLength(0)];
        for (int i = 0; i < r.Length; i++) { for (int j = 0; j < m.GetLength(1); j++) r[i] += m[i, j]; r[i] /= m.GetLength(1); }
        return r;
    }
}
