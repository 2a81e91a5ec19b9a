using Glassbox.Milestones.Recipes.RL;
using Glassbox.Plotting;
using Glassbox.Tests.Plotting;

namespace Glassbox.Tests.RL;

public sealed class LearningCurvesTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-curves-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void SmoothIsTheTrailingWindowMeanOfEpisodesEndedSoFar()
    {
        var s = new EpisodeSeries([10, 20, 30, 40], [1, 2, 3, 4]);
        var v = LearningCurves.Smooth(s, [5, 10, 25, 40, 50], window: 2);
        Assert.True(double.IsNaN(v[0]));      // no episode has ended by step 5
        Assert.Equal([1.0, 1.5, 3.5, 3.5], v[1..]);
        Assert.Equal([20.0, 40.0, 60.0], LearningCurves.Grid(60, 3));
    }

    [Fact]
    public void SummaryIsMeanAndMinMaxOrStdAcrossSeeds()
    {
        var a = new EpisodeSeries([1, 2], [10, 20]);
        var b = new EpisodeSeries([2], [40]);
        var mm = LearningCurves.Summarize("m", [a, b], [1.0, 2.0], window: 1);
        // x = 1: only seed a has finished an episode; x = 2: values 20 and 40
        Assert.Equal([10.0, 30.0], mm.Mean);
        Assert.Equal([10.0, 20.0], mm.Lower);
        Assert.Equal([10.0, 40.0], mm.Upper);
        var sd = LearningCurves.Summarize("m", [a, b], [1.0, 2.0], window: 1, spread: CurveSpread.StandardDeviation);
        Assert.Equal([10.0, 20.0], sd.Lower);   // population sd of {20, 40} is 10
        Assert.Equal([10.0, 40.0], sd.Upper);
    }

    [Fact]
    public void BadSeriesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => LearningCurves.Smooth(new EpisodeSeries([2, 1], [0, 0]), [1.0]));
        Assert.Throws<ArgumentException>(() => LearningCurves.Smooth(new EpisodeSeries([1], [0, 0]), [1.0]));
        Assert.Throws<ArgumentException>(() => LearningCurves.Summarize("none", [], [1.0]));
        Assert.Throws<ArgumentException>(() => new LineChart().AddBand("missing", [0.0], [0.0], [1.0]));
    }

    [Fact]
    public void PictureShowsEachMeanLineInsideATintedBandAndTheBar()
    {
        // Two methods, three seeds each, straight-line returns: the band of method 0 spans 0..200 around a mean of 100
        // at the end; method 1 stays near 20.
        var steps = Enumerable.Range(1, 100).Select(i => i * 10.0).ToArray();
        EpisodeSeries Line(double slope, double offset) => new(steps, steps.Select(s => offset + slope * s).ToArray());
        var summaries = LearningCurves.Save(
            [("ppo", [Line(0.0, 0), Line(0.1, 0), Line(0.2, 0)]), ("dqn", [Line(0, 18), Line(0, 20), Line(0, 22)])],
            dir, "curves", "test", bar: 150, window: 1);
        Assert.True(File.Exists(Path.Combine(dir, "curves.png")));
        Assert.True(File.Exists(Path.Combine(dir, "curves.svg")));
        Assert.Equal(100.0, summaries[0].Mean[^1], 1e-9);
        Assert.Equal(200.0, summaries[0].Upper[^1], 1e-9);

        var chart = LearningCurves.Chart(summaries, "test", bar: 150);
        var r = chart.Render();
        var line = LineChart.SeriesColor(0);
        // Halfway between the mean line and the upper edge at x = 800 (mean 80, upper 160): the band's 20 % tint on white.
        var tint = new Rgb((byte)(255 - 0.2 * (255 - line.R)), (byte)(255 - 0.2 * (255 - line.G)), (byte)(255 - 0.2 * (255 - line.B)));
        var (px, py) = r.PixelOf(800, 120);
        var near = PlotPixels.Colours(r.Image, px - 3, py - 3, px + 4, py + 4);
        Assert.Contains(near, c => Math.Abs(c.R - tint.R) <= 3 && Math.Abs(c.G - tint.G) <= 3 && Math.Abs(c.B - tint.B) <= 3);
        // The mean line itself passes (800, 80) in the full series colour.
        var (lx, ly) = r.PixelOf(800, 80);
        Assert.True(PlotPixels.Count(r.Image, line, lx - 2, ly - 2, lx + 3, ly + 3) > 0);
        // Above every band and line (y = 260 at x = 300) the plot is untinted: no blue-ish pixels there.
        var (ex, ey) = r.PixelOf(300, 260);
        Assert.DoesNotContain(PlotPixels.Colours(r.Image, ex - 2, ey - 2, ex + 3, ey + 3), c => c.B > c.R + 20);
        // The dashed bar line is drawn in dark grey (anti-aliased, so R = G = B below 150) along y = 150.
        var (_, by) = r.PixelOf(0, 150);
        int grey = 0;
        for (int y = by - 2; y <= by + 2; y++)
            for (int x = (int)r.DataLeft; x < (int)r.DataRight; x++)
            {
                var c = r.Image.GetPixel(x, y);
                if (c.R == c.G && c.G == c.B && c.R < 150) grey++;
            }
        Assert.True(grey > 100, $"{grey} dark grey pixels along the bar line");
    }
}
