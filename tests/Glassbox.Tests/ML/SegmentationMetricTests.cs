using Glassbox.ML.Metrics;
using Xunit;

namespace Glassbox.Tests.ML;

/// <summary>
/// Segmentation overlap metrics against values counted by hand on two 2×3 label maps with three classes. The counts
/// are exact integers and every score is one division, so scores are compared to 1e-15 (one rounding).
/// </summary>
public class SegmentationMetricTests
{
    // Flat pixels (truth, prediction): (0,0) (1,1) (1,0) (2,2) (2,1) (0,0) | (1,1) (1,1) (1,0) (0,0) (0,0) (0,1).
    private static readonly Tensor Truth = Tensor.FromArray(new long[] { 0, 1, 1, 2, 2, 0, 1, 1, 1, 0, 0, 0 }, 2, 2, 3);
    private static readonly Tensor Pred = Tensor.FromArray(new long[] { 0, 1, 0, 2, 1, 0, 1, 1, 0, 0, 0, 1 }, 2, 2, 3);

    [Fact]
    public void PooledCountsAndScoresMatchHandCount()
    {
        var s = Segmentation.Score(Truth, Pred, 3);
        // Class 0: |T| = 5, |P| = 6, |T∩P| = 4, union 7. Class 1: 5, 5, 3, 7. Class 2: 2, 1, 1, 2.
        Assert.Equal(new long[] { 4, 3, 1 }, s.Intersection);
        Assert.Equal(new long[] { 7, 7, 2 }, s.Union);
        Assert.Equal(new long[] { 5, 5, 2 }, s.TruePixels);
        Assert.Equal(new long[] { 6, 5, 1 }, s.PredictedPixels);
        Assert.Equal(12, s.Pixels);
        Assert.Equal(4.0 / 7, s.IoU(0), 15);
        Assert.Equal(3.0 / 7, s.IoU(1), 15);
        Assert.Equal(0.5, s.IoU(2), 15);
        Assert.Equal(8.0 / 11, s.Dice(0), 15);
        Assert.Equal(0.6, s.Dice(1), 15);
        Assert.Equal(2.0 / 3, s.Dice(2), 15);
        Assert.Equal(0.5, s.MeanIoU, 15); // (4/7 + 3/7 + 1/2) / 3
        Assert.Equal(8.0 / 12, s.PixelAccuracy, 15);
        for (int c = 0; c < 3; c++) Assert.Equal(2 * s.IoU(c) / (1 + s.IoU(c)), s.Dice(c), 15);
    }

    [Fact]
    public void PerImageIoUMatchesHandCountAndMarksAbsentClassUndefined()
    {
        // Class 1, image 0: truth {1, 2}, prediction {1, 4} → 1/3; image 1: truth {0, 1, 2}, prediction {0, 1, 5} → 2/4.
        var iou1 = Segmentation.PerImageIoU(Truth, Pred, 1, 3);
        Assert.Equal(2, iou1.Length);
        Assert.Equal(1.0 / 3, iou1[0], 15);
        Assert.Equal(0.5, iou1[1], 15);
        // Class 2 is in neither map of image 1: undefined, not 0 or 1.
        var iou2 = Segmentation.PerImageIoU(Truth, Pred, 2, 3);
        Assert.Equal(0.5, iou2[0], 15);
        Assert.True(double.IsNaN(iou2[1]));
    }

    [Fact]
    public void AbsentClassIsNaNAndSkippedByMean()
    {
        var t = Tensor.FromArray(new long[] { 0, 0, 1, 1 }, 1, 4);
        var p = Tensor.FromArray(new long[] { 0, 1, 1, 1 }, 1, 4);
        var s = Segmentation.Score(t, p, 3);
        Assert.True(double.IsNaN(s.IoU(2)));
        Assert.True(double.IsNaN(s.Dice(2)));
        Assert.Equal((0.5 + 2.0 / 3) / 2, s.MeanIoU, 15); // class 0: 1/2, class 1: 2/3, class 2 skipped
        Assert.Equal(0.75, s.PixelAccuracy, 15);
    }

    [Fact]
    public void PerfectPredictionScoresOne()
    {
        var s = Segmentation.Score(Truth, Truth, 3);
        for (int c = 0; c < 3; c++) { Assert.Equal(1.0, s.IoU(c)); Assert.Equal(1.0, s.Dice(c)); }
        Assert.Equal(1.0, s.PixelAccuracy);
    }

    [Fact]
    public void BadInputsNameTheOpAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Segmentation.Score(Truth, Pred.Reshape(2, 3, 2), 3));
        Assert.Contains("Segmentation.Score", e.Message);
        Assert.Contains("[2, 2, 3]", e.Message);
        Assert.Contains("[2, 3, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Segmentation.Score(Truth, Pred, 2));
        Assert.Contains("label 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => Segmentation.Score(Truth.To(DType.Float32), Pred, 3));
        Assert.Contains("int64", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => Segmentation.PerImageIoU(Truth, Pred, 3, 3));
        Assert.Contains("Segmentation.PerImageIoU", r.Message);
    }
}
