using Glassbox.Data;
using Glassbox.Data.Frame;

namespace Glassbox.Tests.Data;

/// <summary>CSV inputs found by fuzzing that used to escape as the wrong exception or load silently altered.</summary>
public sealed class CsvHostileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-csv-hostile-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void InvalidUtf8IsRefusedNamingFileAndOffset()
    {
        // "a\nx" + 0xFF + "\n": File.ReadAllText used to turn the byte into U+FFFD and load the frame.
        string p = Path.Combine(dir, "latin.csv");
        File.WriteAllBytes(p, [(byte)'a', (byte)'\n', (byte)'x', 0xFF, (byte)'\n']);
        var e = Assert.Throws<DataFormatException>(() => DataFrame.ReadCsv(p));
        Assert.Contains(p, e.Message);
        Assert.Contains("not valid UTF-8 at byte 3", e.Message);
    }

    [Fact]
    public void RepeatedHeaderNameIsAFormatErrorNotAnArgumentException()
    {
        string p = Path.Combine(dir, "dup.csv");
        File.WriteAllText(p, "a,b,a\n1,2,3\n");
        var e = Assert.Throws<DataFormatException>(() => DataFrame.ReadCsv(p));
        Assert.Contains(p, e.Message);
        Assert.Contains("column 'a' twice (fields 1 and 3)", e.Message);
    }

    [Fact]
    public void Utf8WithBomStillLoads()
    {
        string p = Path.Combine(dir, "bom.csv");
        File.WriteAllBytes(p, [0xEF, 0xBB, 0xBF, .. "x,é\n1,ü\n"u8.ToArray()]);
        var df = DataFrame.ReadCsv(p);
        Assert.Equal(["x", "é"], df.ColumnNames);
        Assert.Equal(1.0, df.Numeric("x")[0]);
    }
}
