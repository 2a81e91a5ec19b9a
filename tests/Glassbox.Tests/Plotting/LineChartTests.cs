using Glassbox.Plotting;

namespace Glassbox.Tests.Plotting;

public sealed class LineChartTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-chart-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static LineChart Sample() => new LineChart { Title = "Loss", XLabel = "epoch", YLabel = "loss" }
        .Add("train", [1, 2, 3, 4, 5], [2.0, 1.0, 0.6, 0.4, 0.3])
        .Add("test", [1, 2, 3, 4, 5], [2.1, 1.2, 0.8, 0.7, 0.65]);

    [Fact]
    public void SvgHasOnePathPerSeriesTheLabelsAndEscapedTitle()
    {
        var svg = new LineChart { Title = "a<b", XLabel = "epoch" }.Add("s", [0, 1], [0, 1]).Add("t", [0, 1], [1, 0]).ToSvg();
        Assert.Contains("<svg", svg);
        Assert.Contains("a&lt;b", svg);
        Assert.DoesNotContain("a<b", svg);
        Assert.Contains("epoch", svg);
        // Each series' colour appears as a stroke (the line and its legend swatch).
        Assert.Contains(LineChart.SeriesColor(0).ToString(), svg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(LineChart.SeriesColor(1).ToString(), svg, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void PngShowsBothSeriesInsideTheDataAreaAndInTheLegend()
    {
        var path = Path.Combine(dir, "loss.png");
        Sample().SavePng(path);
        var png = PlotPixels.Decode(path);
        Assert.Equal((720, 440), (png.Width, png.Height));
        var r = Sample().Render();
        Assert.Equal(r.Image.Pixels, png.Pixels);
        int l = (int)r.DataLeft, t = (int)r.DataTop, rt = (int)r.DataRight, b = (int)r.DataBottom;
        foreach (var s in new[] { 0, 1 })
        {
            var c = LineChart.SeriesColor(s);
            Assert.True(PlotPixels.Count(png, c, l, t, rt, b) > 50, $"series {s} line inside the data area");
            Assert.True(PlotPixels.Count(png, c, x0: rt + 2) > 10, $"series {s} swatch in the legend right of the plot");
        }
        // The first series passes through (3, 0.6): its colour is within two pixels of that point.
        var (px, py) = r.PixelOf(3, 0.6);
        Assert.True(PlotPixels.Count(png, LineChart.SeriesColor(0), px - 2, py - 2, px + 3, py + 3) > 0);
        // Title ink: dark pixels above the data area.
        Assert.Contains(PlotPixels.Colours(png, 0, 0, png.Width, t), c => c.R < 80 && c.G < 80 && c.B < 80);
    }

    [Fact]
    public void LogAxisPlotsLogValuesAndBreaksAtNonPositiveOnes()
    {
        var chart = new LineChart { LogY = true }.Add("loss", [1, 2, 3, 4], [10, 1, 0, 0.01]);
        var r = chart.Render();
        // log10 of 10 … 0.01 spans [-2, 1]; the window covers it.
        Assert.True(r.YMin <= -2 && r.YMax >= 1, $"y window [{r.YMin}, {r.YMax}] must cover [-2, 1]");
        var (px, py) = r.PixelOf(1.5, 0.5); // the segment from (1, 1) to (2, 0) in log units passes here
        Assert.True(PlotPixels.Count(r.Image, LineChart.SeriesColor(0), px - 2, py - 2, px + 3, py + 3) > 0);
        // No line between x = 2 and x = 4, where the value 0 has no logarithm.
        var (qx, qy) = r.PixelOf(3, -1);
        Assert.Equal(0, PlotPixels.Count(r.Image, LineChart.SeriesColor(0), qx - 3, qy - 3, qx + 4, qy + 4));
    }

    [Fact]
    public void LogAxisWithinOneDecadeGetsLinearStepTicks()
    {
        // 0.17 … 0.44 holds no power of ten, so decade ticks would leave the axis unlabelled; 0.05 steps instead.
        var plot = new LineChart { LogY = true }.Add("loss", [1, 2], [0.44, 0.17]).ToPlot();
        plot.GetImage(400, 300); // the tick list is filled in for the visible range when the plot is rendered
        var ticks = Assert.IsType<ScottPlot.TickGenerators.NumericManual>(plot.Axes.Left.TickGenerator).Ticks;
        var labels = ticks.Where(t => t.IsMajor).Select(t => t.Label).ToArray();
        Assert.Contains("0.2", labels);
        Assert.Contains("0.4", labels);
        var at = ticks.Single(t => t.Label == "0.2").Position;
        Assert.Equal(Math.Log10(0.2), at, 12);
    }

    [Fact]
    public void SavesAreAtomicAndLeaveNoTemporaries()
    {
        var png = Path.Combine(dir, "c.png");
        var svg = Path.Combine(dir, "c.svg");
        File.WriteAllText(png, "old");
        Sample().SavePng(png);
        Sample().SaveSvg(svg);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(png)[..4]);
        Assert.Contains("<svg", File.ReadAllText(svg));
        Assert.Equal(new[] { "c.png", "c.svg" }, Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Order().ToArray());
    }

    [Fact]
    public void MismatchedSeriesLengthsAreReported()
    {
        var e = Assert.Throws<ArgumentException>(() => new LineChart().Add("s", [1, 2], [1]));
        Assert.Contains("'s' has 2 x values but 1 y values", e.Message);
    }
}
