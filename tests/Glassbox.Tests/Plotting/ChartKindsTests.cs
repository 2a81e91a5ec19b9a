using Glassbox.Plotting;

namespace Glassbox.Tests.Plotting;

/// <summary>Scatter plots, histograms, heatmaps and contour plots: what each draws, read back from its pixels.</summary>
public sealed class ChartKindsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-kinds-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void ScatterDrawsEachClusterInItsColourWhereItLies()
    {
        // Cluster 0 around (0, 0), cluster 1 around (10, 10); labels decide the colours.
        var gen = new Generator(7);
        var noise = Tensor.Randn([40, 2], generator: gen).ToDoubleArray();
        var pts = new double[40, 2];
        var labels = new long[40];
        for (int i = 0; i < 40; i++)
        {
            labels[i] = i % 2;
            pts[i, 0] = 10 * labels[i] + 0.5 * noise[2 * i];
            pts[i, 1] = 10 * labels[i] + 0.5 * noise[2 * i + 1];
        }
        var chart = new ScatterPlot { Title = "clusters" }.AddClasses(Tensor.From(pts), Tensor.FromArray(labels, 40), ["a", "b"]);
        Assert.Equal(["a", "b"], chart.Groups.Select(g => g.name).ToArray());
        var path = Path.Combine(dir, "scatter.png");
        chart.SavePng(path);
        var png = PlotPixels.Decode(path);
        var r = chart.Render();
        Assert.Equal(r.Image.Pixels, png.Pixels);

        // Each cluster's colour is found near its centre and not near the other cluster's centre.
        (int, int, int, int) Around(double x, double y) { var (px, py) = r.PixelOf(x, y); return (px - 40, py - 40, px + 40, py + 40); }
        var (a0, a1, a2, a3) = Around(0, 0);
        var (b0, b1, b2, b3) = Around(10, 10);
        Assert.True(PlotPixels.Count(png, ClassPalette.Of(0), a0, a1, a2, a3) > 20);
        Assert.Equal(0, PlotPixels.Count(png, ClassPalette.Of(1), a0, a1, a2, a3));
        Assert.True(PlotPixels.Count(png, ClassPalette.Of(1), b0, b1, b2, b3) > 20);
        Assert.Equal(0, PlotPixels.Count(png, ClassPalette.Of(0), b0, b1, b2, b3));
        // Legend right of the data area holds both colours.
        int right = (int)Math.Ceiling(r.DataRight) + 2;
        Assert.True(PlotPixels.Count(png, ClassPalette.Of(0), x0: right) > 4);
        Assert.True(PlotPixels.Count(png, ClassPalette.Of(1), x0: right) > 4);
    }

    [Fact]
    public void HistogramBinsLikeNumpy()
    {
        // numpy.histogram([0, 1, 1, 2, 3, 3, 3, 4], bins=4) → edges [0, 1, 2, 3, 4], counts [1, 2, 1, 4]: each bin is
        // [e_i, e_i+1) except the last, which also holds 4.
        double[] v = [0, 1, 1, 2, 3, 3, 3, 4];
        var h = new Histogram { Bins = 4 }.Add("v", v);
        var edges = h.Edges();
        Assert.Equal([0.0, 1, 2, 3, 4], edges);
        Assert.Equal([1.0, 2, 1, 4], Histogram.Heights(v, edges, density: false));
        // density: count / (n · width) with n = 8, width = 1; the areas sum to 1.
        var d = Histogram.Heights(v, edges, density: true);
        Assert.Equal([0.125, 0.25, 0.125, 0.5], d);
        // Outside a given range and NaN are not counted: range (1, 3) with 2 bins → [1, 2) holds 1, 1; [2, 3] holds 2, 3, 3, 3.
        var ranged = new Histogram { Bins = 2, Range = (1, 3) }.Add("v", [.. v, double.NaN]);
        Assert.Equal([2.0, 4], Histogram.Heights([.. v, double.NaN], ranged.Edges(), density: false));
    }

    [Fact]
    public void HistogramTallestBarIsAtTheModalBin()
    {
        // 2 values in [0, 1), 3 in [1, 2), 10 in [2, 3), 1 in [3, 4]: the tallest bar is over x ∈ [2, 3).
        double[] v = [0.5, 0.5, 1.5, 1.5, 1.5, .. Enumerable.Repeat(2.5, 10), 4];
        var chart = new Histogram { Bins = 4, Title = "hist" }.Add("v", v);
        var r = chart.Render();
        var bar = ClassPalette.Of(0);
        // The modal bar reaches height 9.5 (inside it); the others do not.
        Assert.Equal(bar, r.ColorAt(2.5, 9.5));
        Assert.NotEqual(bar, r.ColorAt(1.5, 9.5));
        Assert.NotEqual(bar, r.ColorAt(0.5, 9.5));
        Assert.Equal(bar, r.ColorAt(1.5, 2.5));   // bar over [1, 2) has height 3
        Assert.NotEqual(bar, r.ColorAt(1.5, 3.5));
        Assert.Equal(bar, r.ColorAt(3.5, 0.5));   // the last bin holds its right edge, 4
    }

    [Fact]
    public void HeatmapPaintsTheHotCellHotAndTheRestCold()
    {
        var m = new double[3, 4];
        m[1, 2] = 5; // one hot cell: row 1 (second from the top), column 2
        var chart = new Heatmap(m) { Title = "one hot cell" };
        var path = Path.Combine(dir, "heat.png");
        chart.SavePng(path);
        var png = PlotPixels.Decode(path);
        var r = chart.Render();
        Assert.Equal(r.Image.Pixels, png.Pixels);
        var hot = PlotPixels.Of(chart.ColormapOrDefault.GetColor(1));
        var cold = PlotPixels.Of(chart.ColormapOrDefault.GetColor(0));
        Assert.NotEqual(hot, cold);
        for (int row = 0; row < 3; row++)
            for (int col = 0; col < 4; col++)
            {
                var (x, y) = chart.CellCenter(row, col);
                var expected = row == 1 && col == 2 ? hot : cold;
                Assert.Equal(expected, r.ColorAt(x, y));
                // Each cell fills its own unit square, centred on its tick: points 0.4 from the centre towards every
                // corner are still the cell's colour (a heatmap shifted by half a cell fails here).
                foreach (var (dx, dy) in new[] { (-0.4, -0.4), (-0.4, 0.4), (0.4, -0.4), (0.4, 0.4) })
                    Assert.True(expected == r.ColorAt(x + dx, y + dy), $"cell ({row}, {col}) at offset ({dx}, {dy})");
            }
        // Row 0 is at the top: its centre is above row 2's.
        Assert.True(r.PixelOf(chart.CellCenter(0, 0).X, chart.CellCenter(0, 0).Y).Y < r.PixelOf(chart.CellCenter(2, 0).X, chart.CellCenter(2, 0).Y).Y);
        // The colour bar right of the data area shows both ends of the colour map.
        int right = (int)Math.Ceiling(r.DataRight) + 2;
        Assert.True(PlotPixels.Count(png, hot, x0: right) > 4);
        Assert.True(PlotPixels.Count(png, cold, x0: right) > 4);
    }

    [Fact]
    public void ConfusionMatrixAnnotatesCellsInContrastingInk()
    {
        var chart = Heatmap.ConfusionMatrix(new[,] { { 50, 2 }, { 3, 45 } }, ["cat", "dog"]);
        var r = chart.Render();
        var (lo, hi) = chart.ValueRange();
        Assert.Equal((2.0, 50.0), (lo, hi));
        // As in scikit-learn's display, many samples are dark and few are light; the dark diagonal cell (50) holds
        // white digits and the light off-diagonal cell (2) dark ones.
        var dark = PlotPixels.Of(chart.ColormapOrDefault.GetColor(1));
        var light = PlotPixels.Of(chart.ColormapOrDefault.GetColor(0));
        Assert.True(dark.R + dark.G + dark.B < 200 && light.R + light.G + light.B > 700, $"dark {dark}, light {light}");
        Assert.Equal(dark, r.ColorAt(chart.CellCenter(0, 0).X - 0.4, chart.CellCenter(0, 0).Y - 0.4));
        Assert.Equal(light, r.ColorAt(chart.CellCenter(0, 1).X - 0.4, chart.CellCenter(0, 1).Y - 0.4));
        var (dx, dy) = r.PixelOf(chart.CellCenter(0, 0).X, chart.CellCenter(0, 0).Y);
        Assert.Contains(PlotPixels.Colours(r.Image, dx - 12, dy - 8, dx + 12, dy + 8), c => c.R > 240 && c.G > 240 && c.B > 240);
        var (lx, ly) = r.PixelOf(chart.CellCenter(0, 1).X, chart.CellCenter(0, 1).Y);
        Assert.Contains(PlotPixels.Colours(r.Image, lx - 12, ly - 8, lx + 12, ly + 8), c => c.R < 60 && c.G < 60 && c.B < 60);
        var e = Assert.Throws<ArgumentException>(() => Heatmap.ConfusionMatrix(new int[2, 3]));
        Assert.Contains("must be square, got 2x3", e.Message);
    }

    [Fact]
    public void ContourBandsFollowTheFunction()
    {
        // f(x, y) = x on [0, 1]²: with levels [0, 0.5, 1] the left half is band 0 (first colour) and the right half
        // band 1 (last colour), whatever y is.
        var chart = new ContourPlot(Grid((x, _) => x), 0, 1, 0, 1) { Levels = [0, 0.5, 1], Lines = false, Title = "x" };
        var r = chart.Render();
        var first = PlotPixels.Of(new ScottPlot.Colormaps.Viridis().GetColor(0));
        var last = PlotPixels.Of(new ScottPlot.Colormaps.Viridis().GetColor(1));
        foreach (var y in new[] { 0.1, 0.5, 0.9 })
        {
            Assert.Equal(first, r.ColorAt(0.2, y));
            Assert.Equal(last, r.ColorAt(0.8, y));
        }
        Assert.Equal(0, ContourPlot.Band([0, 0.5, 1], -3));  // below the lowest level: the first band
        Assert.Equal(1, ContourPlot.Band([0, 0.5, 1], 0.5)); // a band holds its lower edge
        Assert.Equal(1, ContourPlot.Band([0, 0.5, 1], 7));
    }

    [Fact]
    public void SampledContourPutsRowZeroAtTheBottomAndDrawsLines()
    {
        // A bowl f = x² + y² over [-1, 1]²: the centre is in the lowest band, the corners in the highest.
        var chart = new ContourPlot(ContourPlot.Sample((x, y) => x * x + y * y, -1, 1, -1, 1, resolution: 60), -1, 1, -1, 1);
        var cm = new ScottPlot.Colormaps.Viridis();
        var r = chart.Render();
        Assert.Equal(PlotPixels.Of(cm.GetColor(0)), r.ColorAt(0.01, 0.01));
        Assert.Equal(PlotPixels.Of(cm.GetColor(1)), r.ColorAt(-0.98, 0.98));
        Assert.Equal(11, chart.LevelEdges().Length);
        // Contour lines blend black over the bands, so there are many more colours than the 10 bands and white.
        Assert.True(PlotPixels.Colours(r.Image, (int)r.DataLeft, (int)r.DataTop, (int)r.DataRight, (int)r.DataBottom).Count > 20);

        // A gradient only along y shows that row 0 is the bottom: the bottom of the plot is the first colour.
        var rows = new ContourPlot(Grid((_, y) => y), 0, 1, 0, 1) { LevelCount = 2, Lines = false }.Render();
        Assert.Equal(PlotPixels.Of(cm.GetColor(0)), rows.ColorAt(0.5, 0.1));
        Assert.Equal(PlotPixels.Of(cm.GetColor(1)), rows.ColorAt(0.5, 0.9));
    }

    [Fact]
    public void BadInputsNameTheChartAndWhatIsWrong()
    {
        var labels = Assert.Throws<ArgumentException>(() => new Heatmap(new double[3, 2]) { RowLabels = ["a", "b"] }.Render());
        Assert.Contains("Heatmap: 2 row labels for 3 rows", labels.Message);
        var rank = Assert.Throws<ArgumentException>(() => new Heatmap(Tensor.Zeros(2, 2, 2)));
        Assert.Contains("must be 2-D, got shape [2, 2, 2]", rank.Message);
        var levels = Assert.Throws<ArgumentException>(() => new ContourPlot(new double[2, 2], 0, 1, 0, 1) { Levels = [0, 0] }.Render());
        Assert.Contains("strictly increasing", levels.Message);
        var window = Assert.Throws<ArgumentException>(() => new ContourPlot(new double[2, 2], 1, 0, 0, 1));
        Assert.Contains("x1 > x0", window.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Histogram { Bins = 0 }.Add("v", [1.0]).Edges());
        var range = Assert.Throws<ArgumentException>(() => new Histogram { Range = (2, 1) }.Add("v", [1.0]).Edges());
        Assert.Contains("[2, 1]", range.Message);
        var scatter = Assert.Throws<ArgumentException>(() => new ScatterPlot().AddClasses(Tensor.Zeros(3, 2), Tensor.Zeros(4)));
        Assert.Contains("labels must have shape [3] to match X, got [4]", scatter.Message);
    }

    /// <summary>f sampled at the centres of a 20 × 20 grid over [0, 1]², row 0 at the bottom.</summary>
    private static double[,] Grid(Func<double, double, double> f)
    {
        var g = new double[20, 20];
        for (int r = 0; r < 20; r++) for (int c = 0; c < 20; c++) g[r, c] = f((c + 0.5) / 20, (r + 0.5) / 20);
        return g;
    }
}
