using System.Buffers.Binary;
using System.Text;
using Glassbox.Training;

namespace Glassbox.Tests.Training;

/// <summary>
/// Hand-made safetensors files that break one rule of the format each: every one must be refused with an
/// <see cref="InvalidDataException"/> whose message names the file, the tensor at fault and the problem.
/// </summary>
public sealed class SafeTensorsHostileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-st-hostile-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>8-byte length (the header's own, unless <paramref name="declaredLength"/>), the header bytes, the data.</summary>
    private string Write(string name, byte[] header, byte[] data, ulong? declaredLength = null)
    {
        string path = Path.Combine(dir, name);
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string header, int dataBytes) => Write(name, Encoding.UTF8.GetBytes(header), new byte[dataBytes]);

    private static string Refused(string path, params string[] fragments)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
        return e.Message;
    }

    [Fact]
    public void NegativeOffsetsThatWouldReturnHeaderBytesAreRefused()
    {
        // [-8, 0] spans 8 bytes, exactly a 2-element F32 tensor: a check of only end − begin and end would read the
        // 8 bytes before the data section, i.e. the end of the header, as tensor data.
        string p = Write("neg.safetensors", """{"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}""", 0);
        Refused(p, "tensor 'w'", "data_offsets [-8,0]", "non-negative");
    }

    [Fact]
    public void OverflowingAndBackwardOffsetsAreRefused()
    {
        // end − begin wraps around to 8 in 64-bit arithmetic.
        string wrap = Write("wrap.safetensors", $$$"""{"w":{"dtype":"F32","shape":[2],"data_offsets":[{{{long.MaxValue}}},{{{long.MinValue + 7}}}]}}""", 8);
        Refused(wrap, "tensor 'w'", "non-negative");
        string huge = Write("huge.safetensors", """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551615]}}""", 8);
        Refused(huge, "tensor 'w'", "non-negative integers");
        string back = Write("back.safetensors", """{"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}""", 8);
        Refused(back, "tensor 'w': data_offsets [8, 4]", "begin > end");
        string past = Write("past.safetensors", """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 8);
        Refused(past, "tensor 'w': data_offsets [0, 16]", "8-byte data section");
        string size = Write("size.safetensors", """{"w":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}""", 8);
        Refused(size, "tensor 'w'", "needs 2 × 8 = 16");
    }

    [Fact]
    public void HeaderLengthMustBeWithinTheLimitAndTheFile()
    {
        string header = """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""";
        string over = Write("over.safetensors", Encoding.UTF8.GetBytes(header), new byte[4], declaredLength: 1UL << 40);
        Refused(over, "header length 1099511627776", "100000000-byte limit");
        string beyond = Write("beyond.safetensors", Encoding.UTF8.GetBytes(header), new byte[4], declaredLength: (ulong)header.Length + 5);
        Refused(beyond, "exceeds the", "truncated");
        string tiny = Path.Combine(dir, "tiny.safetensors");
        File.WriteAllBytes(tiny, [1, 2, 3]);
        Refused(tiny, "only 3 bytes");
    }

    [Fact]
    public void HeaderMustBeUtf8JsonObject()
    {
        Refused(Write("utf8.safetensors", [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], []), "not valid UTF-8");
        Refused(Write("json.safetensors", "{\"w\":", 0), "not valid JSON");
        Refused(Write("array.safetensors", "[1,2]", 0), "JSON array", "expected an object");
        Refused(Write("surrogate.safetensors", """{"\ud800":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}""", 0), "cannot be read");
    }

    [Fact]
    public void RepeatedNamesAndFieldsAreRefused()
    {
        // System.Text.Json keeps both copies when enumerating; other readers keep one of them, so the file is ambiguous.
        string twice = Write("twice.safetensors",
            """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8);
        Refused(twice, "tensor 'w'", "more than once");
        string field = Write("field.safetensors", """{"w":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,4]}}""", 4);
        Refused(field, "tensor 'w'", "field 'dtype' appears more than once");
        string meta = Write("meta.safetensors", """{"__metadata__":{"a":"1"},"__metadata__":{"a":"2"}}""", 0);
        Refused(meta, "'__metadata__' appears more than once");
    }

    [Fact]
    public void EntriesNeedKnownDtypeAndValidShape()
    {
        Refused(Write("dtype.safetensors", """{"w":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}""", 2), "tensor 'w'", "dtype 'F16'");
        Refused(Write("nodtype.safetensors", """{"w":{"shape":[1],"data_offsets":[0,4]}}""", 4), "tensor 'w'", "no 'dtype'");
        Refused(Write("negdim.safetensors", """{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4), "tensor 'w'", "negative");
        Refused(Write("frac.safetensors", """{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}""", 4), "tensor 'w'", "not an integer");
        // 2^16 × 2^16 × 2^16 elements: the product overflows 32-bit counts long before the offsets are checked.
        Refused(Write("big.safetensors", """{"w":{"dtype":"F32","shape":[65536,65536,65536],"data_offsets":[0,4]}}""", 4), "tensor 'w'", "too large");
        Refused(Write("meta.safetensors", """{"__metadata__":{"epoch":3}}""", 0), "'__metadata__' entry 'epoch'", "expected a string");
    }

    [Fact]
    public void DataSectionMustBeTiledWithoutGapsOverlapsOrTrailingBytes()
    {
        string gap = Write("gap.safetensors",
            """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12);
        Refused(gap, "tensor 'b'", "gap", "[4, 8)");
        string overlap = Write("overlap.safetensors",
            """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8);
        Refused(overlap, "tensor 'b'", "overlap tensor 'a'");
        string trailing = Write("trailing.safetensors", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 9);
        Refused(trailing, "9 bytes", "cover only 4");
    }

    [Fact]
    public void BoolBytesMustBeZeroOrOne()
    {
        string p = Write("bool.safetensors", Encoding.UTF8.GetBytes("""{"m":{"dtype":"BOOL","shape":[3],"data_offsets":[0,3]}}"""), [1, 0, 2]);
        Refused(p, "tensor 'm'", "element 2 has byte value 2");
    }

    [Fact]
    public void ValidHandWrittenFileLoadsWithMetadataAndEmptyTensor()
    {
        // The rules above must not refuse what the format allows: unknown fields, an empty tensor sharing an offset,
        // space padding after the JSON, a null __metadata__ is treated as none.
        var data = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(data, 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), -2f);
        string p = Write("ok.safetensors",
            """{"e":{"dtype":"F64","shape":[0,7],"data_offsets":[0,0],"extra":1},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"k":"v"}}    """, 0);
        var bytes = File.ReadAllBytes(p);
        File.WriteAllBytes(p, [.. bytes, .. data]);
        var t = SafeTensors.Load(p, out var meta);
        Assert.Equal([1.5f, -2f], t["w"].ToArray<float>());
        Assert.Equal([0, 7], t["e"].ShapeToArray());
        Assert.Equal("v", meta["k"]);
    }
}
