namespace Glassbox.Data.Transforms;

/// <summary>
/// Converts 8-bit pixels to a float32 tensor in [0, 1] (<c>torchvision.transforms.ToTensor</c>): channel-last
/// input (H, W, C) or (N, H, W, C), as images are stored on disk, becomes channel-first [C, H, W] or
/// [N, C, H, W], as convolutions expect, with y = x / 255.
/// </summary>
public static class ToTensor
{
    /// <summary>
    /// Converts <paramref name="data"/> laid out as <paramref name="shape"/> = [H, W, C] or [N, H, W, C] into
    /// float32 [C, H, W] or [N, C, H, W] scaled by 1/255.
    /// </summary>
    public static Tensor Apply(ReadOnlySpan<byte> data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length is not (3 or 4))
            throw new ArgumentException($"ToTensor: expected shape [H, W, C] or [N, H, W, C], got {ShapeUtil.Format(shape)}");
        bool batched = shape.Length == 4;
        int n = batched ? shape[0] : 1, h = shape[^3], w = shape[^2], c = shape[^1];
        long total = (long)n * h * w * c;
        if (shape.Any(d => d < 0) || total != data.Length)
            throw new ArgumentException($"ToTensor: shape {ShapeUtil.Format(shape)} holds {total} pixels but {data.Length} bytes were given");
        var y = new Tensor(batched ? [n, c, h, w] : [c, h, w], DType.Float32);
        var d = y.Span<float>();
        int plane = h * w;
        // Transpose HWC → CHW: pixel (i, j, ch) of image b goes to plane ch at position i·W + j.
        for (int b = 0; b < n; b++)
        {
            var src = data.Slice(b * plane * c, plane * c);
            var dst = d.Slice(b * plane * c, plane * c);
            for (int px = 0; px < plane; px++)
                for (int ch = 0; ch < c; ch++)
                    dst[ch * plane + px] = src[px * c + ch] / 255f;
        }
        return y;
    }

    /// <summary>
    /// Grayscale images from an IDX file [N, H, W] (MNIST) as float32 [N, 1, H, W] in [0, 1]; the same values as
    /// <see cref="Apply(ReadOnlySpan{byte}, int[])"/> with C = 1.
    /// </summary>
    public static Tensor Apply(IdxFile images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Shape.Count != 3)
            throw new ArgumentException($"ToTensor: expected IDX images [N, H, W], got shape {ShapeUtil.Format(images.Shape.ToArray())} from {images.Source}");
        return Apply(images.Data, images.Shape[0], images.Shape[1], images.Shape[2], 1);
    }
}
