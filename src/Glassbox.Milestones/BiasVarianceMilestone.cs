using System.Globalization;
using Glassbox.Data;
using Glassbox.Milestones.Recipes;
using Glassbox.Plotting;

namespace Glassbox.Milestones;

/// <summary>
/// <c>bias-variance</c>: validation curve over polynomial degree (underfit → sweet spot → overfit) and the Lasso and
/// Ridge coefficient paths on the diabetes data, as SVG and PNG plots. Passes when the validation curve is U-shaped,
/// Lasso zeroes coefficients and Ridge does not.
/// </summary>
public sealed class BiasVarianceMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "bias-variance";

    /// <inheritdoc/>
    public override string Title => "validation curve over model capacity; Lasso zeroes coefficients, Ridge only shrinks them";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var (x, y) = BiasVariance.NoisySine(20, 0.25, ctx.Seed + 3);
        var (deg, train, val) = BiasVariance.PolynomialDegreeCurve(x, y, 12, ctx.Seed + 3);
        var dx = deg.Select(d => (double)d).ToArray();
        Save(new LineChart { Title = "Validation curve: polynomial degree", XLabel = "degree", YLabel = "MSE (5-fold CV)", LogY = true }
            .Add("train", dx, train).Add("validation", dx, val), ctx.OutputDir, "validation_curve_degree");
        int best = deg[Array.IndexOf(val, val.Min())];
        var (xs, ys) = BiasVariance.NoisySine(200, 0.25, ctx.Seed + 4);
        var (depths, dtr, dval) = BiasVariance.TreeDepthCurve(xs, ys, 12, ctx.Seed + 4);
        var ddx = depths.Select(d => (double)d).ToArray();
        Save(new LineChart { Title = "Validation curve: tree depth", XLabel = "max_depth", YLabel = "MSE (5-fold CV)", LogY = true }
            .Add("train", ddx, dtr).Add("validation", ddx, dval), ctx.OutputDir, "validation_curve_tree_depth");
        int bestDepth = depths[Array.IndexOf(dval, dval.Min())];

        var (xd, yd) = BuiltinDatasets.LoadDiabetes();
        double amax = BiasVariance.LassoAlphaMax(xd, yd);
        var la = BiasVariance.LogSpace(amax * 1.001, amax * 1e-3, 40);
        var lasso = BiasVariance.LassoPath(xd, yd, la);
        var ra = BiasVariance.LogSpace(1e4, 1e-4, 40);
        var ridge = BiasVariance.RidgePath(xd, yd, ra);
        var names = BuiltinDatasets.LoadDiabetes().FeatureNames;
        var lc = new LineChart { Title = "Lasso path (diabetes)", XLabel = "alpha", YLabel = "coefficient", LogX = true };
        var rc = new LineChart { Title = "Ridge path (diabetes)", XLabel = "alpha", YLabel = "coefficient", LogX = true };
        for (int j = 0; j < lasso.GetLength(1); j++)
        {
            lc.Add(names[j], la, Enumerable.Range(0, la.Length).Select(i => lasso[i, j]).ToArray());
            rc.Add(names[j], ra, Enumerable.Range(0, ra.Length).Select(i => ridge[i, j]).ToArray());
        }
        Save(lc, ctx.OutputDir, "lasso_path");
        Save(rc, ctx.OutputDir, "ridge_path");

        int Zeros(double[,] m, int row) => Enumerable.Range(0, m.GetLength(1)).Count(j => m[row, j] == 0.0);
        int lassoMaxZeros = Enumerable.Range(0, la.Length).Max(i => Zeros(lasso, i));
        int ridgeZeros = Enumerable.Range(0, ra.Length).Sum(i => Zeros(ridge, i));
        bool uShaped = best > deg[0] && best < deg[^1] && val[0] > val.Min() && val[^1] > val.Min()
            && bestDepth > depths[0] && bestDepth < depths[^1];
        ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture, $"best degree {best} (validation MSE {val.Min():0.0000}); degree 1: {val[0]:0.0000}; degree 12: {val[^1]:0.00}"));
        return new MilestoneResult(Id, uShaped && lassoMaxZeros == 10 && ridgeZeros == 0, new Dictionary<string, object>
        {
            ["best_degree"] = best, ["best_tree_depth"] = bestDepth, ["validation_mse_tree_best"] = dval.Min(), ["validation_mse_tree_depth12"] = dval[^1], ["validation_mse_best"] = val.Min(), ["validation_mse_degree1"] = val[0], ["validation_mse_degree12"] = val[^1],
            ["lasso_max_zero_coefficients"] = lassoMaxZeros, ["ridge_zero_coefficients"] = ridgeZeros, ["plots"] = ctx.OutputDir,
        }, 0);
    }

    private static void Save(LineChart chart, string dir, string name)
    {
        chart.SaveSvg(Path.Combine(dir, name + ".svg"));
        chart.SavePng(Path.Combine(dir, name + ".png"));
    }
}
