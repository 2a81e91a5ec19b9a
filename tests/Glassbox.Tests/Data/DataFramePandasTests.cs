using System.Text.Json;
using Glassbox.Data.Frame;
using Glassbox.Testing;
using static Glassbox.Data.Frame.Aggregation;

namespace Glassbox.Tests.Data;

/// <summary>
/// Group-by, merge, pivot, value counts, describe, sort and concat against pandas 1.5 on the results in
/// tests/fixtures/frame/pandas_frame.json (written by tools/reference/frame_fixtures.py): two small frames with
/// missing keys and values (their CSV text is in the fixture, so both sides parse the same input) and Titanic.
/// </summary>
/// <remarks>
/// Numbers are compared to a relative 1e-12: the results are sums and means of at most 891 values of a few
/// significant digits, where summation order (pandas' group sums are Kahan-compensated, std is Welford's) moves the
/// result by a few ulps, far below 1e-12; anything structurally wrong (a wrong row, a missed NaN) is off by far more.
/// </remarks>
public class DataFramePandasTests
{
    private static readonly JsonElement Doc =
        Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("frame"), "pandas_frame.json")).RootElement;

    private static DataFrame Input(string name) => DataFrame.ParseCsv(Doc.GetProperty(name).GetString()!, source: name);

    private static readonly DataFrame Left = Input("left"), Right = Input("right"), Extra = Input("extra");

    /// <summary>Asserts <paramref name="actual"/> has the case's columns in order and its values (null = missing).</summary>
    internal static void AssertFrame(string caseName, DataFrame actual)
    {
        var exp = Doc.GetProperty("cases").GetProperty(caseName);
        var names = exp.GetProperty("columns").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(names, actual.ColumnNames);
        foreach (var name in names)
        {
            var values = exp.GetProperty("data").GetProperty(name).EnumerateArray().ToArray();
            var col = actual[name];
            Assert.True(values.Length == col.Length, $"{caseName}: column '{name}' has {col.Length} rows, pandas {values.Length}");
            for (int i = 0; i < values.Length; i++) AssertValue($"{caseName}[{name}][{i}]", values[i], col, i);
        }
    }

    private static void AssertValue(string where, JsonElement e, Column col, int i)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null:
                Assert.True(col.IsMissing(i), $"{where}: pandas has a missing value, Glassbox {col.Format(i)}");
                break;
            case JsonValueKind.Number:
                {
                    double want = e.GetDouble();
                    Assert.True(col.GetValue(i) is double got, $"{where}: pandas has {want}, Glassbox a {col.Kind} '{col.Format(i)}'");
                    double g = (double)col.GetValue(i)!;
                    Assert.True(Math.Abs(g - want) <= 1e-12 * Math.Max(1, Math.Abs(want)), $"{where}: pandas {want:R}, Glassbox {g:R}");
                    break;
                }
            case JsonValueKind.True or JsonValueKind.False:
                Assert.Equal(e.GetBoolean(), col.GetValue(i));
                break;
            default:
                Assert.True(!col.IsMissing(i), $"{where}: pandas has '{e.GetString()}', Glassbox a missing value");
                Assert.Equal(e.GetString(), col.Format(i));
                break;
        }
    }

    /// <summary>pandas' <c>describe().T</c> layout from Glassbox's statistic-per-row frame.</summary>
    private static DataFrame Transposed(DataFrame describe)
    {
        string[] stats = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"];
        var rowOf = Enumerable.Range(0, describe.RowCount).ToDictionary(i => describe.Strings("statistic")[i]!);
        var numeric = describe.Columns.Skip(1).ToArray();
        var cols = new List<Column> { new TextColumn("column", numeric.Select(c => c.Name)) };
        foreach (var s in stats) cols.Add(new NumericColumn(s, numeric.Select(c => ((NumericColumn)c)[rowOf[s]])));
        return new DataFrame(cols);
    }

    [Fact]
    public void SmallFramesParseWithTheExpectedKinds()
    {
        Assert.Equal([ColumnKind.Categorical, ColumnKind.Numeric, ColumnKind.Numeric, ColumnKind.Text], Left.Columns.Select(c => c.Kind));
        Assert.Equal([1, 1, 1, 1], Left.Columns.Select(c => c.MissingCount));
    }

    [Fact]
    public void GroupByAggregationsMatchPandas()
    {
        AssertFrame("groupby_k1", Left.GroupBy("k1").Aggregate(
            new("v", Count, "v_count"), new("v", Sum, "v_sum"), new("v", Mean, "v_mean"), new("v", Min, "v_min"),
            new("v", Max, "v_max"), new("v", Std, "v_std"), new("v", Median, "v_median"), new("s", NUnique, "s_nunique"),
            new("s", First, "s_first")));
        AssertFrame("groupby_k1_k2_mean", Left.GroupBy("k1", "k2").Reduce(Mean, "v"));
        AssertFrame("groupby_k1_k2_size", Left.GroupBy("k1", "k2").Size());
    }

    [Theory]
    [InlineData(JoinKind.Inner, "inner")]
    [InlineData(JoinKind.Left, "left")]
    [InlineData(JoinKind.Right, "right")]
    [InlineData(JoinKind.Outer, "outer")]
    public void MergeMatchesPandasIncludingMissingKeysAndManyToMany(JoinKind how, string name)
    {
        AssertFrame($"merge_k1_{name}", Left.Merge(Right, how, "k1"));
        AssertFrame($"merge_k1k2_{name}", Left.Merge(Right, how, ["k1", "k2"], "_l", "_r"));
    }

    [Fact]
    public void PivotTablesMatchPandas()
    {
        AssertFrame("pivot_mean", Left.PivotTable("k1", "k2", "v"));
        AssertFrame("pivot_sum", Left.PivotTable("k1", "k2", "v", Sum));
        AssertFrame("pivot_count", Left.PivotTable("k1", "k2", "v", Count));
        AssertFrame("pivot_mean_fill", Left.PivotTable("k1", "k2", "v", Mean, fillValue: 0));
        AssertFrame("pivot_plain", Right.Filter(r => !r.IsMissing("k1")).Take([0, 2, 3]).Pivot("k1", "k2", "w")); // drop_duplicates(["k1", "k2"])
    }

    [Fact]
    public void ValueCountsAndDescribeMatchPandas()
    {
        AssertFrame("value_counts_s", Left.ValueCounts("s", normalize: false));
        AssertFrame("value_counts_s_norm", Left.ValueCounts("s", normalize: true));
        AssertFrame("value_counts_k1_dropna_false", Left.ValueCounts("k1", normalize: false, dropMissing: false));
        AssertFrame("describe", Transposed(Left.Describe()));
        AssertFrame("describe_object", Left.DescribeCategorical());
    }

    [Fact]
    public void SortAndConcatMatchPandas()
    {
        AssertFrame("sort_k1_v", Left.SortBy(["k1", "v"], [true, false]));
        AssertFrame("sort_v_desc", Left.SortBy("v", ascending: false));
        var c = DataFrame.Concat(Left, Extra);
        AssertFrame("concat", c);
        Assert.Equal(ColumnKind.Text, c["k1"].Kind); // categorical beside text widens to text
    }

    private static DataFrame Titanic()
    {
        var root = TestData.RequireDataset("titanic");
        return DataFrame.ReadCsv(Path.Combine(root, "titanic", "train.csv"));
    }

    [SkippableFact]
    public void TitanicGroupByAndPivotMatchPandas()
    {
        var t = Titanic();
        AssertFrame("t_survival_by_sex", t.GroupBy("Sex").Reduce(Mean, "Survived"));
        // the figures every Titanic tutorial quotes: 74.2% of women and 18.9% of men survived
        var bySex = t.GroupBy("Sex").Reduce(Mean, "Survived").Numeric("Survived");
        Assert.Equal(0.742, bySex[0], 3);
        Assert.Equal(0.189, bySex[1], 3);
        AssertFrame("t_groupby_class_sex", t.GroupBy("Pclass", "Sex").Aggregate(
            new("PassengerId", Count, "n"), new("Age", Mean, "age_mean"), new("Age", Median, "age_median"),
            new("Age", Std, "age_std"), new("Age", Count, "age_count"), new("Fare", Sum, "fare_sum"),
            new("Fare", Max, "fare_max"), new("Cabin", NUnique, "cabin_nunique"), new("Embarked", First, "embarked_first"),
            new("Name", Min, "name_min")));
        AssertFrame("t_pivot_survived", t.PivotTable("Pclass", "Sex", "Survived"));
        AssertFrame("t_pivot_fare_median", t.PivotTable("Embarked", "Pclass", "Fare", Median));
        AssertFrame("t_pivot_age_count_fill", t.PivotTable("SibSp", "Parch", "Age", Count, fillValue: 0));
    }

    [SkippableFact]
    public void TitanicCountsDescribeMergeAndSortMatchPandas()
    {
        var t = Titanic();
        AssertFrame("t_value_counts_embarked", t.ValueCounts("Embarked", normalize: false, dropMissing: false));
        AssertFrame("t_value_counts_pclass_norm", t.ValueCounts("Pclass", normalize: true));
        AssertFrame("t_describe", Transposed(t.Describe()));
        AssertFrame("t_describe_object", t.Select("Sex", "Embarked").DescribeCategorical());
        var sizes = t.GroupBy("Ticket").Size();
        AssertFrame("t_merge_ticket_size", t.Merge(sizes, JoinKind.Left, "Ticket").Select("PassengerId", "Ticket", "size"));
        var mm = t.Select("Ticket", "PassengerId", "Age").Merge(t.Select("Ticket", "PassengerId", "Fare"), JoinKind.Inner, "Ticket");
        double Sum(string c) => mm.Numeric(c).Values.ToArray().Sum();
        var px = mm.Numeric("PassengerId_x");
        var py = mm.Numeric("PassengerId_y");
        AssertFrame("t_merge_many_many_summary", new DataFrame([
            new NumericColumn("rows", [mm.RowCount]), new NumericColumn("pid_x_sum", [Sum("PassengerId_x")]),
            new NumericColumn("pid_y_sum", [Sum("PassengerId_y")]), new NumericColumn("age_missing", [mm["Age"].MissingCount]),
            new NumericColumn("fare_sum", [Sum("Fare")]), new NumericColumn("first_pid_x", [px[0]]),
            new NumericColumn("first_pid_y", [py[1]]), new NumericColumn("last_pid_x", [px[mm.RowCount - 1]]),
            new NumericColumn("last_pid_y", [py[mm.RowCount - 1]])]));
        AssertFrame("t_sort", t.SortBy(["Pclass", "Age", "Name"], [true, false, true]).Select("PassengerId"));
    }
}
