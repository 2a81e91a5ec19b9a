using Glassbox.NN;
using Microsoft.ML.OnnxRuntime;
using static Glassbox.Onnx.Tests.OrtRunner;

namespace Glassbox.Onnx.Tests;

/// <summary>The exporter's contract beyond numerics: the file, its declared shapes, and its refusals.</summary>
public sealed class ExportBehaviourTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"glassbox-onnx-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private static Sequential SmallMlp() => new(new Linear(6, 4, generator: new Generator(80)), new ReLU(), new Linear(4, 2, generator: new Generator(81)));

    [Fact]
    public void ExportWritesAFileOrtLoadsWithOptimisationsAndASymbolicBatch()
    {
        var path = Path.Combine(dir, "sub", "mlp.onnx");
        var net = SmallMlp();
        OnnxExporter.Export(net, [6], path);
        Assert.Equal(OnnxExporter.ExportToBytes(net, [6]), File.ReadAllBytes(path)); // deterministic bytes
        Assert.Equal(["mlp.onnx"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName)); // no temporary left
        using var session = new InferenceSession(path, new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL });
        var input = session.InputMetadata["input"];
        Assert.Equal([-1, 6], input.Dimensions);
        Assert.Equal("N", input.SymbolicDimensions[0]);
        Assert.Equal([-1, 2], session.OutputMetadata["output"].Dimensions);
        foreach (int batch in new[] { 1, 5 })
        {
            var (values, shape) = Run(session, Input(82, batch, 6));
            Assert.Equal([batch, 2L], shape);
            Assert.Equal(batch * 2, values.Length);
        }
    }

    [Fact]
    public void FixedBatchAndCustomNames()
    {
        var bytes = OnnxExporter.ExportToBytes(SmallMlp(), [6], new OnnxExportOptions { FixedBatchSize = 4, InputName = "pixels", OutputName = "logits" });
        using var session = Session(bytes);
        Assert.Equal([4, 6], session.InputMetadata["pixels"].Dimensions);
        var (values, _) = Run(session, Input(83, 4, 6), "pixels", "logits");
        Assert.Equal(8, values.Length);
    }

    [Fact]
    public void ModelWithoutNodesStillNamesItsOutput()
    {
        using var session = Session(OnnxExporter.ExportToBytes(new Sequential(new Dropout(0.5)), [3]));
        var x = Input(84, 2, 3);
        Assert.Equal(x.ToArray<float>(), Run(session, x).Values);
    }

    private sealed class Custom : Module<Tensor, Tensor>
    {
        public override Tensor Forward(Tensor input) => input * input;
    }

    [Fact]
    public void UnsupportedModuleNamesItsTypeAndPath()
    {
        var net = new Sequential(new Linear(6, 4), new Sequential(new ReLU(), new PReLU()));
        var e = Assert.Throws<UnsupportedModuleException>(() => OnnxExporter.ExportToBytes(net, [6]));
        Assert.Equal(typeof(PReLU), e.ModuleType);
        Assert.Equal("1.1", e.ModulePath);
        Assert.Contains("PReLU at '1.1'", e.Message);
        var root = Assert.Throws<UnsupportedModuleException>(() => OnnxExporter.ExportToBytes(new Custom(), [6]));
        Assert.Contains("Custom at '(root)'", root.Message);
    }

    [Fact]
    public void UnsupportedModuleLeavesNoFile()
    {
        var path = Path.Combine(dir, "bad.onnx");
        Assert.Throws<UnsupportedModuleException>(() => OnnxExporter.Export(new Sequential(new PReLU()), [3], path));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void WrongInputShapeAndNonFloatModelsAreArgumentErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => OnnxExporter.ExportToBytes(SmallMlp(), [7]));
        Assert.Contains("[N, 7]", e.Message);
        Assert.Throws<ArgumentException>(() => OnnxExporter.ExportToBytes(SmallMlp(), [0]));
        var f64 = new Sequential(new Linear(3, 2, dtype: DType.Float64));
        Assert.Throws<ArgumentException>(() => OnnxExporter.ExportToBytes(f64, [3]));
    }
}
