using System.Text.Json;
using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Testing;

namespace Glassbox.Tests.NN;

/// <summary>
/// BatchNorm1d/2d/3d, GroupNorm, InstanceNorm1d/2d and LayerNorm on convolutional-shaped inputs against PyTorch 1.13
/// (tests/fixtures/cnn/norm.json, written by tools/reference/cnn_norm_fixtures.py): every step's output, input and
/// parameter gradients and the state dict after it (running statistics, num_batches_tracked), plus the repr; and a
/// float64 finite-difference gradient check of every step, independent of PyTorch.
/// </summary>
public class NormFixtureTests
{
    private static readonly Lazy<JsonDocument> Doc = new(() => Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("cnn"), "norm.json")));

    private static IEnumerable<JsonElement> All => Doc.Value.RootElement.GetProperty("cases").EnumerateArray();

    private static JsonElement Case(string name) => All.First(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Cases
    {
        get
        {
            var d = new TheoryData<string>();
            foreach (var c in All) d.Add(c.GetProperty("name").GetString()!);
            return d;
        }
    }

    public static TheoryData<string> Float64Cases
    {
        get
        {
            var d = new TheoryData<string>();
            foreach (var c in All.Where(c => c.GetProperty("dtype").GetString() == "float64")) d.Add(c.GetProperty("name").GetString()!);
            return d;
        }
    }

    private static double Num(JsonElement a, string key, double dflt) => a.TryGetProperty(key, out var v) ? v.GetDouble() : dflt;
    private static bool Flag(JsonElement a, string key, bool dflt) => a.TryGetProperty(key, out var v) ? v.GetBoolean() : dflt;
    private static int Int(JsonElement a, string key) => a.GetProperty(key).GetInt32();

    /// <summary>momentum: absent → 0.1, JSON null → null (cumulative average), else the number.</summary>
    private static double? Momentum(JsonElement a) => !a.TryGetProperty("momentum", out var v) ? 0.1 : v.ValueKind == JsonValueKind.Null ? null : v.GetDouble();

    private static Module<Tensor, Tensor> Build(JsonElement c)
    {
        var a = c.GetProperty("args");
        var dt = c.GetProperty("dtype").GetString() == "float32" ? DType.Float32 : DType.Float64;
        bool affine = Flag(a, "affine", true), track = Flag(a, "track", true);
        return c.GetProperty("kind").GetString() switch
        {
            "BatchNorm1d" => new BatchNorm1d(Int(a, "num"), momentum: Momentum(a), affine: affine, trackRunningStats: track, dtype: dt),
            "BatchNorm2d" => new BatchNorm2d(Int(a, "num"), momentum: Momentum(a), affine: affine, trackRunningStats: track, dtype: dt),
            "BatchNorm3d" => new BatchNorm3d(Int(a, "num"), momentum: Momentum(a), affine: affine, trackRunningStats: track, dtype: dt),
            "GroupNorm" => new GroupNorm(Int(a, "groups"), Int(a, "channels"), affine: affine, dtype: dt),
            "InstanceNorm1d" => new InstanceNorm1d(Int(a, "num"), momentum: Num(a, "momentum", 0.1), affine: Flag(a, "affine", false), trackRunningStats: Flag(a, "track", false), dtype: dt),
            "InstanceNorm2d" => new InstanceNorm2d(Int(a, "num"), momentum: Num(a, "momentum", 0.1), affine: Flag(a, "affine", false), trackRunningStats: Flag(a, "track", false), dtype: dt),
            "LayerNorm" => new LayerNorm(a.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray(), elementwiseAffine: affine, dtype: dt),
            var k => throw new NotSupportedException(k),
        };
    }

    private static Dictionary<string, Tensor> State(JsonElement obj) => obj.EnumerateObject().ToDictionary(p => p.Name, p => Fixtures.Tensor(p.Value));

    /// <summary>
    /// Every result is built from sums of at most K terms, K = the input's element count (no statistic, gradient sum
    /// or parameter gradient reduces more values than the input holds), and each side rounds at most K·ε·Σ|terms| in
    /// those sums. The bound is therefore 4·K·ε·T with T the size of the terms, not of the result: normalisation
    /// cancels by design (with two values per group dx is exactly 0 and both sides return rounding noise amplified by
    /// 1/σ). <paramref name="terms"/> is that size (see <see cref="TermScales"/>); the factor 4 covers the few chained
    /// steps (centring, 1/√(σ² + ε), the affine map; in backward the two sums and the map) and the two implementations
    /// rounding independently. ε = 1.1e-16 (float64) or 6e-8 (float32).
    /// </summary>
    private static void Close(JsonElement expected, Tensor actual, int k, double terms, string what)
    {
        var shape = expected.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.True(shape.SequenceEqual(actual.ShapeToArray()), $"{what}: shape {ShapeUtil.Format(actual.ShapeArray)} vs expected {ShapeUtil.Format(shape)}");
        var e = expected.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var got = actual.ToDoubleArray();
        double eps = expected.GetProperty("dtype").GetString() == "float32" ? 6e-8 : 1.1e-16;
        double tol = 4 * k * eps * Math.Max(terms, e.Length == 0 ? 0 : e.Max(Math.Abs));
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(got[i] - e[i]) <= tol, $"{what}[{i}]: got {got[i]:R}, expected {e[i]:R} (err {Math.Abs(got[i] - e[i]):G3}, bound {tol:G3})");
    }

    private static double MaxAbs(Tensor t) => t.Numel == 0 ? 0 : t.ToDoubleArray().Max(Math.Abs);

    /// <summary>
    /// Largest 1/√(σ² + ε) the step uses: from the variances of the input over the layer's reduction groups (batch
    /// statistics), or from the running variance before the step (eval with running statistics).
    /// </summary>
    private static double MaxInvStd(JsonElement c, Module<Tensor, Tensor> m, Tensor x, bool training)
    {
        var a = c.GetProperty("args");
        string kind = c.GetProperty("kind").GetString()!;
        bool track = Flag(a, "track", !kind.StartsWith("InstanceNorm"));
        var xd = x.Detach().To(DType.Float64);
        int rows;
        int[] dims;
        Tensor? running = null;
        if (kind.StartsWith("BatchNorm"))
        {
            if (!training && track) running = m.StateDict()["running_var"];
            (rows, dims) = (x.Shape[1], [0, 2]);
            xd = xd.Reshape(x.Shape[0], rows, x.Numel / Math.Max(1, x.Shape[0] * rows));
        }
        else if (kind.StartsWith("InstanceNorm"))
        {
            if (!training && track) running = m.StateDict()["running_var"];
            int spatial = kind == "InstanceNorm1d" ? x.Shape[^1] : x.Shape[^1] * x.Shape[^2];
            (rows, dims) = (x.Numel / spatial, [1]);
            xd = xd.Reshape(rows, spatial);
        }
        else if (kind == "GroupNorm")
        {
            int groups = Int(a, "groups");
            (rows, dims) = (x.Shape[0] * groups, [1]);
            xd = xd.Reshape(rows, x.Numel / rows);
        }
        else
        {
            int size = a.GetProperty("shape").EnumerateArray().Aggregate(1, (p, v) => p * v.GetInt32());
            (rows, dims) = (x.Numel / size, [1]);
            xd = xd.Reshape(rows, size);
        }
        var var = running ?? xd.Var(dims, correction: 0);
        return 1 / Math.Sqrt(var.ToDoubleArray().Min() + 1e-5);
    }

    /// <summary>
    /// Sizes of the terms summed into each result. With gain = max|γ|·max 1/σ (the largest ∂y/∂x): the output
    /// is gain·(x − μ) + β, so gain·max|x| (μ is only known to ε·|μ|, so x − μ and x̂ carry absolute errors of
    /// ε·|x| and ε·|x|/σ); dx sums terms of gain·|g| and multiplies x̂, so gain·|g|·max(1, |x|/σ); dγ = Σ g·x̂ terms of
    /// |g|·|x|/σ; dβ = Σ g terms of |g|; the running statistics blend means of x and of (x − μ)², so max(|x|, |x|²).
    /// </summary>
    private static (double Y, double Dx, double Dw, double Db, double State) TermScales(double invstd, Tensor x, Tensor up, Module<Tensor, Tensor> m)
    {
        var w = m.NamedParameters().FirstOrDefault(p => p.Name == "weight").Parameter;
        double gamma = w is null ? 1 : Math.Max(1, MaxAbs(w)), gain = gamma * invstd, mx = MaxAbs(x), mg = MaxAbs(up);
        return (gain * mx, gain * mg * Math.Max(1, mx * invstd), mg * mx * invstd, mg, Math.Max(mx, mx * mx));
    }

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = Case(name);
        var m = Build(c);
        Assert.Equal(c.GetProperty("repr").GetString(), m.ToString());
        var r = m.LoadStateDict(State(c.GetProperty("state")));
        Assert.Empty(r.MissingKeys);
        Assert.Empty(r.UnexpectedKeys);
        int step = 0;
        foreach (var s in c.GetProperty("steps").EnumerateArray())
        {
            string at = $"{name} step {step++}";
            bool training = s.GetProperty("training").GetBoolean();
            m.Train(training);
            m.ZeroGrad(setToNone: true);
            var x = Fixtures.Tensor(s.GetProperty("input")).RequiresGrad_();
            var up = Fixtures.Tensor(s.GetProperty("upstream"));
            int k = Math.Max(1, x.Numel);
            var ts = TermScales(MaxInvStd(c, m, x, training), x, up, m);
            var y = m.Forward(x);
            Close(s.GetProperty("output"), y, k, ts.Y, at + " output");
            (y * up).Sum().Backward();
            Close(s.GetProperty("grad_input"), x.Grad!, k, ts.Dx, at + " grad_input");
            var named = m.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
            var grads = s.GetProperty("grads").EnumerateObject().ToList();
            Assert.Equal(grads.Select(g => g.Name).OrderBy(n => n), named.Keys.OrderBy(n => n));
            foreach (var g in grads) Close(g.Value, named[g.Name].Grad!, k, g.Name == "weight" ? ts.Dw : ts.Db, $"{at} grad {g.Name}");
            var after = m.StateDict();
            var expectedState = s.GetProperty("state_after").EnumerateObject().ToList();
            Assert.Equal(expectedState.Select(p => p.Name).OrderBy(n => n), after.Keys.OrderBy(n => n));
            foreach (var p in expectedState) Close(p.Value, after[p.Name], k, ts.State, $"{at} state {p.Name}");
        }
    }

    [Theory, MemberData(nameof(Float64Cases))]
    public void GradientsMatchFiniteDifferences(string name)
    {
        var c = Case(name);
        var m = Build(c);
        m.LoadStateDict(State(c.GetProperty("state")));
        foreach (var s in c.GetProperty("steps").EnumerateArray())
        {
            m.Train(s.GetProperty("training").GetBoolean());
            var x = Fixtures.Tensor(s.GetProperty("input")).RequiresGrad_();
            // The parameters are perturbed in place through the inputs array; f reads them through the module.
            // Training steps also advance the running statistics on every call, which the output does not read.
            GradCheck.Assert(_ => m.Forward(x), [x, .. m.Parameters()]);
        }
    }
}
