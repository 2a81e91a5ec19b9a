using Glassbox.NN;
using Microsoft.ML.OnnxRuntime;

namespace Glassbox.Onnx.Tests;

/// <summary>
/// Runs exported models in ONNX Runtime (with every graph optimisation on, so fusions and constant folding must
/// accept the file too) and compares them with Glassbox's forward.
/// </summary>
internal static class OrtRunner
{
    /// <summary>Unit roundoff of float32: 2⁻²⁴.</summary>
    public const double U = 1.0 / (1 << 24);

    public static InferenceSession Session(byte[] model) =>
        new(model, new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL });

    /// <summary>ORT's output and its shape for one float32 input.</summary>
    public static (float[] Values, long[] Shape) Run(InferenceSession session, Tensor x, string input = "input", string output = "output")
    {
        using var value = OrtValue.CreateTensorValueFromMemory(x.ToArray<float>(), x.Shape.Select(d => (long)d).ToArray());
        using var run = new RunOptions();
        using var results = session.Run(run, [input], [value], [output]);
        return (results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);
    }

    /// <summary>Glassbox's evaluation-mode forward without a graph.</summary>
    public static Tensor Forward(Module<Tensor, Tensor> model, Tensor x)
    {
        using var noGrad = Autograd.GradMode.NoGrad();
        bool training = model.Training;
        model.Eval();
        try { return model.Forward(x); }
        finally { model.Train(training); }
    }

    /// <summary>A seeded standard-normal input.</summary>
    public static Tensor Input(ulong seed, params int[] shape) => Tensor.Randn(shape, DType.Float32, new Generator(seed));

    /// <summary>
    /// Exports <paramref name="model"/>, runs it in ORT and in Glassbox on <paramref name="x"/>, and checks the shapes
    /// are equal and every element within <c>c·√K·2⁻²⁴·S</c>, where S is the output scale (its largest magnitude) and
    /// K the accumulation length of the longest chain of sums behind one output (for stacked layers, the sum of their
    /// dot-product lengths). Why this bound: Glassbox and ORT add the same products in different orders (blocked
    /// GEMM/convolution kernels, FMA or not); each reordered K-term float32 sum differs by rounding errors that grow
    /// like √K·u relative to the magnitudes involved (a random walk of K roundings of size ≤ u = 2⁻²⁴), and S bounds
    /// those magnitudes at the output. <paramref name="c"/> covers the constant of that random walk (a few standard
    /// deviations) plus a few ulp from transcendental functions (exp, tanh, erf), which differ between libraries;
    /// the tests use c = 16. Measured with ORT 1.32 on this suite: the largest error/(√K·u·S) was 4.0 (Tanh/Sigmoid
    /// outputs, i.e. 4 ulp of a value below 1, from the libraries' transcendental functions), 2.4 for batch norm
    /// (a division and a square root), and at most 0.8 for every sum-dominated layer and whole network (ResNet-20:
    /// 0.07, LeNet-5: 0.17) — so c = 16 leaves a factor 4 over the worst seen without hiding a wrong mapping,
    /// which shows up as errors of order S itself.
    /// Returns the largest error seen relative to S·√K·u, for the record.
    /// </summary>
    public static double AssertMatches(Module<Tensor, Tensor> model, Tensor x, double k, double c = 16, OnnxExportOptions? options = null)
    {
        var expected = Forward(model, options?.Normalize is { } n
            ? (x + Tensor.Scalar(-n.Mean, DType.Float32)) * Tensor.Scalar(1 / n.Std, DType.Float32)
            : x);
        var bytes = OnnxExporter.ExportToBytes(model, x.Shape.Skip(1).ToArray(), options);
        using var session = Session(bytes);
        var (actual, shape) = Run(session, x);
        Assert.Equal(expected.Shape.Select(d => (long)d), shape);
        var e = expected.ToArray<float>();
        double scale = e.Max(v => Math.Abs((double)v));
        Assert.True(scale > 0, "the reference output is all zeros: the comparison would be vacuous");
        double unit = scale * Math.Sqrt(k) * U, worst = 0;
        for (int i = 0; i < e.Length; i++)
        {
            double err = Math.Abs(actual[i] - (double)e[i]);
            Assert.True(err <= c * unit, $"element {i}: ORT {actual[i]:R}, Glassbox {e[i]:R}, |diff| {err:E3} > {c}·√{k}·2⁻²⁴·{scale:G4} = {c * unit:E3}");
            worst = Math.Max(worst, err / unit);
        }
        return worst;
    }
}
