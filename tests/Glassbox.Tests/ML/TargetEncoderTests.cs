using Glassbox.Data.Frame;
using Glassbox.ML;
using Glassbox.ML.Preprocessing;

namespace Glassbox.Tests.ML;

/// <summary>TargetEncoder values, leak-freedom of FitTransform, ColumnTransformer concatenation (the TargetEncoder contract is in
/// <see cref="EstimatorContractTests"/>).</summary>
public class TargetEncoderTests
{
    // column 0: categories 1 (y = 1,1,0), 2 (y = 0,0), NaN (y = 1); column 1: all the same category
    private static readonly Tensor X = Tensor.FromArray([1, 5, 1, 5, 1, 5, 2, 5, 2, 5, double.NaN, 5], 6, 2);
    private static readonly Tensor Y = Tensor.FromArray([1.0, 1, 0, 0, 0, 1], [6]);

    [Fact]
    public void FullDataEncodingIsTheSmoothedMean()
    {
        var e = new TargetEncoder(smooth: 2).Fit(X, Y);
        double mean = 0.5;
        Assert.Equal(mean, e.TargetMean);
        Assert.Equal((2 + 2 * mean) / (3 + 2), e.Encoding(0)[1], 15);
        Assert.Equal((0 + 2 * mean) / (2 + 2), e.Encoding(0)[2], 15);
        Assert.Equal((1 + 2 * mean) / (1 + 2), e.Encoding(0)[double.NaN], 15); // NaN is its own category
        var z = e.Transform(Tensor.FromArray([7.0, 5], 1, 2)).ToDoubleArray();
        Assert.Equal([mean, (3 + 2 * mean) / (6 + 2)], z);                  // unseen category → global mean
    }

    [Fact]
    public void FitTransformNeverUsesARowsOwnTarget()
    {
        // a unique category per row: the full-data encoding would reveal y exactly (smooth = 0);
        // the cross-fitted one must not depend on the row's own y at all → equals the other folds' mean.
        int n = 40;
        var x = Tensor.FromArray(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), n, 1);
        var yv = Enumerable.Range(0, n).Select(i => (double)(i % 2)).ToArray();
        var e = new TargetEncoder(smooth: 0, cv: 5, randomState: 3);
        var z = e.FitTransform(x, Tensor.FromArray(yv, [n])).ToDoubleArray();
        Assert.Equal(yv, e.Transform(x).ToDoubleArray());             // the leaky full-data encoding = y itself
        var flipped = yv.Select((v, i) => i == 7 ? 1 - v : v).ToArray();
        var z2 = new TargetEncoder(smooth: 0, cv: 5, randomState: 3).FitTransform(x, Tensor.FromArray(flipped, [n])).ToDoubleArray();
        Assert.Equal(z[7], z2[7]);                                     // row 7's output ignores row 7's target
        Assert.All(z, v => Assert.InRange(v, 0.3, 0.7));               // unseen-in-other-folds → fold-complement mean ≈ 0.5
    }

    [Fact]
    public void CrossFittingWithOneRowPerFoldIsLeaveOneOut()
    {
        // cv = n puts every row in a fold of its own, whatever the shuffle: row i is encoded from the other n − 1 rows,
        // enc_i = (S_c − y_i + m·ȳ₋ᵢ) / (n_c − 1 + m), ȳ₋ᵢ the mean of the others; a category met only in row i gives ȳ₋ᵢ.
        double[] cats = [1, 1, 1, 2, 2, 3], ys = [1, 0, 1, 1, 0, 1];
        int n = cats.Length;
        const double m = 2;
        var z = new TargetEncoder(smooth: m, cv: n, randomState: 9).FitTransform(Tensor.FromArray(cats, n, 1), Tensor.FromArray(ys, [n])).ToDoubleArray();
        Assert.Equal((1 + 2 * 0.6) / 4, z[0], 15);            // row 0: mates y = 0, 1; others' mean 3/5
        Assert.Equal((2 + 2 * 0.8) / 4, z[1], 15);            // row 1: mates y = 1, 1; others' mean 4/5
        Assert.Equal((1 + 2 * 0.8) / 3, z[4], 15);            // row 4: mate row 3 (y = 1); others' mean 4/5
        Assert.Equal(0.6, z[5], 15);                           // row 5: category 3 appears nowhere else → ȳ₋₅ = 3/5
    }

    [Fact]
    public void ColumnTransformerConcatenatesAndPassesThrough()
    {
        var df = DataFrame.ParseCsv("city,size,age\nA,1,10\nB,2,20\nA,3,30\nB,4,40\n",
            new Dictionary<string, ColumnKind> { ["city"] = ColumnKind.Categorical });
        var y = Tensor.FromArray([1.0, 0, 1, 0], [4]);
        var ct = new ColumnTransformer([("te", new TargetEncoder(smooth: 0), ["city"])], remainder: Remainder.Passthrough);
        var z = ct.Fit(df, y).Transform(df).ToDoubleArray();
        Assert.Equal([1, 1, 10, 0, 2, 20, 1, 3, 30, 0, 4, 40], z); // city A → 1, B → 0; then size, age
        var dropped = new ColumnTransformer([("te", new TargetEncoder(smooth: 0), ["city"])]).Fit(df, y).Transform(df);
        Assert.Equal([4, 1], dropped.ShapeArray);
        var unseen = DataFrame.ParseCsv("city,size,age\nC,1,1\n", new Dictionary<string, ColumnKind> { ["city"] = ColumnKind.Categorical });
        Assert.Equal(0.5, ct.Transform(unseen)[0, 0]); // unseen level → NaN code → unseen category → global mean
    }

    [Fact]
    public void ColumnTransformerKeepsTheContractItHasTheSurfaceFor()
    {
        // ColumnTransformer fits a DataFrame, not a Tensor, so it is no Estimator<> and not in the reflected contract
        // suite; it has no Save/Clone/GetParams, and keeps the rest: Fit returns itself, use before Fit throws naming it,
        // refitting reproduces the output bit for bit, and a subset of rows gives the same rows of the output.
        string[] lines = ["A,1,10", "B,2,20", "A,3,30", "B,4,40", "C,5,50", "A,6,60"];
        DataFrame Frame(IEnumerable<string> rows) => DataFrame.ParseCsv("city,size,age\n" + string.Join("\n", rows) + "\n",
            new Dictionary<string, ColumnKind> { ["city"] = ColumnKind.Categorical });
        var df = Frame(lines);
        var y = Tensor.FromArray([1.0, 0, 1, 0, 1, 1], [6]);
        var ct = new ColumnTransformer([("te", new TargetEncoder(smooth: 1), ["city"]), ("scale", new StandardScaler(), ["size"])], remainder: Remainder.Passthrough);
        var ex = Assert.Throws<NotFittedException>(() => ct.Transform(df));
        Assert.Contains(nameof(ColumnTransformer), ex.Message);
        Assert.Same(ct, ct.Fit(df, y));
        var z = ct.Transform(df).ToDoubleArray();
        Assert.Equal(z, ct.Fit(df, y).Transform(df).ToDoubleArray());
        int[] rows = [4, 0, 2, 2];
        var part = ct.Transform(Frame(rows.Select(r => lines[r]))).ToDoubleArray();
        int width = z.Length / lines.Length;
        Assert.Equal(3, width);
        Assert.Equal(rows.SelectMany(r => z.Skip(r * width).Take(width)).ToArray(), part);
    }
}
