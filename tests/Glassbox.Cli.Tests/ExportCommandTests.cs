using Glassbox.ML;
using Glassbox.ML.Cluster;
using Glassbox.ML.Ensemble;
using Glassbox.Models;
using Glassbox.NN;
using Glassbox.Onnx;
using Glassbox.Serving;
using Glassbox.Training;

namespace Glassbox.Cli.Tests;

/// <summary>
/// <c>glassbox export onnx</c>: the file equals what <see cref="OnnxExporter"/> writes for the network the checkpoint
/// and its description describe (the numerics of such files are checked against ONNX Runtime in Glassbox.Onnx.Tests),
/// and its failures are one line with the right exit code.
/// </summary>
public class ExportCommandTests
{
    [Fact]
    public void Help()
    {
        var r = CliRun.Of("export", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("usage: glassbox export onnx MODEL", r.Out);
    }

    [Fact]
    public void ExportsAServableLeNetWithItsStandardisation()
    {
        using var tmp = new TempFolder();
        var net = new LeNet5(10, LeNet5Activation.ReLU, LeNet5Pooling.Max, generator: new Generator(5));
        var ckpt = tmp["lenet.safetensors"];
        SafeTensors.Save(ckpt, net.StateDict());
        var description = new NetworkDescription(new LeNet5Architecture(10, LeNet5Activation.ReLU, LeNet5Pooling.Max), Normalize: (0.1307, 0.3081));
        description.Save(NetworkDescription.PathFor(ckpt));
        var r = CliRun.Of("export", "onnx", ckpt, "--out", tmp["out/lenet.onnx"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("input [N, 1, 28, 28] float32, ONNX opset 17", r.Out);
        var expected = OnnxExporter.ExportToBytes(net, [1, 28, 28], new OnnxExportOptions
        {
            Normalize = (0.1307, 0.3081),
            DocString = "lenet5 exported by glassbox from lenet.safetensors",
        });
        Assert.Equal(expected, File.ReadAllBytes(tmp["out/lenet.onnx"]));
    }

    [Fact]
    public void ExportsAClassicalModelFile()
    {
        using var tmp = new TempFolder();
        var x = Tensor.Randn([60, 3], DType.Float64, new Generator(1));
        var y = Tensor.FromArray(Enumerable.Range(0, 60).Select(i => (long)(i % 3)).ToArray(), [60]);
        var path = tmp["forest.json"];
        new RandomForestClassifier(nEstimators: 3, maxDepth: 3, randomState: 2).Fit(x, y).Save(path);
        var r = CliRun.Of("export", "onnx", path, "--out", tmp["forest.onnx"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("RandomForestClassifier, input [N, 3] float32, outputs output and label", r.Out);
        var expected = OnnxExporter.ExportToBytes(ModelFile.Load(path), new OnnxExportOptions { DocString = "RandomForestClassifier exported by glassbox from forest.json" });
        Assert.Equal(expected, File.ReadAllBytes(tmp["forest.onnx"]));

        var kmeans = tmp["kmeans.json"];
        new KMeans(nClusters: 2, nInit: 1, randomState: 0).Fit(x).Save(kmeans);
        CliRun.Of("export", "onnx", kmeans, "--out", tmp["k.onnx"]).AssertFails(1, "kmeans.json", "KMeans");
        CliRun.Of("export", "onnx", path, "--out", tmp["k.onnx"], "--arch", "a.json").AssertFails(2, "--arch is for network checkpoints");
        Assert.False(File.Exists(tmp["k.onnx"]));
    }

    [Fact]
    public void UsageErrors_Exit2()
    {
        CliRun.Of("export").AssertFails(2, "export: which format?");
        CliRun.Of("export", "tflite", "m.safetensors").AssertFails(2, "unknown export format 'tflite'");
        CliRun.Of("export", "onnx").AssertFails(2, "which checkpoint?");
        CliRun.Of("export", "onnx", "m.safetensors").AssertFails(2, "--out FILE is required");
        CliRun.Of("export", "onnx", "m.safetensors", "--out", "m.onnx", "--batch", "0").AssertFails(2, "--batch");
    }

    [Fact]
    public void MissingOrMismatchedFiles_Exit1_NamingTheFile()
    {
        using var tmp = new TempFolder();
        CliRun.Of("export", "onnx", tmp["nope.safetensors"], "--out", tmp["x.onnx"]).AssertFails(1, "checkpoint not found", "nope.safetensors");
        var ckpt = tmp["mlp.safetensors"];
        SafeTensors.Save(ckpt, new Sequential(new Linear(4, 3)).StateDict());
        CliRun.Of("export", "onnx", ckpt, "--out", tmp["x.onnx"]).AssertFails(1, "mlp.arch.json");
        new NetworkDescription(new MlpArchitecture(4, [5], 3)).Save(NetworkDescription.PathFor(ckpt));
        CliRun.Of("export", "onnx", ckpt, "--out", tmp["x.onnx"]).AssertFails(1, "mlp.safetensors");
        Assert.False(File.Exists(tmp["x.onnx"]));
    }
}
