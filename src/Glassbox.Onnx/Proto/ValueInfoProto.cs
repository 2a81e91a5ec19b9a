using Google.Protobuf;

namespace Glassbox.Onnx.Proto;

/// <summary>
/// <c>ValueInfoProto</c>: a graph input or output — its name and a tensor type. Fields: <c>name</c> = 1 (string),
/// <c>type</c> = 2 (a <c>TypeProto</c>). The type is written inline as the nested messages
/// <c>TypeProto { tensor_type = 1: TypeProto.Tensor { elem_type = 1 (int32 enum), shape = 2: TensorShapeProto
/// { dim = 1 (repeated Dimension { dim_value = 1 (int64) | dim_param = 2 (string) }) } } }</c>: a dimension is a
/// fixed size or a symbolic name such as <c>"N"</c>, which lets the batch size vary from run to run.
/// </summary>
/// <param name="Name">The graph value's name.</param>
/// <param name="ElementType">The element type.</param>
/// <param name="Shape">Each dimension: a size (<c>long</c>) or a symbolic name (<c>string</c>).</param>
internal sealed class ValueInfoProto(string Name, TensorDataType ElementType, IReadOnlyList<object> Shape) : ProtoMessage
{
    /// <summary>The graph value's name.</summary>
    public string Name { get; } = Name;

    /// <summary>The element type.</summary>
    public TensorDataType ElementType { get; } = ElementType;

    /// <summary>Each dimension: a <c>long</c> size or a <c>string</c> symbol.</summary>
    public IReadOnlyList<object> Shape { get; } = Shape;

    /// <inheritdoc/>
    public override void WriteTo(CodedOutputStream output)
    {
        WriteString(output, 1, Name);
        WriteMessage(output, 2, new TypeMessage(ElementType, Shape));
    }

    private sealed class TypeMessage(TensorDataType type, IReadOnlyList<object> shape) : ProtoMessage
    {
        public override void WriteTo(CodedOutputStream output) => WriteMessage(output, 1, new TensorTypeMessage(type, shape));
    }

    private sealed class TensorTypeMessage(TensorDataType type, IReadOnlyList<object> shape) : ProtoMessage
    {
        public override void WriteTo(CodedOutputStream output)
        {
            WriteInt32(output, 1, (int)type);
            WriteMessage(output, 2, new ShapeMessage(shape));
        }
    }

    private sealed class ShapeMessage(IReadOnlyList<object> shape) : ProtoMessage
    {
        public override void WriteTo(CodedOutputStream output)
        {
            foreach (var d in shape) WriteMessage(output, 1, new DimensionMessage(d));
        }
    }

    private sealed class DimensionMessage(object dim) : ProtoMessage
    {
        public override void WriteTo(CodedOutputStream output)
        {
            switch (dim)
            {
                case long size: WriteInt64(output, 1, size); break;
                case int size: WriteInt64(output, 1, size); break;
                case string symbol: WriteString(output, 2, symbol); break;
                default: throw new ArgumentException($"a dimension is a size or a symbol name, got {dim?.GetType().Name ?? "null"}");
            }
        }
    }
}
