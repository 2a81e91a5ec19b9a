using Glassbox.Data;
using Glassbox.Data.Transforms;

namespace Glassbox.Tests.Data;

/// <summary>Batch transforms against direct per-element references.</summary>
public class TransformsTests
{
    private static Tensor Rand(ulong seed, params int[] shape)
    {
        var g = new Generator(seed);
        var d = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < d.Length; i++) d[i] = g.NextFloat();
        return Tensor.FromArray(d, shape);
    }

    [Fact]
    public void NormalizeSubtractsAndDividesPerChannel()
    {
        var x = Rand(1, 2, 3, 4, 5);
        double[] mean = [0.1, 0.5, -2], std = [0.3, 2, 0.25];
        var y = new Normalize(mean, std).Apply(x);
        Assert.Equal(x.ShapeToArray(), y.ShapeToArray());
        for (int n = 0; n < 2; n++) for (int c = 0; c < 3; c++) for (int i = 0; i < 4; i++) for (int j = 0; j < 5; j++)
            Assert.Equal((float)x[n, c, i, j] - (float)mean[c], (float)y[n, c, i, j] * (float)std[c], 1e-6); // float32 rounding
        // Features [N, C] and float64 work too; non-contiguous input is read correctly.
        var f = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2).T; // rows [1, 3], [2, 4]
        Assert.Equal([0.0, 0.5, 1, 1], new Normalize([1, 2], [1, 2]).Apply(f).ToArray<double>());
        Assert.Contains("3 channels", Assert.Throws<ArgumentException>(() => new Normalize([0, 0], [1, 1]).Apply(x)).Message);
    }

    [Fact]
    public void StandardizeMatchesStandardScaler()
    {
        // sklearn: StandardScaler().fit(X) with X below → mean_ [4, 3, 5], scale_ [2.5495097567963922, 1.8708286933869707, 1.0],
        // transform(X)[0] = [-1.1766968108291043, -0.5345224838248488, 0.0]  (/usr/bin/python3, sklearn 1.2.1)
        var x = Tensor.From(new double[,] { { 1, 2, 5 }, { 3, 6, 5 }, { 4, 1, 5 }, { 8, 3, 5 } });
        var s = new Standardize();
        var z = s.FitApply(x);
        Assert.Equal([4.0, 3, 5], s.Mean!);
        Assert.Equal(2.5495097567963922, s.Scale![0], 1e-15);
        Assert.Equal(1.8708286933869707, s.Scale![1], 1e-15);
        Assert.Equal(1.0, s.Scale![2]); // constant column: centred only
        Assert.Equal(-1.1766968108291043, z[0, 0], 1e-15);
        Assert.Equal(-0.5345224838248488, z[0, 1], 1e-15);
        Assert.Equal(0.0, z[0, 2]);
        var back = s.Inverse(z).ToArray<double>();
        var orig = x.ToArray<double>();
        for (int i = 0; i < orig.Length; i++) Assert.Equal(orig[i], back[i], 1e-14);
        Assert.Throws<InvalidOperationException>(() => new Standardize().Apply(x));
    }

    /// <summary>Reference crop: builds the zero-padded image explicitly, drawing offsets in the documented order.</summary>
    private static float[] NaiveCrop(Tensor x, int size, int pad, Generator g)
    {
        int n = x.Size(0), c = x.Size(1), h = x.Size(2), w = x.Size(3);
        var outp = new float[n * c * size * size];
        for (int b = 0; b < n; b++)
        {
            int top = g.NextInt(h + 2 * pad - size + 1), left = g.NextInt(w + 2 * pad - size + 1);
            for (int ch = 0; ch < c; ch++) for (int i = 0; i < size; i++) for (int j = 0; j < size; j++)
            {
                int r = top + i - pad, col = left + j - pad;
                outp[((b * c + ch) * size + i) * size + j] = r >= 0 && r < h && col >= 0 && col < w ? (float)x[b, ch, r, col] : 0f;
            }
        }
        return outp;
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(5, 2)]
    [InlineData(7, 4)]
    [InlineData(1, 1)]
    [InlineData(9, 2)]
    public void RandomCropMatchesPaddedReference(int size, int pad)
    {
        var x = Rand(2, 6, 2, 5, 7);
        var y = new RandomCrop(size, pad, new Generator(9)).Apply(x);
        Assert.Equal([6, 2, size, size], y.ShapeToArray());
        Assert.Equal(NaiveCrop(x, size, pad, new Generator(9)), y.ToArray<float>());
    }

    [Fact]
    public void RandomCropWithoutPaddingOfFullSizeIsIdentityAndOversizeIsAnError()
    {
        var x = Rand(3, 2, 1, 4, 4);
        Assert.Equal(x.ToArray<float>(), new RandomCrop(4, 0, new Generator(1)).Apply(x).ToArray<float>());
        Assert.Contains("larger than the padded image", Assert.Throws<ArgumentException>(() => new RandomCrop(7, 1).Apply(x)).Message);
    }

    [Fact]
    public void RandomHorizontalFlipMirrorsTheChosenImages()
    {
        var x = Rand(4, 8, 2, 3, 4);
        Assert.Equal(x.ToArray<float>(), new RandomHorizontalFlip(0, new Generator(1)).Apply(x).ToArray<float>());
        var all = new RandomHorizontalFlip(1, new Generator(1)).Apply(x);
        for (int n = 0; n < 8; n++) for (int c = 0; c < 2; c++) for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++)
            Assert.Equal(x[n, c, i, 3 - j], all[n, c, i, j]);
        // p = 0.5: image n is flipped iff the n-th draw of the same seed is < 0.5.
        var g = new Generator(21);
        var half = new RandomHorizontalFlip(0.5, new Generator(21)).Apply(x);
        int flipped = 0;
        for (int n = 0; n < 8; n++)
        {
            bool f = g.NextDouble() < 0.5;
            flipped += f ? 1 : 0;
            for (int c = 0; c < 2; c++) for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++)
                Assert.Equal(x[n, c, i, f ? 3 - j : j], half[n, c, i, j]);
        }
        Assert.InRange(flipped, 1, 7); // the seed exercises both branches
    }

    [Fact]
    public void ToTensorTransposesHwcToChwAndScales()
    {
        // 1×2 image, 3 channels: pixels (10,20,30) and (40,50,60).
        var y = ToTensor.Apply(new byte[] { 10, 20, 30, 40, 50, 60 }, 1, 2, 3);
        Assert.Equal([3, 1, 2], y.ShapeToArray());
        Assert.Equal(new[] { 10, 40, 20, 50, 30, 60 }.Select(v => v / 255f), y.ToArray<float>());
        var batch = ToTensor.Apply(new byte[] { 0, 255, 1, 2 }, 2, 1, 2, 1);
        Assert.Equal([2, 1, 1, 2], batch.ShapeToArray());
        var idx = new IdxFile([2, 1, 2], [0, 255, 1, 2]);
        Assert.Equal(batch.ToArray<float>(), ToTensor.Apply(idx).ToArray<float>());
        Assert.Equal(idx.ToFloat32().ToArray<float>(), ToTensor.Apply(idx).ToArray<float>()); // same rounding as IdxFile
    }

    [Fact]
    public void ComposeRunsStepsInOrder()
    {
        var x = Rand(5, 2, 1, 2, 2);
        var t = new Compose(new Normalize([0.5], [0.5]), new RandomHorizontalFlip(1, new Generator(0)));
        var expect = new RandomHorizontalFlip(1, new Generator(0)).Apply(new Normalize([0.5], [0.5]).Apply(x));
        Assert.Equal(expect.ToArray<float>(), t.Apply(x).ToArray<float>());
    }
}
