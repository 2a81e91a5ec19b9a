using Glassbox.Data;
using Glassbox.Plotting;
using Glassbox.Milestones.Recipes;

namespace Glassbox.Tests.Plotting;

/// <summary>The decision-boundary plot, checked by decoding the PNG it writes and by reading pixels at known data points.</summary>
public sealed class DecisionBoundaryTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-boundary-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    // A vertical boundary at x = 0.5: left of it class 0, right of it class 1.
    private static int[] Vertical(double[,] p) => Enumerable.Range(0, p.GetLength(0)).Select(i => p[i, 0] > 0.5 ? 1 : 0).ToArray();

    [Fact]
    public void RegionsFollowThePredictorAndBothClassesAppear()
    {
        var (X, y) = Synthetic.MakeMoons(60, 0.1, new Generator(2));
        var path = Path.Combine(dir, "boundary.png");
        var r = DecisionBoundary.Render(Vertical, X, y, path, size: 300);

        var png = PlotPixels.Decode(path);
        Assert.Equal((300, 300), (png.Width, png.Height));
        Assert.Equal(r.Image.Pixels, png.Pixels); // the returned picture is the one saved
        var colours = PlotPixels.Colours(png);
        Assert.Contains(ClassPalette.Of(0), colours);
        Assert.Contains(ClassPalette.Of(1), colours);
        Assert.NotEqual(ClassPalette.Region(0), ClassPalette.Region(1));

        // The window's corners lie away from the moons: upper-left predicts class 0, upper-right class 1. Look one
        // grid cell inside each corner so the frame line is not sampled.
        double dx = (r.XMax - r.XMin) / 50, dy = (r.YMax - r.YMin) / 50;
        Assert.Equal(ClassPalette.Region(0), r.ColorAt(r.XMin + dx, r.YMax - dy));
        Assert.Equal(ClassPalette.Region(1), r.ColorAt(r.XMax - dx, r.YMax - dy));
        Assert.Equal(ClassPalette.Region(0), r.ColorAt(r.XMin + dx, r.YMin + dy));
        Assert.Equal(ClassPalette.Region(1), r.ColorAt(0.6, r.YMin + dy)); // just right of the boundary
        Assert.Equal(ClassPalette.Region(0), r.ColorAt(0.4, r.YMax - dy)); // just left of it
    }

    [Fact]
    public void PointsAreDrawnWhereTheyLieAndNamedInTheLegend()
    {
        // Two points: (0, 0) class 0 and (1, 1) class 1; the window is [-0.1, 1.1] on both axes.
        var X = Tensor.From(new double[,] { { 0, 0 }, { 1, 1 } });
        var y = Tensor.FromArray(new long[] { 0, 1 }, 2);
        var r = DecisionBoundary.Draw(p => new int[p.GetLength(0)], X, y, size: 300);
        Assert.Equal((-0.1, 1.1), (r.XMin, r.XMax), new ToleranceComparer(1e-9));
        Assert.Equal(ClassPalette.Of(0), r.ColorAt(0, 0));   // dot centre, full class colour
        Assert.Equal(ClassPalette.Of(1), r.ColorAt(1, 1));
        Assert.Equal(ClassPalette.Region(0), r.ColorAt(1, 0)); // no dot there: the (all class 0) region shows
        // The legend sits below the data area (under the axis labels) and shows both class colours.
        int below = (int)Math.Ceiling(r.DataBottom) + 2;
        Assert.True(PlotPixels.Count(r.Image, ClassPalette.Of(0), y0: below) > 4);
        Assert.True(PlotPixels.Count(r.Image, ClassPalette.Of(1), y0: below) > 4);
    }

    [Fact]
    public void PredictorReturningTheWrongCountIsReported()
    {
        var (X, y) = Synthetic.MakeMoons(10, 0.0, new Generator(1));
        var e = Assert.Throws<InvalidOperationException>(() => DecisionBoundary.Draw(_ => new int[3], X, y, size: 80));
        Assert.Contains($"3 labels for {DecisionBoundary.GridSize * DecisionBoundary.GridSize} grid points", e.Message);
    }

    [Fact]
    public void BadShapesAreReportedWithTheShape()
    {
        var e = Assert.Throws<ArgumentException>(() => DecisionBoundary.Draw(_ => [], Tensor.Zeros(4, 3), Tensor.Zeros(4), size: 80));
        Assert.Contains("[n, 2], got [4, 3]", e.Message);
    }

    [Fact]
    public void MoonsDemoWritesItsDecisionBoundary()
    {
        var path = Path.Combine(dir, "moons.png");
        var r = MoonsDemo.Run(seed: 3, samples: 30, epochs: 3, imagePath: path, onEpoch: null);
        Assert.Equal(path, r.ImagePath);
        var png = PlotPixels.Decode(path);
        Assert.Equal((400, 400), (png.Width, png.Height));
        var colours = PlotPixels.Colours(png);
        Assert.Contains(ClassPalette.Of(0), colours);
        Assert.Contains(ClassPalette.Of(1), colours);
        Assert.True(colours.Contains(ClassPalette.Region(0)) || colours.Contains(ClassPalette.Region(1)));
    }

    private sealed class ToleranceComparer(double tol) : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) a, (double, double) b) => Math.Abs(a.Item1 - b.Item1) <= tol && Math.Abs(a.Item2 - b.Item2) <= tol;
        public int GetHashCode((double, double) obj) => 0;
    }
}
