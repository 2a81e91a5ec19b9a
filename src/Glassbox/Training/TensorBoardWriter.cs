using System.Buffers.Binary;
using System.Text;

namespace Glassbox.Training;

/// <summary>
/// Writes TensorBoard event files (scalars), the format <c>torch.utils.tensorboard.SummaryWriter</c> produces,
/// so <c>tensorboard --logdir runs/</c> shows Glassbox runs.
/// </summary>
/// <remarks>
/// <para>An event file is a sequence of TFRecords: [uint64 length][uint32 masked CRC32C of length][payload]
/// [uint32 masked CRC32C of payload], each payload a serialized <c>tensorflow.Event</c> protobuf. The first event
/// carries <c>file_version = "brain.Event:2"</c>; each scalar is an Event{wall_time (field 1, double), step
/// (field 2, int64), summary (field 5) = Summary{value (field 1) = Value{tag (field 1, string), simple_value
/// (field 2, float)}}}. The few protobuf fields needed are encoded by hand below (varint keys, fixed64/fixed32
/// and length-delimited values).</para>
/// <para>CRC32C is the Castagnoli polynomial (reflected 0x82F63B78); TFRecord masks it as
/// ((crc &gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8 so that CRCs of data containing CRCs stay well distributed.</para>
/// </remarks>
public sealed class TensorBoardWriter : IDisposable
{
    private readonly FileStream stream;

    /// <summary>Creates <c>events.out.tfevents.TIMESTAMP.glassbox</c> in <paramref name="logDir"/>.</summary>
    public TensorBoardWriter(string logDir)
    {
        Directory.CreateDirectory(logDir);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        FilePath = Path.Combine(logDir, $"events.out.tfevents.{now}.glassbox");
        stream = new FileStream(FilePath, FileMode.Create, FileAccess.Write, FileShare.Read);
        var ev = new List<byte>();
        Fixed64(ev, 1, BitConverter.DoubleToUInt64Bits(WallTime()));
        Bytes(ev, 3, Encoding.UTF8.GetBytes("brain.Event:2"));
        WriteRecord(ev.ToArray());
    }

    /// <summary>Path of the event file.</summary>
    public string FilePath { get; }

    /// <summary>Appends one scalar point (<c>SummaryWriter.add_scalar(tag, value, step)</c>).</summary>
    public void AddScalar(string tag, double value, long step)
    {
        var val = new List<byte>();
        Bytes(val, 1, Encoding.UTF8.GetBytes(tag));
        Fixed32(val, 2, BitConverter.SingleToUInt32Bits((float)value));
        var summary = new List<byte>();
        Bytes(summary, 1, val.ToArray());
        var ev = new List<byte>();
        Fixed64(ev, 1, BitConverter.DoubleToUInt64Bits(WallTime()));
        Varint(ev, (2 << 3) | 0); Varint(ev, (ulong)step);
        Bytes(ev, 5, summary.ToArray());
        WriteRecord(ev.ToArray());
    }

    /// <summary>Flushes buffered records to disk.</summary>
    public void Flush() => stream.Flush();

    /// <summary>Closes the file.</summary>
    public void Dispose() => stream.Dispose();

    private static double WallTime() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private void WriteRecord(byte[] payload)
    {
        Span<byte> head = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(head, (ulong)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(head[8..], MaskedCrc(head[..8]));
        stream.Write(head);
        stream.Write(payload);
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, MaskedCrc(payload));
        stream.Write(tail);
    }

    private static void Varint(List<byte> b, ulong v)
    {
        while (v >= 0x80) { b.Add((byte)(v | 0x80)); v >>= 7; }
        b.Add((byte)v);
    }

    private static void Fixed64(List<byte> b, int field, ulong v)
    {
        Varint(b, (ulong)(field << 3 | 1));
        for (int i = 0; i < 8; i++) b.Add((byte)(v >> (8 * i)));
    }

    private static void Fixed32(List<byte> b, int field, uint v)
    {
        Varint(b, (ulong)(field << 3 | 5));
        for (int i = 0; i < 4; i++) b.Add((byte)(v >> (8 * i)));
    }

    private static void Bytes(List<byte> b, int field, byte[] data)
    {
        Varint(b, (ulong)(field << 3 | 2));
        Varint(b, (ulong)data.Length);
        b.AddRange(data);
    }

    private static readonly uint[] Crc32CTable = BuildTable();

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }

    /// <summary>CRC32C (Castagnoli) of <paramref name="data"/>.</summary>
    internal static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (var x in data) c = Crc32CTable[(c ^ x) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }

    internal static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint c = Crc32C(data);
        return ((c >> 15) | (c << 17)) + 0xa282ead8u;
    }
}
