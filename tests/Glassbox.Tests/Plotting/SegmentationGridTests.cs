using Glassbox.Plotting;

namespace Glassbox.Tests.Plotting;

public sealed class SegmentationGridTests
{
    // One 2×2 canvas at zoom 2: a 110 px label margin, then tiles of 2·2 px plus 4 px padding per row and column.
    private const int X0 = 110 + 4, RowHeight = 2 * 2 + 4;

    [Fact]
    public void RowsShowInputTruthAndOutcomeColours()
    {
        var image = Tensor.FromArray(new[] { 0.0, 1.0, 0.5, 0.25 }, 1, 2, 2);
        var truth = Tensor.FromArray(new long[] { 1, 1, 0, 0 }, 1, 2, 2);
        var pred = Tensor.FromArray(new long[] { 1, 0, 1, 0 }, 1, 2, 2);
        var img = SegmentationGrid.Render(image, truth, [("net", pred)], zoom: 2);
        Assert.Equal(110 + (4 + 4) + 4, img.Width);
        Assert.Equal(3 * RowHeight + 4, img.Height);
        int Y(int row, int r) => 4 + row * RowHeight + r * 2;
        Assert.Equal(Rgb.Black, img.GetPixel(X0, Y(0, 0)));      // input minimum
        Assert.Equal(Rgb.White, img.GetPixel(X0 + 2, Y(0, 0)));  // input maximum
        Assert.Equal(Rgb.White, img.GetPixel(X0, Y(1, 0)));      // true mask foreground
        Assert.Equal(Rgb.Black, img.GetPixel(X0, Y(1, 1)));      // true mask background
        Assert.Equal(Rgb.White, img.GetPixel(X0, Y(2, 0)));                              // hit
        Assert.Equal(SegmentationGrid.FalseNegative, img.GetPixel(X0 + 2, Y(2, 0)));     // missed
        Assert.Equal(SegmentationGrid.FalsePositive, img.GetPixel(X0, Y(2, 1)));         // false alarm
        Assert.Equal(Rgb.Black, img.GetPixel(X0 + 3, Y(2, 1) + 1));                      // correct background
    }

    [Fact]
    public void MismatchedPredictionNamesItsLabelAndShapes()
    {
        var image = Tensor.Zeros(2, 4, 4);
        var truth = Tensor.Zeros([2, 4, 4], DType.Int64);
        var e = Assert.Throws<ArgumentException>(() => SegmentationGrid.Render(image, truth, [("net", Tensor.Zeros([2, 4, 3], DType.Int64))]));
        Assert.Contains("'net'", e.Message);
        Assert.Contains("[2, 4, 3]", e.Message);
        Assert.Contains("[2, 4, 4]", e.Message);
    }
}
