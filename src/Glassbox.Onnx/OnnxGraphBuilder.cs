using Glassbox.Onnx.Proto;

namespace Glassbox.Onnx;

/// <summary>
/// Collects the nodes and initializers of the graph being exported and hands out unique value names. Weight
/// initializers are named after the parameter's state-dict key (<c>layer1.0.conv1.weight</c>), so a file opened in
/// a viewer reads like the model's <c>state_dict()</c>; helper constants are <c>const_0</c>, <c>const_1</c>, ….
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private int counter;

    /// <summary>The graph being built.</summary>
    public GraphProto Graph { get; }

    public OnnxGraphBuilder(string graphName) => Graph = new GraphProto { Name = graphName };

    /// <summary>A value name not yet used, built from <paramref name="stem"/>.</summary>
    public string Fresh(string stem)
    {
        stem = stem.Length == 0 ? "v" : stem;
        if (names.Add(stem)) return stem;
        while (true)
        {
            var candidate = $"{stem}_{counter++}";
            if (names.Add(candidate)) return candidate;
        }
    }

    /// <summary>Reserves a name that must be used as is (graph input and output); fails if taken.</summary>
    public string Reserve(string name)
    {
        if (!names.Add(name)) throw new ArgumentException($"ONNX export: the value name '{name}' is used twice");
        return name;
    }

    /// <summary>Adds a float32 initializer holding the contents of a float32 tensor.</summary>
    public string Weight(string stem, Tensor t)
    {
        if (t.DType != DType.Float32)
            throw new ArgumentException($"ONNX export: '{stem}' is {t.DType}; only float32 models are exported (convert with To(DType.Float32) first)");
        var name = Fresh(stem);
        Graph.Initializers.Add(TensorProto.Float(name, t.Shape.ToArray().Select(d => (long)d).ToArray(), t.ToArray<float>()));
        return name;
    }

    /// <summary>Adds a float32 initializer of the given shape and values.</summary>
    public string FloatConstant(long[] dims, params float[] values)
    {
        var name = Fresh("const");
        Graph.Initializers.Add(TensorProto.Float(name, dims, values));
        return name;
    }

    /// <summary>Adds a float32 scalar initializer.</summary>
    public string Scalar(float value) => FloatConstant([], value);

    /// <summary>Adds a 1-D int64 initializer (shapes, axes, pads).</summary>
    public string Int64s(params long[] values)
    {
        var name = Fresh("const");
        Graph.Initializers.Add(TensorProto.Int64(name, [values.Length], values));
        return name;
    }

    /// <summary>Adds a node with one output named from <paramref name="nodeName"/>; returns that output's name.</summary>
    public string Node(string opType, string nodeName, string[] inputs, params AttributeProto[] attributes)
    {
        var output = Fresh(nodeName.Length == 0 ? opType : $"{nodeName}/{opType}");
        Graph.Nodes.Add(new NodeProto(opType, output, inputs, [output], attributes));
        return output;
    }
}
