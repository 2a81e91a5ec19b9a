using Google.Protobuf;

namespace Glassbox.Onnx.Proto;

/// <summary>
/// One ONNX protobuf message, written field by field with <see cref="CodedOutputStream"/> instead of classes generated
/// from <c>onnx.proto</c>: the exporter only writes, and only a handful of messages and fields, so a hand-written model
/// is smaller than a generated one and says exactly which fields a Glassbox file carries.
/// </summary>
/// <remarks>
/// <para><b>Wire format.</b> A field is a tag (field number × 8 + wire type, as a varint) and a value: wire type 0
/// (varint) for integers and enums, 5 (fixed 32-bit, little-endian) for floats, 2 (length-delimited: a varint byte
/// count, then the bytes) for strings, bytes and nested messages. <c>onnx.proto</c> is a proto2 file whose repeated
/// integers are not declared packed, so they are written one tag per element (every protobuf parser accepts both the
/// packed and the unpacked form, but the unpacked one is what the schema declares).</para>
/// <para><b>Defaults.</b> Empty strings and absent optional fields are not written; a reader sees the field's default.
/// Fields are written in field-number order, which keeps the bytes deterministic (the same model gives the same
/// file).</para>
/// <para><b>Nesting.</b> A nested message is serialised to its own buffer first and then written as a
/// length-delimited field, so its size is known without a separate size pass. Weights sit two levels down
/// (model → graph → initializer), so each weight byte is copied twice — cheap next to producing it.</para>
/// </remarks>
internal abstract class ProtoMessage
{
    /// <summary>Writes the message's fields (without an enclosing tag or length).</summary>
    public abstract void WriteTo(CodedOutputStream output);

    /// <summary>The message's bytes.</summary>
    public byte[] ToByteArray()
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            WriteTo(output);
            output.Flush();
        }
        return buffer.ToArray();
    }

    /// <summary>A nested message: tag with wire type 2, its byte count, its bytes.</summary>
    protected static void WriteMessage(CodedOutputStream output, int field, ProtoMessage message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(message.ToByteArray()));
    }

    /// <summary>A UTF-8 string field (wire type 2); an empty or null string is not written.</summary>
    protected static void WriteString(CodedOutputStream output, int field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    /// <summary>A bytes field (wire type 2).</summary>
    protected static void WriteBytes(CodedOutputStream output, int field, ReadOnlyMemory<byte> value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }

    /// <summary>An int64 field (wire type 0; a negative value takes ten bytes, as protobuf's int64 encoding says).</summary>
    protected static void WriteInt64(CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    /// <summary>An int32 or enum field (wire type 0).</summary>
    protected static void WriteInt32(CodedOutputStream output, int field, int value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt32(value);
    }

    /// <summary>A float field (wire type 5: four little-endian bytes).</summary>
    protected static void WriteFloat(CodedOutputStream output, int field, float value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
    }
}
