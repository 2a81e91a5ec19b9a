namespace Glassbox.ML.Metrics;

/// <summary>
/// Overlap metrics of dense label maps (semantic segmentation): per-class intersection over union, Dice and pixel
/// accuracy, pooled over a data set (<see cref="Score"/>) or per image (<see cref="PerImageIoU"/>).
/// </summary>
/// <remarks>
/// Both label maps are int64 tensors of one shape, e.g. [N, H, W] masks against <c>logits.ArgMax(1)</c> of [N, C, H, W]
/// logits; every value must be a class in [0, numClasses). Pooled and per-image IoU differ: pooling weights each image
/// by its object's size, so a few large, easy objects can hide failures on small ones; the per-image mean does not.
/// </remarks>
public static class Segmentation
{
    /// <summary>Counts intersection, union and class sizes over every pixel of <paramref name="yTrue"/> and <paramref name="yPred"/>.</summary>
    /// <exception cref="ArgumentException">Dtypes or shapes differ, or a label lies outside [0, numClasses).</exception>
    public static SegmentationScores Score(Tensor yTrue, Tensor yPred, int numClasses)
    {
        var (t, p) = Labels(yTrue, yPred, numClasses, "Segmentation.Score");
        var inter = new long[numClasses];
        var trueCount = new long[numClasses];
        var predCount = new long[numClasses];
        for (int i = 0; i < t.Length; i++)
        {
            trueCount[t[i]]++;
            predCount[p[i]]++;
            if (t[i] == p[i]) inter[t[i]]++;
        }
        var union = new long[numClasses];
        for (int c = 0; c < numClasses; c++) union[c] = trueCount[c] + predCount[c] - inter[c];
        return new SegmentationScores(inter, union, trueCount, predCount, t.Length);
    }

    /// <summary>
    /// IoU of class <paramref name="cls"/> in each image: the first dimension indexes images, the rest are that image's
    /// pixels. An image where the class is neither present nor predicted gets NaN (undefined, not a success or a failure).
    /// </summary>
    /// <exception cref="ArgumentException">Dtypes or shapes differ, the maps have no image dimension, or a label or
    /// <paramref name="cls"/> lies outside [0, numClasses).</exception>
    public static double[] PerImageIoU(Tensor yTrue, Tensor yPred, int cls, int numClasses)
    {
        const string Op = "Segmentation.PerImageIoU";
        var (t, p) = Labels(yTrue, yPred, numClasses, Op);
        if (yTrue.NDim < 1) throw new ArgumentException($"{Op}: label maps need an image dimension, got a scalar");
        if (cls < 0 || cls >= numClasses) throw new ArgumentOutOfRangeException(nameof(cls), $"{Op}: class {cls} is outside [0, {numClasses})");
        int n = yTrue.Size(0);
        var iou = new double[n];
        if (n == 0) return iou;
        int per = t.Length / n;
        for (int img = 0; img < n; img++)
        {
            long inter = 0, union = 0;
            for (int i = img * per, end = i + per; i < end; i++)
            {
                bool a = t[i] == cls, b = p[i] == cls;
                if (a && b) inter++;
                if (a || b) union++;
            }
            iou[img] = union == 0 ? double.NaN : (double)inter / union;
        }
        return iou;
    }

    /// <summary>Both maps as flat int64 arrays after checking dtype, shape and label range.</summary>
    private static (long[] True, long[] Pred) Labels(Tensor yTrue, Tensor yPred, int numClasses, string op)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), $"{op}: numClasses must be positive, got {numClasses}");
        if (yTrue.DType != DType.Int64 || yPred.DType != DType.Int64)
            throw new ArgumentException($"{op}: label maps must be int64, got {yTrue.DType.TorchName()} and {yPred.DType.TorchName()}");
        if (!ShapeUtil.SameShape(yTrue.ShapeArray, yPred.ShapeArray))
            throw new ArgumentException($"{op}: label maps differ in shape: {ShapeUtil.Format(yTrue.ShapeArray)} and {ShapeUtil.Format(yPred.ShapeArray)}");
        var t = yTrue.ToArray<long>();
        var p = yPred.ToArray<long>();
        for (int i = 0; i < t.Length; i++)
            if ((ulong)t[i] >= (ulong)numClasses || (ulong)p[i] >= (ulong)numClasses)
                throw new ArgumentException($"{op}: label {((ulong)t[i] >= (ulong)numClasses ? t[i] : p[i])} at flat index {i} is outside [0, {numClasses}) (maps {ShapeUtil.Format(yTrue.ShapeArray)})");
        return (t, p);
    }
}
