namespace Glassbox.Data;

/// <summary>
/// A segmentation data set made by <see cref="Synthetic.MakeClutteredDigits"/>: images, the mask of the pasted digit,
/// and where each digit went.
/// </summary>
/// <param name="Images">float32 [N, 1, S, S] in [0, 1].</param>
/// <param name="Masks">int64 [N, S, S]: 1 on the pasted digit's pixels above the threshold, 0 elsewhere — the target
/// layout of a two-class <c>F.CrossEntropy</c> on logits [N, 2, S, S] (for a one-logit binary loss use
/// <see cref="FloatMasks"/>).</param>
/// <param name="Sources">int64 [N]: index of the source digit pasted into each image.</param>
/// <param name="Labels">int64 [N]: class of that digit, when source labels were given; otherwise null.</param>
/// <param name="Placements">Per image, the pasted digit's rectangle on the canvas (Top, Left, Height, Width).</param>
public sealed record ClutteredDigits(Tensor Images, Tensor Masks, Tensor Sources, Tensor? Labels,
    IReadOnlyList<(int Top, int Left, int Height, int Width)> Placements)
{
    /// <summary>Number of images.</summary>
    public int Count => Images.Size(0);

    /// <summary>The masks as float32 [N, 1, S, S] of 0/1, the target of a binary cross-entropy on one logit per pixel.</summary>
    public Tensor FloatMasks()
    {
        var masks = Masks.ContiguousRaw();
        var m = masks.Data<long>();
        int n = masks.Size(0), h = masks.Size(1), w = masks.Size(2);
        var y = new Tensor([n, 1, h, w], DType.Float32);
        var d = y.Span<float>();
        for (int i = 0; i < d.Length; i++) d[i] = m[masks.Offset + i];
        return y;
    }

    /// <summary>Images and masks as a data set of (image, mask) items for a <see cref="DataLoader"/>.</summary>
    public TensorDataset ToDataset() => new(Images, Masks);
}
