using Google.Protobuf;

namespace Glassbox.Onnx.Proto;

/// <summary>
/// <c>NodeProto</c>: one operator call. Fields: <c>input</c> = 1 and <c>output</c> = 2 (repeated strings: graph value
/// names, in the operator's argument order; an empty name skips an optional input), <c>name</c> = 3 (string),
/// <c>op_type</c> = 4 (string), <c>attribute</c> = 5 (repeated <see cref="AttributeProto"/>), <c>domain</c> = 7
/// (string; empty for the default <c>ai.onnx</c> domain).
/// </summary>
/// <param name="OpType">The operator (e.g. <c>Conv</c>).</param>
/// <param name="Name">A name unique in the graph (diagnostics only).</param>
/// <param name="Inputs">Input value names.</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Attributes">Attributes.</param>
/// <param name="Domain">The operator's domain ("" for <c>ai.onnx</c>).</param>
internal sealed class NodeProto(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyList<AttributeProto> Attributes, string Domain = "") : ProtoMessage
{
    /// <summary>The operator.</summary>
    public string OpType { get; } = OpType;

    /// <summary>The node's name.</summary>
    public string Name { get; } = Name;

    /// <summary>Input value names.</summary>
    public IReadOnlyList<string> Inputs { get; } = Inputs;

    /// <summary>Output value names.</summary>
    public IReadOnlyList<string> Outputs { get; } = Outputs;

    /// <summary>Attributes.</summary>
    public IReadOnlyList<AttributeProto> Attributes { get; } = Attributes;

    /// <summary>The operator's domain.</summary>
    public string Domain { get; } = Domain;

    /// <inheritdoc/>
    public override void WriteTo(CodedOutputStream output)
    {
        foreach (var i in Inputs) { output.WriteTag(1, WireFormat.WireType.LengthDelimited); output.WriteString(i); }
        foreach (var o in Outputs) { output.WriteTag(2, WireFormat.WireType.LengthDelimited); output.WriteString(o); }
        WriteString(output, 3, Name);
        WriteString(output, 4, OpType);
        foreach (var a in Attributes) WriteMessage(output, 5, a);
        WriteString(output, 7, Domain);
    }
}
