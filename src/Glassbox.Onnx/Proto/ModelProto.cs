using Google.Protobuf;

namespace Glassbox.Onnx.Proto;

/// <summary>
/// <c>ModelProto</c>: the file's top-level message. Fields: <c>ir_version</c> = 1 (int64), <c>producer_name</c> = 2
/// and <c>producer_version</c> = 3 (strings), <c>doc_string</c> = 6 (string), <c>graph</c> = 7
/// (<see cref="GraphProto"/>), <c>opset_import</c> = 8 (repeated <see cref="OperatorSetIdProto"/>). An <c>.onnx</c>
/// file is exactly these bytes, with no header or framing.
/// </summary>
internal sealed class ModelProto : ProtoMessage
{
    /// <summary>The IR (file format) version.</summary>
    public long IrVersion { get; init; }

    /// <summary>The tool that wrote the file.</summary>
    public string ProducerName { get; init; } = "";

    /// <summary>That tool's version.</summary>
    public string ProducerVersion { get; init; } = "";

    /// <summary>Free text describing the model.</summary>
    public string DocString { get; init; } = "";

    /// <summary>The computation.</summary>
    public GraphProto? Graph { get; init; }

    /// <summary>The operator sets the graph's nodes come from.</summary>
    public List<OperatorSetIdProto> OpsetImports { get; } = [];

    /// <inheritdoc/>
    public override void WriteTo(CodedOutputStream output)
    {
        WriteInt64(output, 1, IrVersion);
        WriteString(output, 2, ProducerName);
        WriteString(output, 3, ProducerVersion);
        WriteString(output, 6, DocString);
        if (Graph is not null) WriteMessage(output, 7, Graph);
        foreach (var o in OpsetImports) WriteMessage(output, 8, o);
    }
}
