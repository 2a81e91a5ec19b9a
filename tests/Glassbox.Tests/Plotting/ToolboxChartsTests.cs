using Glassbox.Plotting;

namespace Glassbox.Tests.Plotting;

/// <summary>The toolbox pictures draw what they are given where it belongs.</summary>
public class ToolboxChartsTests
{
    [Fact]
    public void ReliabilityDiagramDrawsEachBinAtItsPoint()
    {
        var chart = new ReliabilityDiagram { Title = "calibration" }
            .Add("model", [0.1, 0.5, 0.9], [0.3, 0.5, 0.6], [50, 10, 40]);
        var r = chart.Render();
        var color = LineChart.SeriesColor(0);
        Assert.Equal(color, r.ColorAt(0.1, 0.3)); // bin markers in the series colour
        Assert.Equal(color, r.ColorAt(0.9, 0.6));
        Assert.NotEqual(color, r.ColorAt(0.2, 0.9)); // empty area above the curve
        Assert.Throws<ArgumentException>(() => new ReliabilityDiagram().Add("bad", [0.1], [0.2, 0.3], [1]));
    }

    [Fact]
    public void ImportanceChartPutsTheLargestOnTop()
    {
        var chart = new ImportanceChart().Add("small", 0.1, 0.01).Add("large", 0.8, 0.05).Add("middle", 0.4);
        var r = chart.Render();
        var bar = LineChart.SeriesColor(0);
        // sorted bottom to top by mean: "large" is the bar at position 2, 0.8 long
        Assert.Equal(bar, r.ColorAt(0.7, 2));
        Assert.NotEqual(bar, r.ColorAt(0.7, 0));
        Assert.Equal(bar, r.ColorAt(0.05, 0));
    }

    [Fact]
    public void ShapSummaryOrdersFeaturesByMeanAbsoluteValue()
    {
        // feature b moves the output most, then a, then c
        var plot = new ShapSummaryPlot(["a", "b", "c"], [0.5, -2, 0.1, -0.4, 1.5, 0.0], [1, 2, 3, 4, 5, 6]);
        Assert.Equal([2, 0, 1], plot.Order());
        Assert.True(plot.Render().Image.Width > 0);
        Assert.Throws<ArgumentException>(() => new ShapSummaryPlot(["a", "b"], [1, 2, 3], [1, 2, 3]));
    }

    [Fact]
    public void PartialDependencePlotNeedsMatchingGrids()
    {
        var plot = new PartialDependencePlot().SetAverage([0, 1, 2], [1, 2, 3]).AddIndividual([1, 1, 1]);
        Assert.Equal(1, plot.IndividualCount);
        Assert.Throws<ArgumentException>(() => plot.AddIndividual([1, 2]));
        var r = plot.Render();
        Assert.Equal(LineChart.SeriesColor(1), r.ColorAt(1, 2));
    }
}
