namespace Glassbox.ML.Metrics;

/// <summary>
/// Pixel counts of a label-map comparison, pooled over every pixel of every image, and the overlap scores derived
/// from them (<see cref="Segmentation.Score"/>). Arrays are indexed by class.
/// </summary>
/// <param name="Intersection">|T_c ∩ P_c|: pixels of class c in the truth that were predicted as c.</param>
/// <param name="Union">|T_c ∪ P_c| = |T_c| + |P_c| − |T_c ∩ P_c|.</param>
/// <param name="TruePixels">|T_c|: pixels whose true class is c.</param>
/// <param name="PredictedPixels">|P_c|: pixels predicted as c.</param>
/// <param name="Pixels">All pixels compared.</param>
/// <remarks>
/// Scores of a class that appears in neither truth nor prediction are undefined (0/0) and reported as NaN rather
/// than 0 or 1: either choice would move a mean in a direction the data do not support. <see cref="MeanIoU"/> skips them.
/// </remarks>
public sealed record SegmentationScores(long[] Intersection, long[] Union, long[] TruePixels, long[] PredictedPixels, long Pixels)
{
    /// <summary>Number of classes.</summary>
    public int Classes => Intersection.Length;

    /// <summary>Intersection over union (Jaccard index) of class <paramref name="c"/>: |T ∩ P| / |T ∪ P|, NaN when both are empty.</summary>
    public double IoU(int c) => Union[c] == 0 ? double.NaN : (double)Intersection[c] / Union[c];

    /// <summary>Dice coefficient (F1 of the pixels) of class <paramref name="c"/>: 2|T ∩ P| / (|T| + |P|), NaN when both are
    /// empty. Dice = 2·IoU / (1 + IoU), so it ranks predictions as IoU does but is never smaller.</summary>
    public double Dice(int c) => TruePixels[c] + PredictedPixels[c] == 0 ? double.NaN : 2.0 * Intersection[c] / (TruePixels[c] + PredictedPixels[c]);

    /// <summary>Mean of <see cref="IoU"/> over the classes where it is defined (NaN when none is).</summary>
    public double MeanIoU
    {
        get
        {
            double sum = 0; int k = 0;
            for (int c = 0; c < Classes; c++) if (Union[c] > 0) { sum += IoU(c); k++; }
            return k == 0 ? double.NaN : sum / k;
        }
    }

    /// <summary>Fraction of pixels whose predicted class is the true one, Σ_c |T_c ∩ P_c| / pixels (NaN for no pixels).</summary>
    public double PixelAccuracy => Pixels == 0 ? double.NaN : (double)Intersection.Sum() / Pixels;
}
