using System.Globalization;
using System.Text;
using Glassbox.Data;
using Glassbox.Data.Frame;

namespace Glassbox.Tests.Data;

/// <summary>The byte-level CSV reader: error locations, line endings, and a generated file large enough to take the parallel path.</summary>
public sealed class CsvReaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-csv-reader-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("a,b,c\n1,2,3\n4,5,6,7\n", "line 3, column 7: record 3 has 4 fields, the header has 3")]
    [InlineData("a,b,c\r\n1,2\r\n", "line 2, column 4: record 2 has 2 fields, the header has 3")]
    [InlineData("a,b\n\"x\ny\",1\n2\n", "line 4, column 2: record 3 has 1 fields, the header has 2")]
    [InlineData("a,b\né,1,2\n", "line 2, column 5: record 2 has 3 fields, the header has 2")] // columns count characters, not bytes
    [InlineData("a,b\n\"q\"\"\",1,\"z\"\n", "line 2, column 9: record 2 has 3 fields, the header has 2")] // the quoted field starts at its quote
    public void RaggedRowsNameLineAndColumn(string text, string message)
    {
        var e = Assert.Throws<DataFormatException>(() => DataFrame.ParseCsv(text, source: "t.csv"));
        Assert.Equal($"t.csv: {message}", e.Message);
    }

    [Fact]
    public void FileErrorsNameTheFileAndForcedKindsNameTheCell()
    {
        string p = Path.Combine(dir, "ragged.csv");
        File.WriteAllText(p, "x,y\n1,2\n3\n");
        var e = Assert.Throws<DataFormatException>(() => DataFrame.ReadCsv(p));
        Assert.Equal($"{p}: line 3, column 2: record 3 has 1 fields, the header has 2", e.Message);
        var kinds = new Dictionary<string, ColumnKind> { ["b"] = ColumnKind.Numeric, ["c"] = ColumnKind.Boolean };
        var n = Assert.Throws<DataFormatException>(() => DataFrame.ParseCsv("a,b,c\n1,2,true\n3,x4,false\n", kinds));
        Assert.Equal("<csv text>: line 3, column 3: column 'b': 'x4' is not a number", n.Message);
        var b = Assert.Throws<DataFormatException>(() => DataFrame.ParseCsv("a,b,c\n1,2,true\n3,4,\"yes\"\n", kinds));
        Assert.Equal("<csv text>: line 3, column 5: column 'c': 'yes' is not true/false", b.Message);
    }

    [Fact]
    public void CrLfBomQuotesAndMissingValuesReadAsPandasDoes()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(
            "id,note,x\r\n1,\"a,b\",1.5\r\n2,\"say \"\"hi\"\"\r\nbye\",\r\n3,,NA\r\n4,\"\",-2e3\r\n")).ToArray();
        var df = DataFrame.ParseCsvBytes(bytes);
        Assert.Equal(["id", "note", "x"], df.ColumnNames);
        Assert.Equal([1.5, double.NaN, double.NaN, -2000], df.Numeric("x").Values.ToArray());
        var note = df.Strings("note");
        Assert.Equal("a,b", note[0]);
        Assert.Equal("say \"hi\"\r\nbye", note[1]); // a line break inside quotes is data, kept byte for byte
        Assert.Null(note[2]);                       // empty unquoted: missing
        Assert.Equal("", note[3]);                  // empty quoted: a present empty string
    }

    [Fact]
    public void GeneratedFileRoundTripsThroughTheParallelPath()
    {
        // 20,000 rows × 6 columns = 120,000 fields, above the 65,536 at which columns are built in parallel
        const int rows = 20_000;
        var rng = new Random(7);
        var sb = new StringBuilder("id,price,city,comment,flag,maybe\n");
        var price = new double[rows];
        var comment = new string[rows];
        string[] cities = ["Oslo", "Lima", "Kyiv", "Perth"];
        for (int i = 0; i < rows; i++)
        {
            price[i] = Math.Round(rng.NextDouble() * 1000 - 500, 4);
            comment[i] = rng.Next(3) switch { 0 => $"plain {i}", 1 => $"has, comma {i}", _ => $"quote \"{i}\"\nand newline" };
            string maybe = i % 7 == 0 ? "" : (i * 0.5).ToString(CultureInfo.InvariantCulture);
            sb.Append(i).Append(',').Append(price[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(cities[i % 4]).Append(',').Append(CsvParser.Quote(comment[i])).Append(',')
              .Append(i % 2 == 0 ? "true" : "False").Append(',').Append(maybe).Append(i % 3 == 0 ? "\r\n" : "\n");
        }
        string p = Path.Combine(dir, "big.csv");
        File.WriteAllText(p, sb.ToString());
        var df = DataFrame.ReadCsv(p);
        Assert.Equal(rows, df.RowCount);
        Assert.Equal([ColumnKind.Numeric, ColumnKind.Numeric, ColumnKind.Categorical, ColumnKind.Text, ColumnKind.Boolean, ColumnKind.Numeric],
            df.Columns.Select(c => c.Kind));
        Assert.Equal(price, df.Numeric("price").Values.ToArray());
        Assert.True(comment.SequenceEqual(((TextColumn)df["comment"]).Values.ToArray()), "comments differ");
        Assert.Equal(rows / 7 + 1, df["maybe"].MissingCount);
        Assert.Equal(9999 * 0.5, df.Numeric("maybe")[9999]);
        var flag = (BooleanColumn)df["flag"];
        Assert.Equal(rows / 2, Enumerable.Range(0, rows).Count(i => flag[i] == true));
    }
}
