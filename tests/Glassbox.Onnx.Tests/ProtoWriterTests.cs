using Glassbox.Onnx.Proto;

namespace Glassbox.Onnx.Tests;

/// <summary>The protobuf writer's bytes on tiny messages, checked by hand against the wire-format rules.</summary>
public class ProtoWriterTests
{
    [Fact]
    public void OperatorSetId()
    {
        // version = 2, varint: tag (2 << 3 | 0) = 0x10, then 17 = 0x11; the empty default domain is not written.
        Assert.Equal(new byte[] { 0x10, 0x11 }, new OperatorSetIdProto("", 17).ToByteArray());
        // domain = 1, length-delimited: tag 0x0A, length 2, "ml".
        Assert.Equal(new byte[] { 0x0A, 0x02, (byte)'m', (byte)'l', 0x10, 0x01 }, new OperatorSetIdProto("ml", 1).ToByteArray());
    }

    [Fact]
    public void FloatTensor()
    {
        byte[] expected =
        [
            0x08, 0x02,             // dims (1, varint) = 2
            0x10, 0x01,             // data_type (2, varint) = FLOAT
            0x42, 0x01, 0x77,       // name (8, length-delimited: tag 8 << 3 | 2 = 0x42) = "w"
            0x4A, 0x08,             // raw_data (9: 0x4A), 8 bytes:
            0x00, 0x00, 0x80, 0x3F, //   1.0f little-endian (0x3F800000)
            0x00, 0x00, 0x00, 0xC0, //   −2.0f (0xC0000000)
        ];
        Assert.Equal(expected, TensorProto.Float("w", [2], [1f, -2f]).ToByteArray());
    }

    [Fact]
    public void NegativeInt64TakesTenBytes()
    {
        // i (3, varint) = −1: two's complement as an unsigned 64-bit varint, nine 0xFF bytes then 0x01.
        byte[] expected = [0x0A, 0x01, (byte)'a', 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0xA0, 0x01, 0x02];
        // type (20, varint): tag 20 << 3 = 160 = varint A0 01; INT = 2.
        Assert.Equal(expected, AttributeProto.Int("a", -1).ToByteArray());
    }

    [Fact]
    public void FloatAndIntsAttributes()
    {
        // f (2, fixed32: tag 0x15) = 0.5f = 0x3F000000; type FLOAT = 1.
        Assert.Equal(new byte[] { 0x0A, 0x01, (byte)'e', 0x15, 0x00, 0x00, 0x00, 0x3F, 0xA0, 0x01, 0x01 }, AttributeProto.Float("e", 0.5f).ToByteArray());
        // ints (8, varint, unpacked: tag 0x40 per element) = [3, 300]; 300 = varint AC 02; type INTS = 7.
        Assert.Equal(new byte[] { 0x0A, 0x01, (byte)'k', 0x40, 0x03, 0x40, 0xAC, 0x02, 0xA0, 0x01, 0x07 }, AttributeProto.Ints("k", 3, 300).ToByteArray());
    }

    [Fact]
    public void ValueInfoWithSymbolicBatch()
    {
        byte[] expected =
        [
            0x0A, 0x01, (byte)'x',  // name (1) = "x"
            0x12, 0x0F,             // type (2): TypeProto, 15 bytes
            0x0A, 0x0D,             //   tensor_type (1): 13 bytes
            0x08, 0x01,             //     elem_type (1) = FLOAT
            0x12, 0x09,             //     shape (2): 9 bytes = two dims of 5 and 4
            0x0A, 0x03,             //       dim (1): 3 bytes (+ its 2-byte tag and length)
            0x12, 0x01, (byte)'N',  //         dim_param (2) = "N"
            0x0A, 0x02,             //       dim (1): 2 bytes
            0x08, 0x05,             //         dim_value (1) = 5
        ];
        Assert.Equal(expected, new ValueInfoProto("x", TensorDataType.Float, ["N", 5L]).ToByteArray());
    }

    [Fact]
    public void NodeAndModel()
    {
        var node = new NodeProto("Relu", "r", ["x"], ["y"], []);
        // input (1) "x", output (2) "y", name (3) "r", op_type (4) "Relu"; no attributes, default domain omitted.
        byte[] nodeBytes = [0x0A, 0x01, (byte)'x', 0x12, 0x01, (byte)'y', 0x1A, 0x01, (byte)'r', 0x22, 0x04, (byte)'R', (byte)'e', (byte)'l', (byte)'u'];
        Assert.Equal(nodeBytes, node.ToByteArray());
        var model = new ModelProto { IrVersion = 8 };
        model.OpsetImports.Add(new OperatorSetIdProto("", 17));
        // ir_version (1) = 8; opset_import (8, length-delimited: tag 0x42) of 2 bytes.
        Assert.Equal(new byte[] { 0x08, 0x08, 0x42, 0x02, 0x10, 0x11 }, model.ToByteArray());
    }
}
