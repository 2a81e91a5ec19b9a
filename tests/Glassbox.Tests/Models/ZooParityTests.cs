using Glassbox.Autograd;
using Glassbox.NN;
using Xunit.Abstractions;

namespace Glassbox.Tests.Models;

/// <summary>
/// Loads PyTorch's seeded weights (a state_dict saved as safetensors by tools/reference/cnn_zoo_fixtures.py, batch norm
/// with non-trivial running statistics) into each small zoo model and compares its eval-mode output with PyTorch's,
/// in float64 (the architecture, to rounding) and in float32.
/// </summary>
/// <remarks>
/// <para><b>Tolerance.</b> Every weighted layer computes K-term dot products (K = its fan-in: in·kh·kw for a
/// convolution, in for a linear layer, at most in·kh·kw for a transposed convolution). Whatever order an
/// implementation sums in, the rounding error of such a sum is at most K·ε·Σ|terms| (the γ_K bound). Batch norm,
/// ReLU, the residual sums and pooling add a few roundings per layer; we count 8 per weighted layer and 64 for a
/// final global average (at most 8×8 maps here). Errors of earlier layers reach the logits through the later layers,
/// which these networks keep O(1)-gain (batch norm rescales to unit variance, tanh is 1-Lipschitz, the default
/// initialisation preserves variance), so to first order the logit error of one implementation is at most
/// ε·K_total·A, K_total = Σ_layers (K + 8) + 64, with A the scale of the absolute terms. Activations here are O(1),
/// so A = max(1, max|y|). Two implementations each contribute that much: tol = 2·ε·K_total·A, with ε = 2⁻⁵³ ≈ 1.1e-16
/// in float64 and ε = 6e-8 in float32. The bound is worst-case linear accumulation; actual errors grow like √K and
/// are three to four orders of magnitude smaller (measured: at most 1.5e-7 in float32 and 2.2e-16 in float64 against
/// bounds of 1e-4…9e-4 and 2e-13…1.7e-12; the test output prints both), while any architectural slip (a wrong padding, stride, shortcut, layer order or
/// BN statistic) changes outputs at the 1e-2 level, far above even the float32 bound (about 1e-3·A for ResNet-20).</para>
/// </remarks>
public class ZooParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => ZooFixture.Names("parity");

    /// <summary>Σ over weighted layers of (fan-in + 8), plus 64: the K_total of the class remarks.</summary>
    internal static long AccumulatedTerms(Module model)
    {
        long k = 64;
        foreach (var m in model.Modules())
        {
            k += m switch
            {
                Conv2d c => c.Weight.Numel / c.Weight.Shape[0] + 8,
                ConvTranspose2d t => t.Weight.Numel / t.Weight.Shape[1] + 8,
                Linear l => l.InFeatures + 8,
                _ => 0,
            };
        }
        return k;
    }

    private void AssertClose(Tensor expected, Tensor actual, double eps, long terms, string what)
    {
        Assert.Equal(expected.ShapeToArray(), actual.ShapeToArray());
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        double scale = Math.Max(1.0, e.Max(Math.Abs));
        double tol = 2 * eps * terms * scale;
        double worst = 0;
        int at = 0;
        for (int i = 0; i < e.Length; i++)
        {
            double d = Math.Abs(a[i] - e[i]);
            if (!(d <= worst)) { worst = d; at = i; }
        }
        output.WriteLine($"{what}: max |error| {worst:G3}, tol {tol:G3} (K_total {terms})");
        Assert.True(worst <= tol, $"{what}: element {at} is {a[at]:R}, PyTorch {e[at]:R}; |error| {worst:G3} exceeds tol {tol:G3} (K_total {terms})");
    }

    [Theory, MemberData(nameof(Cases))]
    public void LoadedWeightsGivePyTorchsOutput(string name)
    {
        var entry = ZooFixture.Entry("parity", name);
        var state = ZooFixture.LoadTensors(entry.GetProperty("weights").GetString()!);
        var io = ZooFixture.LoadTensors(entry.GetProperty("io").GetString()!);

        var m32 = ZooFixture.Build(entry, DType.Float32);
        m32.LoadStateDict(state, strict: true);
        m32.Eval();
        long terms = AccumulatedTerms(m32);
        using (GradMode.NoGrad())
            AssertClose(io["output_f32"], m32.Call(io["input"]), 6e-8, terms, $"{name} float32");

        // The same float32 weights widened exactly: the float64 network differs from PyTorch's only by rounding.
        var m64 = ZooFixture.Build(entry, DType.Float64);
        m64.LoadStateDict(state, strict: true);
        m64.Eval();
        using (GradMode.NoGrad())
            AssertClose(io["output_f64"], m64.Call(io["input"].To(DType.Float64)), Math.Pow(2, -53), terms, $"{name} float64");
    }
}
