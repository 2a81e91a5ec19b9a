using Glassbox.Data.Frame;
using static Glassbox.Data.Frame.Aggregation;

namespace Glassbox.Tests.Data;

/// <summary>The DataFrame operations' rules pandas' fixtures do not reach: booleans, string min/max, errors and naming.</summary>
public class DataFrameOperationsTests
{
    private static readonly DataFrame Df = new([
        new CategoricalColumn("g", ["x", "y", "x", "x", null, "y"]),
        new BooleanColumn("b", [true, false, null, true, true, true]),
        new TextColumn("s", ["pear", "apple", null, "fig", "kiwi", "Zed"]),
        new NumericColumn("v", [1, 2, 3, double.NaN, 5, 6]),
    ]);

    private static string J(Column c) => string.Join("|", Enumerable.Range(0, c.Length).Select(i => c.IsMissing(i) ? "<NA>" : c.Format(i)));

    [Fact]
    public void BooleansAggregateAsZeroOneAndStringsKeepTheirKindForMinMaxFirst()
    {
        var r = Df.GroupBy("g").Aggregate(new("b", Sum), new("b", Mean, "b_rate"), new("s", Min, "s_min"), new("s", Max, "s_max"),
            new("s", First, "s_first"), new("b", Count, "b_n"), new("v", Count, "v_n"));
        Assert.Equal("x|y", J(r["g"]));
        Assert.Equal([2, 1], r.Numeric("b_sum").Values.ToArray());  // "b" is aggregated three times: default name b_sum           // x: true, (missing), true; y: false, true
        Assert.Equal([1, 0.5], r.Numeric("b_rate").Values.ToArray());
        Assert.Equal("fig|Zed", J(r["s_min"])); // ordinal: 'Z' (90) sorts before 'a' (97)
        Assert.Equal("pear|apple", J(r["s_max"]));
        Assert.Equal("pear|apple", J(r["s_first"]));
        Assert.IsType<TextColumn>(r["s_min"]);
        Assert.Equal([2, 2], r.Numeric("b_n").Values.ToArray());
        Assert.Equal([2, 2], r.Numeric("v_n").Values.ToArray());
        Assert.Equal([3, 2], Df.GroupBy("g").Size().Numeric("size").Values.ToArray()); // the row with no key is in no group
    }

    [Fact]
    public void EmptyAggregatesFollowPandas()
    {
        var df = new DataFrame([new CategoricalColumn("g", ["a", "a", "b"]), new NumericColumn("v", [double.NaN, double.NaN, 4])]);
        var r = df.GroupBy("g").Aggregate(new("v", Sum, "sum"), new("v", Mean, "mean"), new("v", Min, "min"), new("v", Std, "std"), new("v", Count, "n"));
        Assert.Equal([0, 4], r.Numeric("sum").Values.ToArray()); // min_count = 0: an all-missing sum is 0
        Assert.Equal([double.NaN, 4], r.Numeric("mean").Values.ToArray());
        Assert.Equal([double.NaN, 4], r.Numeric("min").Values.ToArray());
        Assert.Equal([double.NaN, double.NaN], r.Numeric("std").Values.ToArray()); // fewer than two values
        Assert.Equal([0, 1], r.Numeric("n").Values.ToArray());
    }

    [Fact]
    public void DefaultOutputNamesAndErrorsNameTheColumn()
    {
        var r = Df.GroupBy("g").Aggregate(new("v", Mean), new("v", Max), new("b", Sum));
        Assert.Equal(["g", "v_mean", "v_max", "b"], r.ColumnNames);
        var e = Assert.Throws<ArgumentException>(() => Df.GroupBy("g").Reduce(Mean, "s"));
        Assert.Contains("'s'", e.Message);
        Assert.Contains("Text", e.Message);
        Assert.Throws<ArgumentException>(() => Df.GroupBy("g").Aggregate(new AggregationSpec("v", Mean, "g")));
        Assert.Throws<KeyNotFoundException>(() => Df.GroupBy("nope"));
    }

    [Fact]
    public void MergeRejectsMismatchedKeysAndClashingSuffixes()
    {
        var nums = new DataFrame([new NumericColumn("g", [1, 2]), new NumericColumn("w", [1, 2])]);
        var e = Assert.Throws<ArgumentException>(() => Df.Merge(nums, JoinKind.Inner, "g"));
        Assert.Contains("'g'", e.Message);
        Assert.Throws<ArgumentException>(() => Df.Merge(nums, JoinKind.Inner, "zz"));
        var other = new DataFrame([new CategoricalColumn("g", ["x"]), new NumericColumn("v", [9]), new NumericColumn("v_x", [0])]);
        Assert.Throws<ArgumentException>(() => Df.Merge(other, JoinKind.Inner, "g")); // v → v_x clashes with the right's v_x
        var ok = Df.Merge(other, JoinKind.Left, "g", "_left", "_right");
        Assert.Equal(["g", "b", "s", "v_left", "v_right", "v_x"], ok.ColumnNames);
        Assert.Equal([9, double.NaN, 9, 9, double.NaN, double.NaN], ok.Numeric("v_right").Values.ToArray());
        var rj = Df.Merge(other, JoinKind.Right, "g", "_l", "_r");
        Assert.Equal(3, rj.RowCount); // the right's one 'x' row paired with the left's three
        var rb = (BooleanColumn)rj["b"];
        Assert.Equal(new bool?[] { true, null, true }, new[] { rb[0], rb[1], rb[2] });
    }

    [Fact]
    public void PivotRejectsDuplicatePairsAndSortPutsMissingLast()
    {
        var e = Assert.Throws<ArgumentException>(() => Df.Pivot("g", "b", "v"));
        Assert.Contains("occurs 2 times", e.Message);
        Assert.Throws<ArgumentException>(() => Df.PivotTable("g", "b", "s", First, fillValue: 0));
        var p = Df.PivotTable("g", "b", "s", First);
        Assert.Equal(["g", "False", "True"], p.ColumnNames);
        Assert.Equal("<NA>|apple", J(p["False"]));
        var sorted = Df.SortBy(["v"], [false]);
        Assert.Equal([6, 5, 3, 2, 1, double.NaN], sorted.Numeric("v").Values.ToArray());
        Assert.Equal("x|x|x|y|y|<NA>", J(Df.SortBy("g")["g"])); // stable, missing last
    }

    [Fact]
    public void ConcatFillsAbsentColumnsAndRejectsKindClashes()
    {
        var a = new DataFrame([new NumericColumn("x", [1, 2])]);
        var b = new DataFrame([new CategoricalColumn("y", ["u"])]);
        var c = DataFrame.Concat(a, b);
        Assert.Equal(["x", "y"], c.ColumnNames);
        Assert.Equal([1, 2, double.NaN], c.Numeric("x").Values.ToArray());
        Assert.Equal("<NA>|<NA>|u", J(c["y"]));
        var e = Assert.Throws<ArgumentException>(() => DataFrame.Concat(a, new DataFrame([new TextColumn("x", ["q"])])));
        Assert.Contains("'x'", e.Message);
    }
}
