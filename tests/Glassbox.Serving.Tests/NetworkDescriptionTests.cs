using System.Text;
using Glassbox.Models;
using Glassbox.NN;
using Glassbox.Training;

namespace Glassbox.Serving.Tests;

/// <summary>The architecture description is read like any file from elsewhere: typed, bounded, and every error names the file and field.</summary>
public sealed class NetworkDescriptionTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("glassbox-serving-desc-");

    public void Dispose() => dir.Delete(recursive: true);

    [Fact]
    public void SaveThenLoad_RoundTrips()
    {
        var path = Path.Combine(dir.FullName, "a.arch.json");
        var d = new NetworkDescription(new MlpArchitecture(784, [512, 256], 10), NetworkTask.Classification, (33.318421449829934, 78.56748998339798));
        d.Save(path);
        var back = NetworkDescription.Load(path);
        var mlp = Assert.IsType<MlpArchitecture>(back.Architecture);
        Assert.Equal((784, 10, MlpActivation.ReLU), (mlp.InFeatures, mlp.OutFeatures, mlp.Activation));
        Assert.Equal([512, 256], mlp.Hidden);
        Assert.Equal(d.Normalize, back.Normalize);
        Assert.Equal(784L * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10, mlp.ParameterCount);
        Assert.Equal(mlp.ParameterCount, mlp.Build().Parameters().Sum(p => (long)p.Numel));

        var le = new LeNet5Architecture(10, LeNet5Activation.ReLU, LeNet5Pooling.Max);
        new NetworkDescription(le).Save(path);
        Assert.Equal(le, NetworkDescription.Load(path).Architecture);
        Assert.Equal(61706, le.ParameterCount);
        Assert.Equal(le.ParameterCount, le.Build().Parameters().Sum(p => (long)p.Numel));
    }

    [Theory]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "System.Diagnostics.Process", "args": {}}""", "field 'architecture': unknown architecture 'System.Diagnostics.Process'; expected mlp or lenet5")]
    [InlineData("""{"format": "glassbox-network-v2", "architecture": "mlp"}""", "field 'format': is 'glassbox-network-v2'")]
    [InlineData("""{"architecture": "mlp"}""", "field 'format': missing")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "mlp", "args": {"in_features": 4, "hidden": [], "out_features": 2}, "weights": "/etc/passwd"}""", "field 'weights': unknown field")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "mlp", "args": {"in_features": 4, "hidden": [0], "out_features": 2}}""", "field 'args.hidden[0]': must be an integer from 1 to 1048576, got 0")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "mlp", "args": {"in_features": 4.5, "hidden": [], "out_features": 2}}""", "field 'args.in_features': expected an integer from 1 to 1048576, got 4.5")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "mlp", "args": {"in_features": "4", "hidden": [], "out_features": 2}}""", "field 'args.in_features': expected an integer")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "mlp", "args": {"in_features": 4, "hidden": 3, "out_features": 2}}""", "field 'args.hidden': expected an array of layer widths, got a number")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "mlp", "args": {"in_features": 4, "hidden": [], "out_features": 2, "activation": "swish"}}""", "field 'args.activation': is 'swish'")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "mlp", "args": {"in_features": 4, "hidden": [], "out_features": 2, "bias": false}}""", "field 'args.bias': unknown field")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "mlp", "args": {"in_features": 4, "hidden": [], "out_features": 2}, "normalize": {"mean": 0, "std": 0}}""", "field 'normalize.std': must be > 0")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "mlp", "args": {"in_features": 4, "hidden": [], "out_features": 2}, "task": "ranking"}""", "field 'task': is 'ranking'")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "mlp", "args": {"in_features": 2, "hidden": [], "out_features": 2}, "feature_names": ["a", "a"]}""", "feature name 'a' is given twice")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "lenet5", "feature_names": ["a"]}""", "only 1-D inputs have feature names")]
    [InlineData("""{"format": "glassbox-network-v1", "architecture": "lenet5", "args": {"pooling": "min"}}""", "field 'args.pooling': is 'min'")]
    [InlineData("""[1, 2]""", "field '$': expected an object, got an array")]
    [InlineData("""{"format": """, "not valid JSON")]
    public void HostileOrWrongDescription_IsRefusedNamingFileAndField(string json, string expected)
    {
        var path = Path.Combine(dir.FullName, "bad.arch.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<InvalidDataException>(() => NetworkDescription.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void OversizedDescription_IsRefusedBeforeParsing()
    {
        var path = Path.Combine(dir.FullName, "big.arch.json");
        File.WriteAllText(path, "{\"format\": \"" + new string('x', NetworkDescription.MaxFileBytes) + "\"}");
        Assert.Contains("the limit is 65536", Assert.Throws<InvalidDataException>(() => NetworkDescription.Load(path)).Message);
    }

    [Fact]
    public void HugeNetworkForASmallCheckpoint_IsRefusedBeforeBuilding()
    {
        // 2¹⁰·2²⁰·2 parameters would be 8 GiB of float32: the check against the checkpoint's size comes before any allocation
        var ckpt = Path.Combine(dir.FullName, "small.safetensors");
        Checkpoint.Save(ckpt, new Sequential(new Linear(2, 2)));
        File.WriteAllText(NetworkDescription.PathFor(ckpt),
            """{"format": "glassbox-network-v1", "architecture": "mlp", "args": {"in_features": 1048576, "hidden": [1024], "out_features": 1048576}}""");
        var e = Assert.Throws<InvalidDataException>(() => NetworkModel.Load(ckpt));
        Assert.Contains("cannot hold the 2148533248 parameters", e.Message);
    }

    [Fact]
    public void PathFor_ReplacesTheExtension() =>
        Assert.Equal(Path.Combine("runs", "mnist-mlp", "model.arch.json"), NetworkDescription.PathFor(Path.Combine("runs", "mnist-mlp", "model.safetensors")));

    [Fact]
    public void Parse_NamesTheSource() =>
        Assert.StartsWith("upload:", Assert.Throws<InvalidDataException>(() => NetworkDescription.Parse(Encoding.UTF8.GetBytes("{}"), "upload")).Message);
}
