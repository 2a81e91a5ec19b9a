using Glassbox.Models;
using Glassbox.Testing;
using Glassbox.Training;
using static Glassbox.Onnx.Tests.OrtRunner;

namespace Glassbox.Onnx.Tests;

/// <summary>
/// The path docs/export.md walks through: a PyTorch-trained LeNet-5's state dict saved as safetensors
/// (tools/reference/onnx_torch_fixtures.py), loaded strictly into <see cref="LeNet5"/>, exported to ONNX, run in
/// ONNX Runtime — each stage against PyTorch's own output on the same seeded input.
/// </summary>
public class TorchWeightsTests
{
    [Fact]
    public void PyTorchLeNetWeightsThroughGlassboxToOnnx()
    {
        var fixture = Fixtures.LoadNode(Fixtures.Folder("onnx", "torch_lenet5.json"));
        var x = Fixtures.Tensor(fixture["input"]);
        var torchOut = Fixtures.Tensor(fixture["output"]).ToArray<float>();

        var net = new LeNet5(10, LeNet5Activation.ReLU, LeNet5Pooling.Max);
        var result = net.LoadStateDict(SafeTensors.Load(Fixtures.Folder("onnx", "torch_lenet5.safetensors")), strict: true);
        Assert.Empty(result.MissingKeys);
        Assert.Empty(result.UnexpectedKeys);

        var glassbox = Forward(net, x).ToArray<float>();
        using var session = Session(OnnxExporter.ExportToBytes(net, [1, 28, 28]));
        var (ort, shape) = Run(session, x);
        Assert.Equal([2L, 10], shape);

        // Three float32 implementations of the same network: each pair may differ by reordered sums, bounded as in
        // OrtRunner.AssertMatches with K = 25 + 150 + 400 + 120 + 84 and the output scale S; c = 16.
        double scale = torchOut.Max(v => Math.Abs((double)v));
        double bound = 16 * Math.Sqrt(25 + 150 + 400 + 120 + 84) * U * scale;
        for (int i = 0; i < torchOut.Length; i++)
        {
            Assert.True(Math.Abs(glassbox[i] - torchOut[i]) <= bound, $"Glassbox vs PyTorch at {i}: {glassbox[i]:R} vs {torchOut[i]:R} (bound {bound:E2})");
            Assert.True(Math.Abs(ort[i] - torchOut[i]) <= bound, $"ORT vs PyTorch at {i}: {ort[i]:R} vs {torchOut[i]:R} (bound {bound:E2})");
        }
    }
}
