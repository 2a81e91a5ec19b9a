using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>Upsample and pixel-shuffle modules (reprs, forwards) and the error paths of interpolate and pixel (un)shuffle.</summary>
public class ResampleModuleTests
{
    private static Tensor Ramp(params int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return Tensor.FromArray(v, shape);
    }

    private static void Throws(Action a, params string[] parts)
    {
        var e = Assert.Throws<ArgumentException>(a);
        foreach (var p in parts) Assert.Contains(p, e.Message);
    }

    [Fact]
    public void ReprsMatchPyTorch()
    {
        Assert.Equal("Upsample(scale_factor=2.0, mode=nearest)", new Upsample(scaleFactor: [2]).ToString());
        Assert.Equal("Upsample(scale_factor=(2.0, 3.0), mode=bilinear)", new Upsample(scaleFactor: [2, 3], mode: InterpolationMode.Bilinear, alignCorners: true).ToString());
        Assert.Equal("Upsample(size=(4, 5), mode=nearest)", new Upsample(size: [4, 5]).ToString());
        Assert.Equal("Upsample(size=7, mode=nearest-exact)", new Upsample(size: [7], mode: InterpolationMode.NearestExact).ToString());
        Assert.Equal("Upsample(scale_factor=1.5, mode=linear)", new Upsample(scaleFactor: [1.5], mode: InterpolationMode.Linear).ToString());
        Assert.Equal("PixelShuffle(upscale_factor=2)", new PixelShuffle(2).ToString());
        Assert.Equal("PixelUnshuffle(downscale_factor=3)", new PixelUnshuffle(3).ToString());
    }

    [Fact]
    public void NearestTimesTwoRepeatsEveryPixel()
    {
        var y = new Upsample(scaleFactor: [2]).Forward(Ramp(1, 1, 2, 3));
        Assert.Equal([1, 1, 4, 6], y.ShapeToArray());
        Assert.Equal([0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 3, 3, 4, 4, 5, 5], y.ToArray<double>());
    }

    [Fact]
    public void BilinearAlignCornersKeepsCornersAndIsLinearInBetween()
    {
        // x = 3·row + col is linear in both coordinates, so bilinear interpolation reproduces it exactly at the
        // source position: with align corners, output (i, j) of 5×7 from 2×3 sits at (i/4, j·2/6).
        var y = F.Interpolate(Ramp(1, 1, 2, 3), [5, 7], mode: InterpolationMode.Bilinear, alignCorners: true).ToArray<double>();
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 7; j++) Assert.Equal(3 * (i / 4.0) + j / 3.0, y[i * 7 + j], 1e-14);
    }

    [Fact]
    public void PixelUnshuffleInvertsPixelShuffle()
    {
        var x = Ramp(2, 8, 3, 5);
        var y = new PixelShuffle(2).Forward(x);
        Assert.Equal([2, 2, 6, 10], y.ShapeToArray());
        // y[n, c, h·2 + i, w·2 + j] = x[n, c·4 + i·2 + j, h, w]: check one element of each sub-position.
        Assert.Equal(x.ToArray<double>()[((1 * 8 + 1 * 4 + 1 * 2 + 0) * 3 + 2) * 5 + 4], y.ToArray<double>()[((1 * 2 + 1) * 6 + 2 * 2 + 1) * 10 + 4 * 2 + 0]);
        Assert.Equal(x.ToArray<double>(), new PixelUnshuffle(2).Forward(y).ToArray<double>());
        Assert.Equal([3, 1, 4, 2], F.PixelShuffle(Ramp(3, 4, 2, 1), 2).ShapeToArray());
        Assert.Equal([5, 2, 2, 6, 2], F.PixelShuffle(Ramp(5, 2, 8, 3, 1), 2).ShapeToArray());   // any number of leading dims
    }

    [Fact]
    public void InterpolateErrorsNameTheOpAndShape()
    {
        var x = Ramp(1, 2, 4, 5);
        Throws(() => F.Interpolate(x), "interpolate", "exactly one", "[1, 2, 4, 5]");
        Throws(() => F.Interpolate(x, [8, 10], [2.0]), "interpolate", "exactly one", "[1, 2, 4, 5]");
        Throws(() => F.Interpolate(x, [8, 10, 3]), "interpolate", "size has 3 values", "[1, 2, 4, 5]");
        Throws(() => F.Interpolate(x, [0, 10]), "interpolate", "[0, 10]", "[1, 2, 4, 5]");
        Throws(() => F.Interpolate(x, scaleFactor: [2, 2, 2]), "interpolate", "scaleFactor has 3 values", "[1, 2, 4, 5]");
        Throws(() => F.Interpolate(x, scaleFactor: [-2]), "interpolate", "[-2, -2]", "[1, 2, 4, 5]");
        Throws(() => F.Interpolate(x, scaleFactor: [double.NaN]), "interpolate", "NaN", "[1, 2, 4, 5]");
        Throws(() => F.Interpolate(x, scaleFactor: [0.1]), "interpolate", "output size [0, 0]", "[1, 2, 4, 5]");
        Throws(() => F.Interpolate(x, [3, 3], mode: InterpolationMode.Linear), "interpolate", "Linear", "[1, 2, 4, 5]");
        Throws(() => F.Interpolate(Ramp(2, 3, 4), [3], mode: InterpolationMode.Bilinear), "interpolate", "Bilinear", "[2, 3, 4]");
        Throws(() => F.Interpolate(x, [3, 3], alignCorners: false), "interpolate", "alignCorners", "[1, 2, 4, 5]");
        Throws(() => F.Interpolate(Ramp(2, 3), [3]), "interpolate", "[2, 3]");
        Throws(() => F.Interpolate(x, [3, 3], recomputeScaleFactor: true), "interpolate", "recomputeScaleFactor", "[1, 2, 4, 5]");
        Throws(() => F.Interpolate(Ramp(1, 0, 4, 5), [3, 3]), "interpolate", "[1, 0, 4, 5]");
        Throws(() => new Upsample(), "Upsample", "exactly one");
    }

    [Fact]
    public void PixelShuffleErrorsNameTheOpAndShape()
    {
        Throws(() => F.PixelShuffle(Ramp(1, 6, 2, 2), 2), "pixel_shuffle", "channels 6", "[1, 6, 2, 2]");
        Throws(() => F.PixelShuffle(Ramp(4, 2), 2), "pixel_shuffle", "[4, 2]");
        Throws(() => F.PixelShuffle(Ramp(1, 4, 2, 2), 0), "pixel_shuffle", "[1, 4, 2, 2]");
        Throws(() => F.PixelUnshuffle(Ramp(1, 1, 4, 5), 2), "pixel_unshuffle", "width 5", "[1, 1, 4, 5]");
        Throws(() => F.PixelUnshuffle(Ramp(1, 1, 4, 4), -1), "pixel_unshuffle", "[1, 1, 4, 4]");
    }
}
