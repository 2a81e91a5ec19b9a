namespace Glassbox.Tests.Parity;

/// <summary>
/// Every op against PyTorch 1.13 (fixture from tools/reference/torch_parity.py): outputs and input gradients
/// for a random upstream gradient, in float64 and in float32.
/// </summary>
/// <remarks>
/// Error measure: normwise relative, max|ours − torch| ≤ rtol · max(max|torch|, 1e-300). Elementwise relative
/// error is meaningless for entries that cancel to ~0 (softmax gradients, sums of mixed signs), while the normwise
/// bound still catches any wrong formula (a wrong derivative is off by O(1) relative to the tensor's scale).
/// Float64: rtol 1e-10 (both sides compute in double; differences come from summation order, ~1e-15 per op).
/// Float32: rtol 1e-5 — inputs are rounded to float32 (relative 6e-8) and the ops amplify that by their condition
/// number, which for these inputs stays below ~100.
/// </remarks>
public class TorchParityTests
{
    private static readonly Lazy<Dictionary<string, ParityCase>> Cases = new(() => ParityCase.Load().ToDictionary(c => c.Name));

    public static TheoryData<string> CaseNames()
    {
        var d = new TheoryData<string>();
        foreach (var name in ParityOps.Map.Keys.Order()) d.Add(name);
        return d;
    }

    [Fact]
    public void EveryFixtureCaseHasAMapping()
    {
        var missing = Cases.Value.Keys.Where(k => !ParityOps.Map.ContainsKey(k)).Order().ToList();
        Assert.True(missing.Count == 0, "fixture cases without a Glassbox mapping: " + string.Join(", ", missing));
    }

    [Theory, MemberData(nameof(CaseNames))]
    public void Float64MatchesTorch(string name) => Check(Cases.Value[name], DType.Float64, 1e-10);

    [Theory, MemberData(nameof(CaseNames))]
    public void Float32MatchesTorch(string name) => Check(Cases.Value[name], DType.Float32, 1e-5);

    private static void Check(ParityCase c, DType dtype, double rtol)
    {
        var inputs = c.Inputs.Select(t => t.DType == DType.Float64 ? t.To(dtype).Detach().RequiresGrad_() : t).ToArray();
        var outs = ParityOps.Map[c.Name](inputs);
        Assert.Equal(c.Outputs.Length, outs.Length);
        for (int i = 0; i < outs.Length; i++)
        {
            Assert.Equal(c.Outputs[i].ShapeToArray(), outs[i].ShapeToArray());
            if (c.Outputs[i].DType == DType.Float64) AssertClose(c.Outputs[i], outs[i], rtol, $"{c.Name} output {i}");
            else Assert.Equal(c.Outputs[i].ToDoubleArray(), outs[i].ToDoubleArray());
        }
        if (c.Grads.All(g => g is null)) return;
        Tensor? loss = null;
        for (int i = 0; i < outs.Length; i++)
        {
            if (c.Upstream[i] is not Tensor u) continue;
            var term = (outs[i] * u.To(dtype)).Sum();
            loss = loss is null ? term : loss + term;
        }
        loss!.Backward();
        for (int k = 0; k < inputs.Length; k++)
        {
            if (c.Grads[k] is not Tensor expected) continue;
            var got = inputs[k].Grad ?? throw new Xunit.Sdk.XunitException($"{c.Name}: input {k} got no gradient");
            AssertClose(expected, got, rtol, $"{c.Name} grad of input {k}");
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, double rtol, string what)
    {
        Assert.Equal(expected.ShapeToArray(), actual.ShapeToArray());
        var e = expected.ToDoubleArray(); var a = actual.ToDoubleArray();
        double scale = 1e-300, err = 0;
        for (int i = 0; i < e.Length; i++) { scale = Math.Max(scale, Math.Abs(e[i])); err = Math.Max(err, Math.Abs(e[i] - a[i])); }
        Assert.True(err <= rtol * scale, $"{what}: max abs error {err:G3} exceeds {rtol:G1} x scale {scale:G3}");
    }
}
