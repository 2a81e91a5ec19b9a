using Glassbox.Plotting;

namespace Glassbox.Tests.Plotting;

public class LineChartTests
{
    private static LineChart Sample() => new LineChart { Title = "Loss", XLabel = "epoch", YLabel = "loss" }
        .Add("train", [1, 2, 3, 4, 5], [2.0, 1.0, 0.6, 0.4, 0.3])
        .Add("test", [1, 2, 3, 4, 5], [2.1, 1.2, 0.8, 0.7, 0.65]);

    [Fact]
    public void NiceTicksUseOneTwoFiveSteps()
    {
        Assert.Equal(new[] { 0.0, 0.2, 0.4, 0.6, 0.8, 1.0 }, LineChart.NiceTicks(0, 1, 5));
        Assert.Equal(new[] { 0.0, 20, 40, 60, 80, 100 }, LineChart.NiceTicks(-3, 103, 6));
    }

    [Fact]
    public void SvgHasOnePolylinePerSeriesAndEscapedTitle()
    {
        var svg = new LineChart { Title = "a<b" }.Add("s", [0, 1], [0, 1]).Add("t", [0, 1], [1, 0]).ToSvg();
        Assert.Equal(2, svg.Split("<polyline").Length - 1);
        Assert.Contains("a&lt;b", svg);
    }

    [Fact]
    public void PngShowsBothSeriesColoursAndTitleInk()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("gb-chart").FullName, "loss.png");
        Sample().SavePng(path);
        var img = LineChartRaster.Render(Sample());
        Assert.Equal(720, img.Width);
        var colours = new HashSet<Rgb>();
        for (int y = 0; y < img.Height; y++) for (int x = 0; x < img.Width; x++) colours.Add(img.GetPixel(x, y));
        Assert.Contains(new Rgb(0x00, 0x72, 0xB2), colours); // first series
        Assert.Contains(new Rgb(0xD5, 0x5E, 0x00), colours); // second series
        Assert.Contains(Rgb.Black, colours);                 // title text
        Assert.True(new FileInfo(path).Length > 100);
    }

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
}
