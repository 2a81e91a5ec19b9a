using Glassbox.Data;

namespace Glassbox.Tests.Data;

/// <summary>
/// The embedded sklearn toy datasets against scikit-learn 1.2.1's own loaders. Reference numbers were printed with
/// <c>/usr/bin/python3 -c "from sklearn import datasets as d; b = d.load_NAME(); print(b.data.shape, b.data[i].tolist(),
/// b.target[:5].tolist(), np.bincount(b.target).tolist(), b.data.sum(0).tolist())"</c> (NAME = iris, digits, wine,
/// breast_cancer, diabetes; <c>load_diabetes(scaled=False)</c> for the raw row).
/// </summary>
public class BuiltinDatasetsTests
{
    private static int[] ClassCounts(Tensor y) => y.ToArray<long>().GroupBy(v => v).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();

    private static double ColumnSum(Tensor x, int col) => Enumerable.Range(0, x.Size(0)).Sum(i => x[i, col]);

    [Fact]
    public void Iris()
    {
        var (x, y) = BuiltinDatasets.LoadIris();
        Assert.Equal([150, 4], x.ShapeToArray());
        Assert.Equal(DType.Float64, x.DType);
        Assert.Equal(DType.Int64, y.DType);
        Assert.Equal([50, 50, 50], ClassCounts(y));
        Assert.Equal([5.1, 3.5, 1.4, 0.2], x.Select(0, 0).ToArray<double>());
        Assert.Equal(1.8, x[149, 3]);
        Assert.Equal(2L, (long)y[149]);
        // Column sums of parsed decimals: tolerance covers summation-order rounding (numpy sums pairwise).
        Assert.Equal(876.5000000000002, ColumnSum(x, 0), 1e-10);
        Assert.Equal(179.90000000000012, ColumnSum(x, 3), 1e-10);
        var d = BuiltinDatasets.LoadIris();
        Assert.Equal(["setosa", "versicolor", "virginica"], d.TargetNames);
        Assert.Equal("petal width (cm)", d.FeatureNames[3]);
    }

    [Fact]
    public void Digits()
    {
        var d = BuiltinDatasets.LoadDigits();
        Assert.Equal([1797, 64], d.X.ShapeToArray());
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], ClassCounts(d.Y));
        Assert.Equal([0L, 1, 2, 3, 4], d.Y.Narrow(0, 0, 5).ToArray<long>());
        Assert.Equal([0.0, 0, 5, 13, 9, 1], d.X.Select(0, 0).Narrow(0, 0, 6).ToArray<double>());
        Assert.Equal([0.0, 0, 10, 14, 8, 1, 0, 0, 0, 2, 16, 14, 6, 1, 0, 0], d.X.Select(0, 1796).Narrow(0, 0, 16).ToArray<double>());
        Assert.Equal(8L, (long)d.Y[1796]);
        Assert.Equal(561718.0, d.X.ToArray<double>().Sum()); // integers: exact
        Assert.Equal("pixel_7_7", d.FeatureNames[63]);
        Assert.Equal("pixel_1_0", d.FeatureNames[8]);
    }

    [Fact]
    public void Wine()
    {
        var d = BuiltinDatasets.LoadWine();
        Assert.Equal([178, 13], d.X.ShapeToArray());
        Assert.Equal([59, 71, 48], ClassCounts(d.Y));
        Assert.Equal([14.13, 4.1, 2.74, 24.5, 96.0, 2.05, 0.76, 0.56, 1.35, 9.2, 0.61, 1.6, 560.0], d.X.Select(0, 177).ToArray<double>());
        Assert.Equal(2314.1099999999988, ColumnSum(d.X, 0), 1e-9);
        Assert.Equal("od280/od315_of_diluted_wines", d.FeatureNames[11]);
        Assert.Equal(["class_0", "class_1", "class_2"], d.TargetNames);
    }

    [Fact]
    public void BreastCancer()
    {
        var d = BuiltinDatasets.LoadBreastCancer();
        Assert.Equal([569, 30], d.X.ShapeToArray());
        Assert.Equal([212, 357], ClassCounts(d.Y));
        Assert.Equal([17.99, 10.38, 122.8, 1001.0, 0.1184, 0.2776], d.X.Select(0, 0).Narrow(0, 0, 6).ToArray<double>());
        Assert.Equal([7.76, 24.54, 47.92, 181.0, 0.05263], d.X.Select(0, 568).Narrow(0, 0, 5).ToArray<double>());
        Assert.Equal(1L, (long)d.Y[568]);
        Assert.Equal(372631.9000000002, ColumnSum(d.X, 3), 1e-7);
        Assert.Equal(["mean radius", "radius error", "worst radius", "worst fractal dimension"],
            new[] { d.FeatureNames[0], d.FeatureNames[10], d.FeatureNames[20], d.FeatureNames[29] });
        Assert.Equal(["malignant", "benign"], d.TargetNames);
    }

    [Fact]
    public void DiabetesIsScaledLikeSklearnByDefault()
    {
        var d = BuiltinDatasets.LoadDiabetes();
        Assert.Equal([442, 10], d.X.ShapeToArray());
        Assert.Equal(DType.Float64, d.Y.DType);
        Assert.Empty(d.TargetNames);
        Assert.Equal([151.0, 75, 141, 206, 135], d.Y.Narrow(0, 0, 5).ToArray<double>());
        Assert.Equal(57.0, d.Y[441]);
        double[] row0 = [0.038075906433423026, 0.05068011873981862, 0.061696206518683294, 0.0218723855140367, -0.04422349842444599,
            -0.03482076283769895, -0.04340084565202491, -0.002592261998183278, 0.019907486170462722, -0.01764612515980379];
        double[] row441 = [-0.045472477940023646, -0.044641636506989144, -0.07303030271641665, -0.08141314376144114, 0.08374011738825825,
            0.027808929520208008, 0.17381578478910462, -0.03949338287409329, -0.00422151393810765, 0.0030644094143684884];
        // numpy sums pairwise and we sum sequentially, so means/stds differ by a few ulps; values are O(0.1),
        // so 1e-15 absolute is ~10 ulps.
        for (int j = 0; j < 10; j++)
        {
            Assert.Equal(row0[j], d.X[0, j], 1e-15);
            Assert.Equal(row441[j], d.X[441, j], 1e-15);
            Assert.Equal(0.0, ColumnSum(d.X, j), 1e-12); // centred
            Assert.Equal(1.0, Enumerable.Range(0, 442).Sum(i => d.X[i, j] * d.X[i, j]), 1e-12); // unit sum of squares
        }
        var raw = BuiltinDatasets.LoadDiabetes(scaled: false);
        Assert.Equal([59.0, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87], raw.X.Select(0, 0).ToArray<double>());
        Assert.Equal(["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"], raw.FeatureNames);
    }
}
