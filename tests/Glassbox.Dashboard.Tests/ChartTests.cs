namespace Glassbox.Dashboard.Tests;

/// <summary>The SVG chart's ticks, gaps and reduction of long curves.</summary>
public class ChartTests
{
    [Theory]
    [InlineData(10, 2)]      // 10 / 5 = 2 exactly
    [InlineData(1, 0.2)]
    [InlineData(7, 1)]       // 1.4 → 1
    [InlineData(13, 2)]      // 2.6 → 2
    [InlineData(40, 10)]     // 8 → 10
    [InlineData(0.03, 0.005)]
    public void Step_IsOneTwoOrFiveTimesAPowerOfTen(double span, double expected) =>
        Assert.Equal(expected, AxisTicks.Step(span), 12);

    [Fact]
    public void Ticks_AreRoundMultiplesInsideTheRange()
    {
        Assert.Equal([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1], AxisTicks.Ticks(0, 1));
        Assert.Equal([2, 4, 6, 8, 10, 12], AxisTicks.Ticks(1, 12, integers: true));
        Assert.Equal([1, 2, 3], AxisTicks.Ticks(1, 3, integers: true)); // step 0.4 rounded up to whole steps
        Assert.Equal((4.5, 5.5), AxisTicks.Range(5, 5));
        Assert.Equal((-1.0, 1.0), AxisTicks.Range(0, 0));
    }

    [Fact]
    public void NaN_BreaksTheCurve_IntoSeparatePolylines()
    {
        var points = new List<(double, double)> { (1, 1), (2, 2), (3, double.NaN), (4, 3), (5, double.PositiveInfinity), (6, 1), (7, 2) };
        var parts = SvgLineChart.Parts(points);
        Assert.Equal([2, 1, 2], parts.Select(p => p.Count));
        var svg = SvgLineChart.Render("t", [new ChartSeries("m", "#000", points)]);
        Assert.Equal(3, svg.Split("<polyline").Length - 1);
        Assert.Equal(1, svg.Split("<circle").Length - 1); // the lone point (4, 3) gets a dot
    }

    [Fact]
    public void NoFiniteValue_SaysSo()
    {
        var svg = SvgLineChart.Render("t", [new ChartSeries("m", "#000", [(1, double.NaN)])]);
        Assert.Contains("no finite values to draw", svg);
        Assert.DoesNotContain("<polyline", svg);
    }

    [Fact]
    public void LongCurve_ReducedToMaxVertices_KeepingTheSpike()
    {
        int n = 50_000;
        var points = Enumerable.Range(0, n).Select(i => ((double)i, i == 31_337 ? 100.0 : Math.Sin(i * 0.001))).ToList();
        var kept = SvgLineChart.Reduce(points);
        Assert.True(kept.Count <= SvgLineChart.MaxVertices && kept.Count >= SvgLineChart.MaxVertices / 2, $"{kept.Count} vertices");
        Assert.Contains((31_337.0, 100.0), kept);
        Assert.Equal(kept.OrderBy(p => p.Item1), kept); // still in step order
        Assert.Contains((49_999.0, Math.Sin(49_999 * 0.001)), kept); // the last bucket's highest is its last point (sin rises there)
        var few = points.Take(10).ToList();
        Assert.Same(few, SvgLineChart.Reduce(few)); // short curves are drawn point for point
    }

    [Fact]
    public void Encode_EscapesTheFiveCharacters()
    {
        Assert.Equal("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;", Html.Encode("<a href=\"x\" title='y'>&</a>"));
        Assert.Equal("plain ü", Html.Encode("plain ü"));
        Assert.Equal("", Html.Encode(null));
    }
}
