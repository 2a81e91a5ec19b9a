using Glassbox.Models;
using Glassbox.NN;

namespace Glassbox.Tests.Models;

/// <summary>
/// Every zoo model against its PyTorch reference (tools/reference/cnn_zoo_fixtures.py): the parameter count and the
/// state-dict keys, in order, with shapes and dtypes — the contract that lets a PyTorch state_dict saved as
/// safetensors load with a strict <see cref="Module.LoadStateDict"/>.
/// </summary>
public class ZooStateDictTests
{
    public static TheoryData<string> Models => ZooFixture.Names("models");
    public static TheoryData<string> ParityModels => ZooFixture.Names("parity");

    private static void AssertSameState(System.Text.Json.JsonElement entry, Module model)
    {
        string name = entry.GetProperty("name").GetString()!;
        Assert.Equal(entry.GetProperty("param_count").GetInt64(), model.ParameterCount);
        var expected = entry.GetProperty("state").EnumerateArray().Select(s =>
            $"{s.GetProperty("key").GetString()} {string.Join("x", s.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()))} {s.GetProperty("dtype").GetString()}").ToList();
        var actual = model.StateDict().Select(kv =>
            $"{kv.Key} {string.Join("x", kv.Value.ShapeToArray())} {kv.Value.DType.TorchName()}").ToList();
        // Compare as text so a failure shows the first differing key, shape or dtype.
        for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
            Assert.True(expected[i] == actual[i], $"{name}: state entry {i} is '{actual[i]}', PyTorch has '{expected[i]}'");
        Assert.True(expected.Count == actual.Count, $"{name}: {actual.Count} state entries, PyTorch has {expected.Count}");
    }

    [Theory, MemberData(nameof(Models))]
    public void ParameterCountAndKeysMatchPyTorch(string name)
    {
        var entry = ZooFixture.Entry("models", name);
        AssertSameState(entry, ZooFixture.Build(entry));
    }

    [Theory, MemberData(nameof(ParityModels))]
    public void SmallModelsMatchPyTorchKeysToo(string name)
    {
        var entry = ZooFixture.Entry("parity", name);
        AssertSameState(entry, ZooFixture.Build(entry));
    }

    [Fact]
    public void DocumentedParameterCountsHold()
    {
        // The counts stated in the doc comments and docs/cnn.md, independent of the fixture file.
        Assert.Equal(61_706, new LeNet5().ParameterCount);
        Assert.Equal(61_706, new LeNet5(activation: LeNet5Activation.ReLU, pooling: LeNet5Pooling.Max).ParameterCount);
        Assert.Equal(9_231_114, new VGG(VGGConfig.VGG11).ParameterCount);
        Assert.Equal(9_225_610, new VGG(VGGConfig.VGG11, batchNorm: false).ParameterCount);
        Assert.Equal(269_722, ResNet.ResNet20().ParameterCount);
        Assert.Equal(269_722 + 2_752, ResNet.ResNet20(shortcut: ResNetShortcut.B).ParameterCount);
        Assert.Equal(464_154, ResNet.ResNet32().ParameterCount);
        Assert.Equal(853_018, ResNet.ResNet56().ParameterCount);
        Assert.Equal(11_689_512, ResNet.ResNet18().ParameterCount);
        Assert.Equal(25_557_032, ResNet.ResNet50().ParameterCount);
        Assert.Equal(31_030_658, new UNet().ParameterCount);
    }

    [Fact]
    public void StrictLoadWithAMissingKeyNamesIt()
    {
        var model = ResNet.ResNet20();
        var state = ZooFixture.LoadTensors("zoo_resnet20.safetensors");
        Assert.True(state.Remove("layer2.1.bn1.running_var"));
        var before = model.StateDict()["layer2.1.bn1.running_var"].ToDoubleArray();
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state, strict: true));
        Assert.Contains("Missing key(s)", e.Message);
        Assert.Contains("\"layer2.1.bn1.running_var\"", e.Message);
        // Nothing was copied: the failed load left the model as it was.
        Assert.Equal(before, model.StateDict()["layer2.1.bn1.running_var"].ToDoubleArray());
        Assert.NotEqual(state["conv1.weight"].ToDoubleArray(), model.StateDict()["conv1.weight"].ToDoubleArray());
    }

    [Fact]
    public void StrictLoadWithARenamedKeyNamesBothNames()
    {
        // The CIFAR ResNet implementation many checkpoints come from calls the head "linear"; loading such a file
        // without renaming must fail loudly, naming the key it did not expect and the one it missed.
        var model = ResNet.ResNet20();
        var state = ZooFixture.LoadTensors("zoo_resnet20.safetensors");
        state["linear.weight"] = state["fc.weight"];
        state.Remove("fc.weight");
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state, strict: true));
        Assert.Contains("Unexpected key(s) in state_dict: \"linear.weight\"", e.Message);
        Assert.Contains("Missing key(s) in state_dict: \"fc.weight\"", e.Message);
        // Non-strict: the rest loads and the two keys are reported.
        var result = model.LoadStateDict(state, strict: false);
        Assert.Equal(["fc.weight"], result.MissingKeys);
        Assert.Equal(["linear.weight"], result.UnexpectedKeys);
        Assert.Equal(state["conv1.weight"].ToDoubleArray(), model.StateDict()["conv1.weight"].ToDoubleArray());
    }

    [Fact]
    public void StrictLoadIntoTheWrongArchitectureNamesTheShape()
    {
        var model = ResNet.Cifar(3, numClasses: 100);
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(ZooFixture.LoadTensors("zoo_resnet20.safetensors"), strict: true));
        Assert.Contains("size mismatch for fc.weight", e.Message);
        Assert.Contains("[10, 64]", e.Message);
        Assert.Contains("[100, 64]", e.Message);
    }
}
