using Glassbox.Plotting;

namespace Glassbox.Tests.Plotting;

public sealed class ImageGridTests
{
    [Fact]
    public void ImageGridTilesAndFramesImages()
    {
        var tiles = Tensor.Arange(0, 2 * 3 * 4, 1, DType.Float64).Reshape(2, 3, 4);
        var img = ImageGrid.Render(tiles, columns: 2, zoom: 1, frames: [new Rgb(255, 0, 0), new Rgb(0, 255, 0)]);
        Assert.Equal(2 * (4 + 8), img.Width);
        Assert.Equal(3 + 8, img.Height);
        Assert.Equal(new Rgb(0, 0, 0), img.GetPixel(4, 4));          // tile 0 min → black
        Assert.Equal(new Rgb(255, 255, 255), img.GetPixel(4 + 3, 4 + 2)); // tile 0 max → white
        Assert.Equal(new Rgb(255, 0, 0), img.GetPixel(2, 2));        // red frame around tile 0
        Assert.Equal(new Rgb(0, 255, 0), img.GetPixel(12 + 2, 2));   // green frame around tile 1
    }

    [Fact]
    public void CaptionsAreDrawnUnderTheirTilesOnly()
    {
        var tiles = Tensor.Ones(2, 8, 8);
        var img = ImageGrid.Render(tiles, columns: 2, zoom: 4, captions: ["7>1", ""]);
        int cw = 8 * 4 + 8; // wide enough that the 11 px caption stays within its own column
        Assert.Equal(2 * cw, img.Width);
        // Dark text pixels in tile 0's caption band, none in tile 1's (its caption is empty).
        static bool Dark(Rgb c) => c.R < 128;
        int band = 4 + 32; // pad + tile height
        var left = PlotPixels.Colours(img, 0, band, cw, img.Height);
        var right = PlotPixels.Colours(img, cw, band, 2 * cw, img.Height);
        Assert.Contains(left, Dark);
        Assert.DoesNotContain(right, Dark);
    }
}
