using Glassbox.Models;
using Glassbox.NN;
using static Glassbox.Onnx.Proto.AttributeProto;

namespace Glassbox.Onnx;

/// <summary>
/// Walks a module tree and emits its ONNX nodes: containers (<see cref="Sequential"/>) and the model zoo's fixed
/// architectures (<see cref="LeNet5"/>, <see cref="ResNet"/> with its <see cref="BasicBlock"/> /
/// <see cref="Bottleneck"/> / <see cref="ZeroPadShortcut"/>) are followed through their children, replaying their
/// <c>Forward</c> in graph form; leaves go to <see cref="LayerConverter"/>. Anything else is an
/// <see cref="UnsupportedModuleException"/> naming its type and path.
/// </summary>
/// <remarks>
/// A module with a hand-written <c>Forward</c> cannot be traced generically here — Glassbox records no graph of
/// module calls — so each composite model is mirrored explicitly, child by child, from its own <c>Forward</c>.
/// The probe values computed along the way (one sample through Glassbox) let the tests and the exporter check that
/// the replay matches: the root's probe output is compared with the model's own forward before anything is written.
/// </remarks>
internal sealed class ModuleConverter(OnnxGraphBuilder g)
{
    private readonly LayerConverter layers = new(g);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>The nodes for <paramref name="m"/> applied to <paramref name="x"/>; <paramref name="path"/> is its state-dict prefix.</summary>
    public OnnxValue Convert(Module m, OnnxValue x, string path) => m switch
    {
        Sequential s => Chain(s, x, path),
        Linear l => layers.Linear(l, x, path),
        Conv2d c => layers.Conv2d(c, x, path),
        ReLU r => layers.Unary(r, "Relu", x, path),
        Tanh t => layers.Unary(t, "Tanh", x, path),
        Sigmoid s => layers.Unary(s, "Sigmoid", x, path),
        LeakyReLU r => layers.LeakyRelu(r, x, path),
        ELU e => layers.Elu(e, x, path),
        GELU ge => layers.Gelu(ge, x, path),
        Softmax s => layers.Softmax(s, s.Dim, false, x, path),
        LogSoftmax s => layers.Softmax(s, s.Dim, true, x, path),
        MaxPool2d p => layers.MaxPool2d(p, x, path),
        AvgPool2d p => layers.AvgPool2d(p, x, path),
        AdaptiveAvgPool2d p => layers.AdaptiveAvgPool2d(p, x, path),
        BatchNorm b => layers.BatchNorm(b, x, path),
        LayerNorm n => layers.LayerNorm(n, x, path),
        NN.Flatten f => layers.Flatten(f, f.StartDim, f.EndDim, x, path),
        Dropout or Dropout1d or Dropout2d or Identity => x,
        LeNet5 net => LeNet(net, x, path),
        ResNet net => ResNetModel(net, x, path),
        BasicBlock b => Residual(b, ["conv1", "bn1", "relu", "conv2", "bn2"], x, path),
        Bottleneck b => Residual(b, ["conv1", "bn1", "relu", "conv2", "bn2", "relu", "conv3", "bn3"], x, path),
        ZeroPadShortcut z => ZeroPad(z, x, path),
        _ => throw new UnsupportedModuleException(m.GetType(), path,
            "no ONNX mapping (exported: Sequential, Linear, Conv2d, ReLU, LeakyReLU, ELU, Tanh, Sigmoid, GELU, Softmax, LogSoftmax, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, BatchNorm1d/2d/3d, LayerNorm, Flatten, Dropout, Identity, LeNet5, ResNet)"),
    };

    private OnnxValue Chain(Sequential s, OnnxValue x, string path)
    {
        foreach (var (name, child) in s.NamedChildren()) x = Convert(child, x, Join(path, name));
        return x;
    }

    private static Module Child(Module m, string name, string path) =>
        m.NamedChildren().FirstOrDefault(c => c.Name == name).Module
        ?? throw new UnsupportedModuleException(m.GetType(), path, $"expected a child module '{name}'");

    private OnnxValue Relu(OnnxValue x, string path) => new(g.Node("Relu", path, [x.Name]), x.Probe.Relu());

    /// <summary>LeNet5.Forward: (conv → act → pool) × 2, flatten, fc1 → act → fc2 → act → fc3.</summary>
    private OnnxValue LeNet(LeNet5 net, OnnxValue x, string path)
    {
        OnnxValue Step(OnnxValue v, string name) => Convert(Child(net, name, path), v, Join(path, name));
        x = Step(Step(Step(x, "conv1"), "act"), "pool");
        x = Step(Step(Step(x, "conv2"), "act"), "pool");
        x = new(g.Node("Flatten", path, [x.Name], Int("axis", 1)), x.Probe.Flatten(1));
        x = Step(Step(x, "fc1"), "act");
        x = Step(Step(x, "fc2"), "act");
        return Step(x, "fc3");
    }

    /// <summary>ResNet.Forward: conv1 → bn1 → relu → (maxpool) → stages → mean over H, W → fc.</summary>
    private OnnxValue ResNetModel(ResNet net, OnnxValue x, string path)
    {
        OnnxValue Step(OnnxValue v, string name) => Convert(Child(net, name, path), v, Join(path, name));
        x = Relu(Step(Step(x, "conv1"), "bn1"), path);
        if (!net.IsCifar) x = Step(x, "maxpool");
        for (int s = 1; s <= net.Layers.Count; s++) x = Step(x, $"layer{s}");
        x = new(g.Node("ReduceMean", path, [x.Name], Ints("axes", 2, 3), Int("keepdims", 0)), x.Probe.Mean([2, 3]));
        return Step(x, "fc");
    }

    /// <summary>BasicBlock / Bottleneck: relu(main(x) + shortcut(x)), shortcut = downsample(x) or x.</summary>
    private OnnxValue Residual(Module block, string[] main, OnnxValue x, string path)
    {
        var y = x;
        foreach (var name in main)
            y = name == "relu" ? Relu(y, path) : Convert(Child(block, name, path), y, Join(path, name));
        var down = block.NamedChildren().FirstOrDefault(c => c.Name == "downsample").Module;
        var shortcut = down is null ? x : Convert(down, x, Join(path, "downsample"));
        var sum = new OnnxValue(g.Node("Add", path, [y.Name, shortcut.Name]), y.Probe + shortcut.Probe);
        return Relu(sum, path);
    }

    /// <summary>
    /// The option-A shortcut: every stride-th pixel (<c>Slice</c> with steps on H and W), then zero channels padded
    /// before and after (<c>Pad</c>; pads list all axes' starts, then all axes' ends).
    /// </summary>
    private OnnxValue ZeroPad(ZeroPadShortcut z, OnnxValue x, string path)
    {
        var y = z.Forward(x.Probe);
        var name = x.Name;
        if (z.Stride != 1)
            name = g.Node("Slice", path, [name, g.Int64s(0, 0), g.Int64s(long.MaxValue, long.MaxValue), g.Int64s(2, 3), g.Int64s(z.Stride, z.Stride)]);
        int extra = z.OutChannels - z.InChannels, before = extra / 2;
        if (extra != 0) name = g.Node("Pad", path, [name, g.Int64s(0, before, 0, 0, 0, extra - before, 0, 0)]);
        return new(name, y);
    }
}
