using Google.Protobuf;

namespace Glassbox.Onnx.Proto;

/// <summary>
/// <c>OperatorSetIdProto</c>: one operator set a model imports. Fields: <c>domain</c> = 1 (string; empty means the
/// default <c>ai.onnx</c> domain), <c>version</c> = 2 (int64, varint).
/// </summary>
/// <param name="Domain">The operator domain ("" for <c>ai.onnx</c>, <c>"ai.onnx.ml"</c> for ONNX-ML).</param>
/// <param name="Version">The opset version of that domain.</param>
internal sealed class OperatorSetIdProto(string Domain, long Version) : ProtoMessage
{
    /// <summary>The operator domain.</summary>
    public string Domain { get; } = Domain;

    /// <summary>The opset version.</summary>
    public long Version { get; } = Version;

    /// <inheritdoc/>
    public override void WriteTo(CodedOutputStream output)
    {
        WriteString(output, 1, Domain);
        WriteInt64(output, 2, Version);
    }
}
