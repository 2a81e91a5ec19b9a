using Glassbox.Data;
using Glassbox.Data.Frame;

namespace Glassbox.Tests.Data;

/// <summary>RFC 4180 parsing with nasty quoting, type inference, and the DataFrame operations.</summary>
public class DataFrameTests
{
    [Fact]
    public void QuotedFieldsKeepCommasQuotesAndNewlines()
    {
        var text = "a,b,c\r\n\"x, y\",\"he said \"\"hi\"\"\",\"line1\nline2\"\n,\"\",plain\n\"\"\"\",\"a,\"\"b\"\",\r\nc\",z";
        var r = CsvParser.Parse(text);
        Assert.Equal(4, r.Count);
        Assert.Equal(["x, y", "he said \"hi\"", "line1\nline2"], r[1].Select(f => f.Text));
        Assert.Equal(["", "", "plain"], r[2].Select(f => f.Text));
        Assert.False(r[2][0].Quoted); // missing
        Assert.True(r[2][1].Quoted);  // quoted empty string: present, not missing
        Assert.Equal(["\"", "a,\"b\",\r\nc", "z"], r[3].Select(f => f.Text));
    }

    [Fact]
    public void TrailingNewlineBomAndLoneCr()
    {
        Assert.Equal(2, CsvParser.Parse("\uFEFFa,b\n1,2\n").Count);
        Assert.Equal(["a", "b"], CsvParser.Parse("\uFEFFa,b\n1,2\n")[0].Select(f => f.Text));
        Assert.Equal(3, CsvParser.Parse("a\r1\r2").Count);
        Assert.Equal(["", ""], CsvParser.Parse("a,b\n,\n")[1].Select(f => f.Text)); // trailing delimiter = empty last field
    }

    [Fact]
    public void MalformedQuotingNamesTheLine()
    {
        var e = Assert.Throws<DataFormatException>(() => CsvParser.Parse("a\n\"open\nstill"));
        Assert.Contains("line 2", e.Message);
        var e2 = Assert.Throws<DataFormatException>(() => CsvParser.Parse("a,b\n\"x\"y,1"));
        Assert.Contains("line 2", e2.Message);
        Assert.Throws<DataFormatException>(() => DataFrame.ParseCsv("a,b\n1,2,3"));
    }

    [Fact]
    public void RoundTripThroughToCsv()
    {
        var df = new DataFrame([
            new TextColumn("s", ["x, y", "q\"q", "n\nl", null]),
            new NumericColumn("v", [1.5, double.NaN, -3, 1e-300]),
        ]);
        var back = DataFrame.ParseCsv(df.ToCsv(), new Dictionary<string, ColumnKind> { ["s"] = ColumnKind.Text });
        Assert.Equal(new string?[] { "x, y", "q\"q", "n\nl", null }.AsEnumerable(), ((TextColumn)back["s"]).Values.ToArray().AsEnumerable());
        Assert.Equal([1.5, double.NaN, -3, 1e-300], back.Numeric("v").Values.ToArray());
    }

    private const string Sample = "id,sex,age,fare,name,flag\n1,male,22,7.25,\"Braund, Mr. Owen\",true\n2,female,38,71.28,\"Cumings, Mrs. John\",false\n3,female,,7.92,\"Heikkinen, Miss. Laina\",TRUE\n4,female,35,53.1,\"Futrelle, Mrs. Jacques\",\n5,male,NA,8.05,\"Allen, Mr. William\",false\n";

    [Fact]
    public void InfersKinds()
    {
        var df = DataFrame.ParseCsv(Sample);
        Assert.Equal([ColumnKind.Numeric, ColumnKind.Categorical, ColumnKind.Numeric, ColumnKind.Numeric, ColumnKind.Text, ColumnKind.Boolean],
            df.Columns.Select(c => c.Kind));
        Assert.Equal(2, df["age"].MissingCount); // empty and "NA"
        Assert.Equal(1, df["flag"].MissingCount);
        Assert.Equal("Braund, Mr. Owen", df.Strings("name")[0]);
    }

    [Fact]
    public void SelectFilterComputeAndToTensor()
    {
        var df = DataFrame.ParseCsv(Sample)
            .WithNumeric("fare2", r => 2 * r.Number("fare"))
            .Filter(r => r.Text("sex") == "female");
        Assert.Equal(3, df.RowCount);
        Assert.Equal(["id", "fare2"], df.Select("id", "fare2").ColumnNames);
        var t = df.ToTensor("id", "fare2", "flag");
        Assert.Equal([3, 3], t.ShapeArray);
        Assert.Equal([2, 142.56, 0, 3, 15.84, 1, 4, 106.2, double.NaN], t.ToDoubleArray());
        Assert.Throws<InvalidCastException>(() => df.ToTensor("sex"));
        Assert.Throws<KeyNotFoundException>(() => df["nope"]);
    }

    [Fact]
    public void ValueCountsAndDescribe()
    {
        var df = DataFrame.ParseCsv(Sample);
        Assert.Equal([("female", 3), ("male", 2)], df.ValueCounts("sex"));
        var d = df.Describe();
        Assert.Equal(["statistic", "id", "age", "fare"], d.ColumnNames);
        var age = d.Numeric("age").Values.ToArray();
        // ages 22, 35, 38: count 3, missing 2, mean 31.667, std (ddof 1) 8.5049, quartiles by linear interpolation
        Assert.Equal(3, age[0]); Assert.Equal(2, age[1]);
        Assert.Equal(95.0 / 3, age[2], 12);
        Assert.Equal(Math.Sqrt(((22 - 95.0 / 3) * (22 - 95.0 / 3) + (35 - 95.0 / 3) * (35 - 95.0 / 3) + (38 - 95.0 / 3) * (38 - 95.0 / 3)) / 2), age[3], 12);
        Assert.Equal([22, 28.5, 35, 36.5, 38], age[4..]);
    }
}
