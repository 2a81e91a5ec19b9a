using System.Text.Json;
using Glassbox.Models;
using Glassbox.NN;
using Glassbox.Testing;
using Glassbox.Training;

namespace Glassbox.Tests.Models;

/// <summary>
/// Reads tests/fixtures/cnn/zoo.json and the zoo_*.safetensors files written by tools/reference/cnn_zoo_fixtures.py
/// (PyTorch 1.13), and builds the Glassbox model a fixture entry describes.
/// </summary>
internal static class ZooFixture
{
    private static readonly Lazy<JsonDocument> Doc = new(() => Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("cnn"), "zoo.json")));

    public static JsonElement Root => Doc.Value.RootElement;

    public static JsonElement Entry(string list, string name)
        => Root.GetProperty(list).EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Names(string list)
    {
        var d = new TheoryData<string>();
        foreach (var c in Root.GetProperty(list).EnumerateArray()) d.Add(c.GetProperty("name").GetString()!);
        return d;
    }

    /// <summary>A safetensors file of the cnn fixture folder.</summary>
    public static Dictionary<string, Tensor> LoadTensors(string file) => SafeTensors.Load(Path.Combine(Fixtures.Folder("cnn"), file));

    private static int Int(JsonElement args, string key, int dflt) => args.TryGetProperty(key, out var v) ? v.GetInt32() : dflt;
    private static string Str(JsonElement args, string key, string dflt) => args.TryGetProperty(key, out var v) ? v.GetString()! : dflt;
    private static bool Flag(JsonElement args, string key, bool dflt) => args.TryGetProperty(key, out var v) ? v.GetBoolean() : dflt;

    /// <summary>The Glassbox model for a fixture entry ("kind" and "args" name the reference constructor's arguments).</summary>
    public static Module<Tensor, Tensor> Build(JsonElement entry, DType dtype = DType.Float32)
    {
        var a = entry.GetProperty("args");
        var gen = new Generator(5);
        return entry.GetProperty("kind").GetString() switch
        {
            "LeNet5" => new LeNet5(Int(a, "classes", 10),
                Str(a, "act", "tanh") == "tanh" ? LeNet5Activation.Tanh : LeNet5Activation.ReLU,
                Str(a, "pool", "avg") == "avg" ? LeNet5Pooling.Average : LeNet5Pooling.Max, dtype, gen),
            "VGG" => new VGG(Str(a, "config", "") switch
            {
                "vgg11" => VGGConfig.VGG11, "vgg13" => VGGConfig.VGG13, "vgg16" => VGGConfig.VGG16, "vgg19" => VGGConfig.VGG19,
                var s => throw new InvalidDataException($"zoo.json: unknown VGG config '{s}'"),
            }, Int(a, "classes", 10), Flag(a, "batch_norm", true), Int(a, "width_divisor", 1), dtype, gen),
            "CifarResNet" => ResNet.Cifar(Int(a, "n", 3), Int(a, "classes", 10),
                Str(a, "shortcut", "A") == "A" ? ResNetShortcut.A : ResNetShortcut.B, dtype, gen),
            "ResNet" => ResNet.ImageNet(Str(a, "block", "") == "basic" ? ResNetBlock.Basic : ResNetBlock.Bottleneck,
                a.GetProperty("layers").EnumerateArray().Select(v => v.GetInt32()).ToArray(), Int(a, "classes", 1000), Int(a, "base_width", 64), dtype, gen),
            "UNet" => new UNet(Int(a, "in", 1), Int(a, "out", 2), Int(a, "width", 64), Int(a, "depth", 4),
                Str(a, "up", "transpose") == "transpose" ? UNetUpsampling.TransposedConv : UNetUpsampling.Bilinear, Flag(a, "bn", false), dtype, gen),
            var k => throw new InvalidDataException($"zoo.json: unknown model kind '{k}'"),
        };
    }
}
