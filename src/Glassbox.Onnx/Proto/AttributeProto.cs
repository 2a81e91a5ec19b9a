using Google.Protobuf;

namespace Glassbox.Onnx.Proto;

/// <summary>
/// <c>AttributeProto</c>: a named constant parameter of a node (a kernel shape, an axis, an epsilon). Fields written:
/// <c>name</c> = 1 (string), then exactly one value field — <c>f</c> = 2 (float, fixed32), <c>i</c> = 3 (int64,
/// varint), <c>s</c> = 4 (bytes), <c>floats</c> = 7 (repeated float), <c>ints</c> = 8 (repeated int64),
/// <c>strings</c> = 9 (repeated bytes) — and <c>type</c> = 20 (int32 enum <see cref="AttributeType"/>), which IR
/// version 2 and later require so that a proto3 reader, which cannot tell a zero from an absent field, knows which
/// value field is meant.
/// </summary>
internal sealed class AttributeProto : ProtoMessage
{
    private AttributeProto(string name, AttributeType type, object value) { Name = name; Type = type; Value = value; }

    /// <summary>The attribute name, as the operator's specification spells it.</summary>
    public string Name { get; }

    /// <summary>Which value field is set.</summary>
    public AttributeType Type { get; }

    /// <summary>The value: float, long, string, float[], long[] or string[].</summary>
    public object Value { get; }

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) => new(name, AttributeType.Float, value);

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) => new(name, AttributeType.Int, value);

    /// <summary>A string attribute (UTF-8).</summary>
    public static AttributeProto String(string name, string value) => new(name, AttributeType.String, value);

    /// <summary>A list-of-floats attribute.</summary>
    public static AttributeProto Floats(string name, params float[] values) => new(name, AttributeType.Floats, values);

    /// <summary>A list-of-integers attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values) => new(name, AttributeType.Ints, values);

    /// <summary>A list-of-strings attribute (UTF-8).</summary>
    public static AttributeProto Strings(string name, params string[] values) => new(name, AttributeType.Strings, values);

    /// <inheritdoc/>
    public override void WriteTo(CodedOutputStream output)
    {
        WriteString(output, 1, Name);
        switch (Value)
        {
            case float f: WriteFloat(output, 2, f); break;
            case long i: WriteInt64(output, 3, i); break;
            case string s:
                output.WriteTag(4, WireFormat.WireType.LengthDelimited);
                output.WriteString(s);
                break;
            case float[] fs: foreach (var f in fs) WriteFloat(output, 7, f); break;
            case long[] ints: foreach (var i in ints) WriteInt64(output, 8, i); break;
            case string[] ss:
                foreach (var s in ss) { output.WriteTag(9, WireFormat.WireType.LengthDelimited); output.WriteString(s); }
                break;
        }
        WriteInt32(output, 20, (int)Type);
    }
}

/// <summary><c>AttributeProto.AttributeType</c>: which value field an attribute carries (the enum's numbers).</summary>
internal enum AttributeType
{
    /// <summary><c>f</c>.</summary>
    Float = 1,
    /// <summary><c>i</c>.</summary>
    Int = 2,
    /// <summary><c>s</c>.</summary>
    String = 3,
    /// <summary><c>floats</c>.</summary>
    Floats = 6,
    /// <summary><c>ints</c>.</summary>
    Ints = 7,
    /// <summary><c>strings</c>.</summary>
    Strings = 8,
}
