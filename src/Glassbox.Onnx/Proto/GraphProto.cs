using Google.Protobuf;

namespace Glassbox.Onnx.Proto;

/// <summary>
/// <c>GraphProto</c>: the computation. Fields: <c>node</c> = 1 (repeated <see cref="NodeProto"/>, in topological
/// order — each node's inputs are produced before it), <c>name</c> = 2 (string), <c>initializer</c> = 5 (repeated
/// <see cref="TensorProto"/>: the weights, as named constants), <c>input</c> = 11 and <c>output</c> = 12 (repeated
/// <see cref="ValueInfoProto"/>). Since IR version 4 initializers need not be listed among the inputs, and they are
/// not: listing them would let a caller override the weights at run time and stop a runtime from folding them.
/// </summary>
internal sealed class GraphProto : ProtoMessage
{
    /// <summary>The graph's name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Nodes in topological order.</summary>
    public List<NodeProto> Nodes { get; } = [];

    /// <summary>Constant tensors.</summary>
    public List<TensorProto> Initializers { get; } = [];

    /// <summary>Graph inputs.</summary>
    public List<ValueInfoProto> Inputs { get; } = [];

    /// <summary>Graph outputs.</summary>
    public List<ValueInfoProto> Outputs { get; } = [];

    /// <inheritdoc/>
    public override void WriteTo(CodedOutputStream output)
    {
        foreach (var n in Nodes) WriteMessage(output, 1, n);
        WriteString(output, 2, Name);
        foreach (var t in Initializers) WriteMessage(output, 5, t);
        foreach (var i in Inputs) WriteMessage(output, 11, i);
        foreach (var o in Outputs) WriteMessage(output, 12, o);
    }
}
