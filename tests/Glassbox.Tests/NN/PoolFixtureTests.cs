using System.Text.Json;
using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Testing;
using static Glassbox.Tests.NN.NNFixture;

namespace Glassbox.Tests.NN;

/// <summary>
/// Pooling, unpooling, interpolation and pixel shuffle against PyTorch 1.13 (tests/fixtures/cnn/pool.json, written by
/// tools/reference/cnn_pool_fixtures.py): forward output, indices where the op returns them, and the input gradient for
/// a fixed random upstream gradient; plus a finite-difference gradient check of every float64 case without ties or NaN.
/// </summary>
public class PoolFixtureTests
{
    private static readonly Lazy<JsonDocument> Doc = new(() => Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("cnn"), "pool.json")));

    private static IEnumerable<JsonElement> All => Doc.Value.RootElement.GetProperty("cases").EnumerateArray();

    private static JsonElement Get(string name) => All.First(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Cases
    {
        get
        {
            var d = new TheoryData<string>();
            foreach (var c in All) d.Add(c.GetProperty("name").GetString()!);
            return d;
        }
    }

    /// <summary>
    /// float64 cases whose function is smooth at the fixture input: no max-pool ties, no NaN, and no unpooling whose
    /// indices repeat inside a plane (overlapping windows can pick the same maximum; the forward then keeps one value
    /// while PyTorch's gradient reads ∂L/∂y back at that index for every input that names it — not the derivative).
    /// </summary>
    public static TheoryData<string> SmoothCases
    {
        get
        {
            var d = new TheoryData<string>();
            foreach (var c in All)
            {
                string name = c.GetProperty("name").GetString()!;
                if (c.GetProperty("input").GetProperty("dtype").GetString() == "float64" && !name.Contains("ties") && !name.Contains("nan") && !RepeatsIndex(c))
                    d.Add(name);
            }
            return d;
        }
    }

    private static bool RepeatsIndex(JsonElement c)
    {
        if (c.GetProperty("op").GetString() != "max_unpool2d") return false;
        var idx = T(c.GetProperty("args").GetProperty("indices"));
        int plane = idx.Shape[^1] * idx.Shape[^2];
        var v = idx.ToArray<long>();
        for (int p = 0; p < v.Length; p += plane)
            if (v.Skip(p).Take(plane).Distinct().Count() != plane) return true;
        return false;
    }

    /// <summary>Asserts equal shapes and |actual − expected| ≤ atol elementwise, NaN matching NaN (fixture NaN/±∞ are strings).</summary>
    private static void Close(JsonElement expected, Tensor actual, double atol, string what)
    {
        var e = T(expected);
        Assert.True(e.ShapeToArray().SequenceEqual(actual.ShapeToArray()), $"{what}: shape {ShapeUtil.Format(actual.ShapeArray)} vs expected {ShapeUtil.Format(e.ShapeArray)}");
        NNFixture.Close(e.ToDoubleArray(), actual.ToDoubleArray(), 0, atol, what);
    }

    private static (int, int) Pair(JsonElement a, string key)
    {
        var v = a.GetProperty(key).EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return (v[0], v[1]);
    }

    private static int Int(JsonElement a, string key) => a.GetProperty(key).GetInt32();

    private static int[]? Ints(JsonElement a, string key)
        => a.GetProperty(key).ValueKind == JsonValueKind.Null ? null : a.GetProperty(key).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static double[]? Doubles(JsonElement a, string key)
        => a.GetProperty(key).ValueKind == JsonValueKind.Null ? null : a.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static bool? OptFlag(JsonElement a, string key)
        => a.GetProperty(key).ValueKind == JsonValueKind.Null ? null : a.GetProperty(key).GetBoolean();

    /// <summary>Runs the case's op on <paramref name="x"/>: the output, and the indices when the op returns them.</summary>
    internal static (Tensor Output, Tensor? Indices) Apply(JsonElement c, Tensor x)
    {
        var a = c.GetProperty("args");
        switch (c.GetProperty("op").GetString())
        {
            case "max_pool2d":
                {
                    var (y, i) = F.MaxPool2dWithIndices(x, Pair(a, "kernel"), Pair(a, "stride"), Pair(a, "padding"), Pair(a, "dilation"), Flag(a, "ceil_mode"));
                    return (y, i);
                }
            case "max_pool1d":
                {
                    var (y, i) = F.MaxPool1dWithIndices(x, Int(a, "kernel"), Int(a, "stride"), Int(a, "padding"), Int(a, "dilation"), Flag(a, "ceil_mode"));
                    return (y, i);
                }
            case "avg_pool2d":
                {
                    int? div = a.GetProperty("divisor_override").ValueKind == JsonValueKind.Null ? null : Int(a, "divisor_override");
                    return (F.AvgPool2d(x, Pair(a, "kernel"), Pair(a, "stride"), Pair(a, "padding"), Flag(a, "ceil_mode"), Flag(a, "count_include_pad"), div), null);
                }
            case "avg_pool1d":
                return (F.AvgPool1d(x, Int(a, "kernel"), Int(a, "stride"), Int(a, "padding"), Flag(a, "ceil_mode"), Flag(a, "count_include_pad")), null);
            case "adaptive_avg_pool2d":
                return (F.AdaptiveAvgPool2d(x, Pair(a, "output_size")), null);
            case "adaptive_avg_pool1d":
                return (F.AdaptiveAvgPool1d(x, Int(a, "output_size")), null);
            case "adaptive_max_pool2d":
                {
                    var (y, i) = F.AdaptiveMaxPool2dWithIndices(x, Pair(a, "output_size"));
                    return (y, i);
                }
            case "max_unpool2d":
                {
                    var size = Ints(a, "output_size");
                    return (F.MaxUnpool2d(x, T(a.GetProperty("indices")), Pair(a, "kernel"), Pair(a, "stride"), Pair(a, "padding"), size is null ? null : (size[0], size[1])), null);
                }
            case "interpolate":
                return (F.Interpolate(x, Ints(a, "size"), Doubles(a, "scale_factor"), ModeOf(a.GetProperty("mode").GetString()!),
                    OptFlag(a, "align_corners"), OptFlag(a, "recompute_scale_factor")), null);
            case "pixel_shuffle":
                return (F.PixelShuffle(x, Int(a, "r")), null);
            case "pixel_unshuffle":
                return (F.PixelUnshuffle(x, Int(a, "r")), null);
            case var op:
                throw new NotSupportedException(op);
        }
    }

    private static InterpolationMode ModeOf(string mode) => mode switch
    {
        "nearest" => InterpolationMode.Nearest,
        "nearest-exact" => InterpolationMode.NearestExact,
        "linear" => InterpolationMode.Linear,
        "bilinear" => InterpolationMode.Bilinear,
        _ => throw new NotSupportedException(mode),
    };

    /// <summary>
    /// Absolute tolerance for a value computed from <paramref name="source"/>. Every op here forms each result as a sum
    /// of at most K = 100 terms (the largest window is the 9×11 global average; bilinear has 4 taps, a gradient
    /// collects from at most 9 overlapping windows) with weights of magnitude ≤ 1, and no tap is used by more than 16
    /// outputs, so Σ|terms| ≤ 16·max|source|. A K-term sum in another order differs by at most K·ε·Σ|terms|:
    /// 100·1.1e-16·16 ≈ 2e-13 in float64 (we allow 1e-12) and 100·6e-8·16 ≈ 1e-4 in float32 — relative to the
    /// inputs' scale, where any formula error (a wrong window, divisor or weight) shows up at 1e-2 or more.
    /// </summary>
    private static double Tol(Tensor source, bool f32) => (f32 ? 1e-4 : 1e-12) * Math.Max(1.0, source.ToDoubleArray().Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max());

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = Get(name);
        var x = T(c.GetProperty("input")).RequiresGrad_();
        bool f32 = x.DType == DType.Float32;
        var (y, idx) = Apply(c, x);
        Assert.Equal(x.DType, y.DType);
        Close(c.GetProperty("output"), y, Tol(x, f32), name + " output");
        if (c.TryGetProperty("indices", out var ei))
        {
            Assert.NotNull(idx);
            Assert.Equal(DType.Int64, idx!.DType);
            Assert.Equal(ei.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), idx.ShapeToArray());
            Assert.Equal(ei.GetProperty("data").EnumerateArray().Select(v => v.GetInt64()), idx.ToArray<long>());
        }
        var up = T(c.GetProperty("upstream"));
        (y * up).Sum().Backward();
        Close(c.GetProperty("grad_input"), x.Grad!, Tol(up, f32), name + " grad_input");
    }

    [Theory, MemberData(nameof(SmoothCases))]
    public void GradCheckFloat64(string name)
    {
        var c = Get(name);
        var x = T(c.GetProperty("input")).RequiresGrad_();
        GradCheck.Assert(xs => Apply(c, xs[0]).Output, [x]);
    }
}
