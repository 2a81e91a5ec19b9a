using Glassbox.Data;
using Glassbox.Plotting;
using Glassbox.Milestones.Recipes;
using Glassbox.Scalar;

namespace Glassbox.Tests.Plotting;

/// <summary>The decision-boundary plot, checked by decoding the PNG it writes.</summary>
public sealed class DecisionBoundaryTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-boundary-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static HashSet<Rgb> Colours(PngTestReader.Decoded png)
    {
        var set = new HashSet<Rgb>();
        for (int i = 0; i < png.Rgb.Length; i += 3) set.Add(new Rgb(png.Rgb[i], png.Rgb[i + 1], png.Rgb[i + 2]));
        return set;
    }

    [Fact]
    public void RegionsFollowThePredictorAndBothClassesAppear()
    {
        var (X, y) = Synthetic.MakeMoons(60, 0.1, new Generator(2));
        var path = Path.Combine(dir, "boundary.png");
        // A vertical boundary at x = 0.5: left of it class 0, right of it class 1.
        static int[] Predict(double[,] p) => Enumerable.Range(0, p.GetLength(0)).Select(i => p[i, 0] > 0.5 ? 1 : 0).ToArray();
        DecisionBoundary.Render(Predict, X, y, path, size: 120);

        var png = PngTestReader.Read(File.ReadAllBytes(path));
        Assert.Equal((120, 120), (png.Width, png.Height));
        var colours = Colours(png);
        Assert.Contains(DecisionBoundary.RegionColor(0), colours);
        Assert.Contains(DecisionBoundary.RegionColor(1), colours);
        Assert.Contains(DecisionBoundary.ClassColor(0), colours);
        Assert.Contains(DecisionBoundary.ClassColor(1), colours);
        Assert.NotEqual(DecisionBoundary.RegionColor(0), DecisionBoundary.RegionColor(1));

        // The moons span x ∈ [-1, 2] roughly, so the top-left corner (away from the points) predicts class 0 and the
        // top-right corner class 1; x grows to the right.
        Rgb At(int px, int py) { int i = 3 * (py * 120 + px); return new(png.Rgb[i], png.Rgb[i + 1], png.Rgb[i + 2]); }
        Assert.Equal(DecisionBoundary.RegionColor(0), At(0, 0));
        Assert.Equal(DecisionBoundary.RegionColor(1), At(119, 0));
    }

    [Fact]
    public void PointsAreDrawnWhereTheyLie()
    {
        // Two points: (0, 0) class 0 and (1, 1) class 1. The window is [-0.1, 1.1] on both axes, so (0, 0) lands at
        // pixel (size/12, 11·size/12) — near the bottom-left, since the second feature grows upwards.
        var X = Tensor.From(new double[,] { { 0, 0 }, { 1, 1 } });
        var y = Tensor.FromArray(new long[] { 0, 1 }, 2);
        var img = DecisionBoundary.Draw(p => new int[p.GetLength(0)], X, y, size: 120);
        Assert.Equal(DecisionBoundary.ClassColor(0), img.GetPixel(10, 110));
        Assert.Equal(DecisionBoundary.ClassColor(1), img.GetPixel(110, 10));
        Assert.Equal(DecisionBoundary.RegionColor(0), img.GetPixel(110, 110));
    }

    [Fact]
    public void PredictorReturningTheWrongCountIsReported()
    {
        var (X, y) = Synthetic.MakeMoons(10, 0.0, new Generator(1));
        var e = Assert.Throws<InvalidOperationException>(() => DecisionBoundary.Draw(_ => new int[3], X, y, size: 8));
        Assert.Contains("3 labels for 64 grid points", e.Message);
    }

    [Fact]
    public void MoonsDemoWritesItsDecisionBoundary()
    {
        var path = Path.Combine(dir, "moons.png");
        var r = MoonsDemo.Run(seed: 3, samples: 30, epochs: 3, imagePath: path, onEpoch: null);
        Assert.Equal(path, r.ImagePath);
        var png = PngTestReader.Read(File.ReadAllBytes(path));
        Assert.Equal((400, 400), (png.Width, png.Height));
        Assert.Contains(DecisionBoundary.ClassColor(0), Colours(png));
        Assert.Contains(DecisionBoundary.ClassColor(1), Colours(png));
    }
}
