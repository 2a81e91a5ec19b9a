using Glassbox.Data;
using Glassbox.Milestones.Recipes;

namespace Glassbox.Tests.ML;

public class BiasVarianceTests
{
    [Fact]
    public void LassoZeroesCoefficientsWhileRidgeOnlyShrinks()
    {
        var (x, y) = BuiltinDatasets.LoadDiabetes();
        double amax = BiasVariance.LassoAlphaMax(x, y);
        // Start just above α_max: at α_max itself the arg-max feature sits exactly on the soft-threshold's kink, a tie
        // that rounding may break either way.
        var lassoAlphas = BiasVariance.LogSpace(amax * 1.001, amax * 1e-3, 12);
        var lasso = BiasVariance.LassoPath(x, y, lassoAlphas);
        int Zeros(double[,] m, int row) => Enumerable.Range(0, m.GetLength(1)).Count(j => m[row, j] == 0.0);
        Assert.Equal(10, Zeros(lasso, 0));                 // at α_max every coefficient is exactly zero
        Assert.True(Zeros(lasso, 0) > Zeros(lasso, 11));    // weaker penalty: features enter
        Assert.Contains(Enumerable.Range(1, 10), i => Zeros(lasso, i) is > 0 and < 10); // sparse but not empty models in between

        var ridgeAlphas = BiasVariance.LogSpace(1e4, 1e-4, 12);
        var ridge = BiasVariance.RidgePath(x, y, ridgeAlphas);
        double prevNorm = 0;
        for (int i = 0; i < ridgeAlphas.Length; i++)
        {
            Assert.Equal(0, Zeros(ridge, i));               // L2 never produces exact zeros
            double norm = Math.Sqrt(Enumerable.Range(0, 10).Sum(j => ridge[i, j] * ridge[i, j]));
            Assert.True(norm >= prevNorm, $"‖w‖ must grow as α falls (α={ridgeAlphas[i]})"); // shrinkage is monotone in α
            prevNorm = norm;
        }
    }

    [Fact]
    public void ValidationErrorIsUShapedInPolynomialDegree()
    {
        var (x, y) = BiasVariance.NoisySine(20, 0.25, seed: 3);
        var (deg, train, val) = BiasVariance.PolynomialDegreeCurve(x, y, 12, seed: 3);
        Assert.Equal(12, deg.Length);
        // least squares over nested feature sets: training error cannot rise with degree (1e-6 absolute covers the
        // rounding of the badly conditioned high-degree fits)
        for (int i = 1; i < train.Length; i++) Assert.True(train[i] <= train[i - 1] + 1e-6, $"train MSE rose at degree {deg[i]}");
        int best = Array.IndexOf(val, val.Min());
        Assert.InRange(deg[best], 3, 8);                    // underfit at degree 1, overfit at 12
        Assert.True(val[0] > 2 * val[best]);
        Assert.True(val[^1] > val[best]);
    }
}
