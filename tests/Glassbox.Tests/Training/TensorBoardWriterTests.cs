using System.Buffers.Binary;
using System.Text;
using Glassbox.Training;

namespace Glassbox.Tests.Training;

public class TensorBoardWriterTests
{
    [Fact]
    public void Crc32CMatchesTheStandardCheckValue()
    {
        // The CRC catalogue's check value for CRC-32C over the ASCII string "123456789".
        Assert.Equal(0xE3069283u, TensorBoardWriter.Crc32C(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void WritesValidTfRecordsWithVersionAndScalars()
    {
        var dir = Directory.CreateTempSubdirectory("gb-tb").FullName;
        string file;
        using (var w = new TensorBoardWriter(dir))
        {
            w.AddScalar("loss/train", 0.5, 1);
            w.AddScalar("loss/train", 0.25, 2);
            file = w.FilePath;
        }
        var bytes = File.ReadAllBytes(file);
        var payloads = new List<byte[]>();
        int pos = 0;
        while (pos < bytes.Length)
        {
            ulong len = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(pos));
            Assert.Equal(TensorBoardWriter.MaskedCrc(bytes.AsSpan(pos, 8)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 8)));
            var payload = bytes.AsSpan(pos + 12, (int)len).ToArray();
            Assert.Equal(TensorBoardWriter.MaskedCrc(payload), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 12 + (int)len)));
            payloads.Add(payload);
            pos += 12 + (int)len + 4;
        }
        Assert.Equal(3, payloads.Count);
        Assert.Contains("brain.Event:2", Encoding.ASCII.GetString(payloads[0]));
        // Event: field 1 wall_time (tag 0x09, 8 bytes), field 2 step (tag 0x10, varint), field 5 summary (tag 0x2A).
        var p = payloads[2];
        Assert.Equal(0x09, p[0]);
        Assert.Equal(0x10, p[9]);
        Assert.Equal(2, p[10]);
        Assert.Equal(0x2A, p[11]);
        Assert.Contains("loss/train", Encoding.ASCII.GetString(p));
        // the simple_value float (tag 0x15) is the last 4 bytes of the payload
        Assert.Equal(0x15, p[^5]);
        Assert.Equal(0.25f, BitConverter.ToSingle(p, p.Length - 4));
    }
}
