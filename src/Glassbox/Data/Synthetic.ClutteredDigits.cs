namespace Glassbox.Data;

public static partial class Synthetic
{
    /// <summary>
    /// A synthetic segmentation task (for U-Net-style models): each image is a canvas of faint noise and clutter —
    /// patches cut from other digits at reduced intensity — with one digit pasted at a random size and position;
    /// the target is the mask of that digit's pixels.
    /// </summary>
    /// <param name="digits">Source images float [M, 1, h, w] or [M, h, w] with values in [0, 1], e.g. MNIST's
    /// <see cref="LabeledImages.Images"/>; M ≥ 1.</param>
    /// <param name="count">Number of images to make.</param>
    /// <param name="labels">Optional int64 [M] classes of the sources, carried over to <see cref="ClutteredDigits.Labels"/>.</param>
    /// <param name="options">Sizes, clutter and noise; defaults when null.</param>
    /// <param name="gen">Random source; <see cref="Generator.Default"/> when null.</param>
    /// <remarks>
    /// <para><b>Construction of image n</b> (canvas S × S): (1) every pixel starts as noise U(0, Noise);
    /// (2) each clutter piece takes a ClutterPatch-sided square at a random position of a random source digit other
    /// than the pasted one (any digit when M = 1), scales it by ClutterIntensity and combines it by maximum at a
    /// random canvas position (fully inside); (3) the pasted digit, scaled by nearest neighbour to height H ∈
    /// [MinSize, MaxSize] and width round(H·w/h) (source pixel of output (i, j) is (⌊i·h/H⌋, ⌊j·w/W⌋)), is placed fully
    /// inside the canvas: where its value exceeds Threshold the canvas takes that value (the digit occludes the
    /// clutter), elsewhere in its rectangle the maximum of canvas and digit (anti-aliased edges blend in).</para>
    /// <para><b>Mask</b>: 1 exactly where the scaled digit exceeds Threshold, so it coincides with the pixels written in
    /// step (3)'s first branch; clutter and noise never set it, even where they are bright. Trap: with
    /// ClutterIntensity ≤ Threshold (the defaults, 0.5 and 0.5) no clutter pixel exceeds Threshold while every mask
    /// pixel does, so thresholding brightness at Threshold reproduces the mask exactly and the task tests nothing.
    /// Set ClutterIntensity above Threshold (the unet-segmentation milestone uses 0.8) to make clutter strokes as
    /// bright as digit strokes in places, so that separating them needs shape, not intensity.</para>
    /// <para><b>Draw order</b> per image, which a seed fixes: source index, height, top, left; then per clutter piece
    /// source, patch top, patch left, canvas top, canvas left; then the S² noise values row by row.</para>
    /// </remarks>
    public static ClutteredDigits MakeClutteredDigits(Tensor digits, int count, Tensor? labels = null, ClutteredDigitsOptions? options = null, Generator? gen = null)
    {
        const string Op = "MakeClutteredDigits";
        ArgumentNullException.ThrowIfNull(digits);
        if (!digits.DType.IsFloatingPoint() || !(digits.NDim == 3 || (digits.NDim == 4 && digits.Size(1) == 1)))
            throw new ArgumentException($"{Op}: expected float digits [M, 1, h, w] or [M, h, w], got {digits.DType.TorchName()} {ShapeUtil.Format(digits.ShapeArray)}");
        CheckCount(count, Op);
        int m = digits.Size(0), sh = digits.Size(-2), sw = digits.Size(-1);
        if (m < 1 || sh < 1 || sw < 1) throw new ArgumentException($"{Op}: need at least one non-empty source digit, got shape {ShapeUtil.Format(digits.ShapeArray)}");
        if (labels is not null && (labels.DType != DType.Int64 || labels.NDim != 1 || labels.Size(0) != m))
            throw new ArgumentException($"{Op}: labels must be int64 [{m}] to match digits {ShapeUtil.Format(digits.ShapeArray)}, got {labels.DType.TorchName()} {ShapeUtil.Format(labels.ShapeArray)}");
        var o = options ?? new ClutteredDigitsOptions();
        o.Check(Op, sh, sw);
        gen ??= Generator.Default;

        var src = digits.ToDoubleArray(); // [M, h·w], row-major whatever the input's strides
        int s = o.Canvas, plane = s * s, digit = sh * sw;
        var images = new Tensor([count, 1, s, s], DType.Float32);
        var masks = new Tensor([count, s, s], DType.Int64);
        var img = images.Span<float>();
        var msk = masks.Span<long>();
        var sources = new long[count];
        var placements = new (int Top, int Left, int Height, int Width)[count];
        var canvas = new double[plane];
        for (int n = 0; n < count; n++)
        {
            int k = gen.NextInt(m);
            int height = o.MinSize + gen.NextInt(o.MaxSize - o.MinSize + 1);
            int width = ClutteredDigitsOptions.WidthFor(height, sh, sw);
            int top = gen.NextInt(s - height + 1), left = gen.NextInt(s - width + 1);
            var pieces = new (int Source, int Py, int Px, int Cy, int Cx)[o.ClutterPieces];
            for (int c = 0; c < pieces.Length; c++)
            {
                int other = m == 1 ? 0 : (k + 1 + gen.NextInt(m - 1)) % m; // uniform over the other digits
                pieces[c] = (other, gen.NextInt(sh - o.ClutterPatch + 1), gen.NextInt(sw - o.ClutterPatch + 1),
                    gen.NextInt(s - o.ClutterPatch + 1), gen.NextInt(s - o.ClutterPatch + 1));
            }
            for (int i = 0; i < plane; i++) canvas[i] = o.Noise * gen.NextDouble();
            foreach (var (other, py, px, cy, cx) in pieces)
                for (int i = 0; i < o.ClutterPatch; i++)
                    for (int j = 0; j < o.ClutterPatch; j++)
                    {
                        double v = o.ClutterIntensity * src[other * digit + (py + i) * sw + px + j];
                        ref double dst = ref canvas[(cy + i) * s + cx + j];
                        if (v > dst) dst = v;
                    }
            var mask = msk.Slice(n * plane, plane);
            for (int i = 0; i < height; i++)
                for (int j = 0; j < width; j++)
                {
                    double v = src[k * digit + (int)((long)i * sh / height) * sw + (int)((long)j * sw / width)];
                    int at = (top + i) * s + left + j;
                    if (v > o.Threshold) { canvas[at] = v; mask[at] = 1; }
                    else if (v > canvas[at]) canvas[at] = v;
                }
            var dstImage = img.Slice(n * plane, plane);
            for (int i = 0; i < plane; i++) dstImage[i] = (float)canvas[i];
            sources[n] = k;
            placements[n] = (top, left, height, width);
        }
        var srcIndex = Tensor.FromArray(sources, count);
        Tensor? picked = null;
        if (labels is not null)
        {
            var lab = labels.ToArray<long>();
            picked = Tensor.FromArray(sources.Select(i => lab[i]).ToArray(), count);
        }
        return new ClutteredDigits(images, masks, srcIndex, picked, placements);
    }
}
