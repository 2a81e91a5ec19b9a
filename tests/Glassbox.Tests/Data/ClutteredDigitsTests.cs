using Glassbox.Data;

namespace Glassbox.Tests.Data;

/// <summary>
/// <see cref="Synthetic.MakeClutteredDigits"/> on tiny hand-made "digits": the mask is recomputed independently from
/// the reported placement and source, and clutter (even as bright as the digit) never enters it.
/// </summary>
public class ClutteredDigitsTests
{
    private const int M = 5, H = 8, W = 6;

    /// <summary>M source digits [M, 1, 8, 6]: strokes of 1.0 and 0.9, anti-aliased edges of 0.3, background 0.</summary>
    private static Tensor Digits()
    {
        var d = new float[M * H * W];
        for (int k = 0; k < M; k++)
            for (int i = 0; i < H; i++)
                for (int j = 0; j < W; j++)
                {
                    int v = (i * 3 + j * (k + 1) + k * 7) % 5;
                    d[(k * H + i) * W + j] = v switch { 0 => 1f, 1 => 0.9f, 2 => 0.3f, _ => 0f };
                }
        return Tensor.FromArray(d, M, 1, H, W);
    }

    private static readonly ClutteredDigitsOptions Small = new(Canvas: 24, MinSize: 8, MaxSize: 16, ClutterPieces: 5, ClutterPatch: 4,
        ClutterIntensity: 0.45, Noise: 0.1, Threshold: 0.5);

    /// <summary>The scaled digit's value at canvas pixel (r, c), or null outside its rectangle (nearest neighbour, floor mapping).</summary>
    private static float? DigitAt(float[] src, int k, (int Top, int Left, int Height, int Width) p, int r, int c)
    {
        int i = r - p.Top, j = c - p.Left;
        if (i < 0 || j < 0 || i >= p.Height || j >= p.Width) return null;
        return src[(k * H + i * H / p.Height) * W + j * W / p.Width];
    }

    [Fact]
    public void MaskIsExactlyThePastedDigitAboveTheThresholdAndTheImageShowsItThere()
    {
        var src = Digits().ToArray<float>();
        var d = Synthetic.MakeClutteredDigits(Digits(), 40, options: Small, gen: new Generator(4));
        Assert.Equal([40, 1, 24, 24], d.Images.ShapeToArray());
        Assert.Equal([40, 24, 24], d.Masks.ShapeToArray());
        Assert.Equal(DType.Int64, d.Masks.DType);
        var img = d.Images.ToArray<float>(); var mask = d.Masks.ToArray<long>(); var sources = d.Sources.ToArray<long>();
        int clutterPixels = 0;
        for (int n = 0; n < 40; n++)
        {
            var p = d.Placements[n];
            Assert.InRange(p.Height, 8, 16);
            Assert.Equal((int)Math.Round(p.Height * 6 / 8.0, MidpointRounding.ToEven), p.Width);
            Assert.InRange(p.Top + p.Height, p.Height, 24);
            Assert.InRange(p.Left + p.Width, p.Width, 24);
            for (int r = 0; r < 24; r++)
                for (int c = 0; c < 24; c++)
                {
                    int at = n * 576 + r * 24 + c;
                    float? v = DigitAt(src, (int)sources[n], p, r, c);
                    bool inMask = v > 0.5f;
                    Assert.Equal(inMask ? 1L : 0L, mask[at]);
                    if (inMask) Assert.Equal(v!.Value, img[at]); // the digit occludes whatever was below
                    else
                    {
                        // Background: noise < 0.1, clutter ≤ 0.45, faint digit edges 0.3 — all at most the threshold.
                        Assert.InRange(img[at], 0f, 0.5f);
                        if (img[at] > 0.1f && v is null) clutterPixels++;
                    }
                }
        }
        Assert.True(clutterPixels > 100, $"{clutterPixels} clutter pixels"); // clutter is really there
    }

    [Fact]
    public void ClutterAsBrightAsTheDigitStillNeverSetsTheMask()
    {
        var src = Digits().ToArray<float>();
        var o = Small with { ClutterIntensity = 1, ClutterPieces = 12 };
        var d = Synthetic.MakeClutteredDigits(Digits(), 30, options: o, gen: new Generator(9));
        var img = d.Images.ToArray<float>(); var mask = d.Masks.ToArray<long>();
        int brightOutside = 0;
        for (int n = 0; n < 30; n++)
            for (int r = 0; r < 24; r++)
                for (int c = 0; c < 24; c++)
                {
                    int at = n * 576 + r * 24 + c;
                    bool digit = DigitAt(src, (int)d.Sources[n], d.Placements[n], r, c) > 0.5f;
                    Assert.Equal(digit ? 1L : 0L, mask[at]);
                    if (!digit && img[at] > 0.5f) brightOutside++;
                }
        Assert.True(brightOutside > 100, $"{brightOutside} bright clutter pixels outside the mask");
    }

    [Fact]
    public void ASeedFixesEverythingAndTheDrawOrderIsAsDocumented()
    {
        var labels = Tensor.FromArray(new long[] { 7, 1, 4, 4, 0 }, M);
        var a = Synthetic.MakeClutteredDigits(Digits(), 6, labels, Small, new Generator(21));
        var b = Synthetic.MakeClutteredDigits(Digits(), 6, labels, Small, new Generator(21));
        var c = Synthetic.MakeClutteredDigits(Digits(), 6, labels, Small, new Generator(22));
        Assert.Equal(a.Images.ToArray<float>(), b.Images.ToArray<float>());
        Assert.Equal(a.Masks.ToArray<long>(), b.Masks.ToArray<long>());
        Assert.Equal(a.Placements, b.Placements);
        Assert.NotEqual(a.Images.ToArray<float>(), c.Images.ToArray<float>());
        // First draws: source, height, top, left.
        var g = new Generator(21);
        int k = g.NextInt(M), h = 8 + g.NextInt(9), w = (int)Math.Round(h * 0.75, MidpointRounding.ToEven);
        Assert.Equal(k, (int)a.Sources[0]);
        Assert.Equal((g.NextInt(24 - h + 1), g.NextInt(24 - w + 1), h, w), a.Placements[0]);
        Assert.Equal(a.Sources.ToArray<long>().Select(i => labels.ToArray<long>()[i]), a.Labels!.ToArray<long>());
        Assert.Equal(a.Masks.ToArray<long>().Select(v => (float)v), a.FloatMasks().ToArray<float>());
        Assert.Equal([6, 1, 24, 24], a.FloatMasks().ShapeToArray());
        Assert.Equal(6, a.ToDataset().Count);
    }

    [Fact]
    public void BadInputsNameTheOpAndTheShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Synthetic.MakeClutteredDigits(Tensor.Zeros(3, 2, 8, 6), 1));
        Assert.Contains("MakeClutteredDigits", e.Message);
        Assert.Contains("[3, 2, 8, 6]", e.Message);
        Assert.Contains("int64 [5]", Assert.Throws<ArgumentException>(() => Synthetic.MakeClutteredDigits(Digits(), 1, Tensor.Zeros(5))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.MakeClutteredDigits(Digits(), 1, options: Small with { MaxSize = 30 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.MakeClutteredDigits(Digits(), 1, options: Small with { ClutterPatch = 7 }));
        // A single source digit clutters the canvas with pieces of itself.
        var one = Synthetic.MakeClutteredDigits(Tensor.Ones(1, 8, 6), 2, options: Small, gen: new Generator(1));
        Assert.Equal([0L, 0], one.Sources.ToArray<long>());
    }
}
