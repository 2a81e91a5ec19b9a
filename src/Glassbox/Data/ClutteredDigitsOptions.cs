namespace Glassbox.Data;

/// <summary>
/// Parameters of <see cref="Synthetic.MakeClutteredDigits"/>: canvas size, the range of digit sizes, the clutter
/// and the noise.
/// </summary>
/// <param name="Canvas">Side of the square output image (default 64).</param>
/// <param name="MinSize">Smallest height of the pasted digit in pixels, after nearest-neighbour scaling (default 20).</param>
/// <param name="MaxSize">Largest height of the pasted digit (default 44); at most <paramref name="Canvas"/>.</param>
/// <param name="ClutterPieces">Number of clutter patches per image (default 6).</param>
/// <param name="ClutterPatch">Side of each clutter patch, cut from another digit at source resolution (default 10).</param>
/// <param name="ClutterIntensity">Factor applied to clutter pixels, in [0, 1] (default 0.5: clutter fainter than the
/// digit, which a brightness threshold alone separates; above Threshold, only shape does).</param>
/// <param name="Noise">Background noise: every pixel starts as U(0, Noise) (default 0.1).</param>
/// <param name="Threshold">A pasted digit pixel belongs to the mask when its value exceeds this (default 0.5); fainter
/// anti-aliased edge pixels are drawn but are background in the mask.</param>
public sealed record ClutteredDigitsOptions(int Canvas = 64, int MinSize = 20, int MaxSize = 44, int ClutterPieces = 6,
    int ClutterPatch = 10, double ClutterIntensity = 0.5, double Noise = 0.1, double Threshold = 0.5)
{
    /// <summary>Throws naming the first parameter out of range.</summary>
    internal void Check(string op, int sourceHeight, int sourceWidth)
    {
        void Fail(string what) => throw new ArgumentOutOfRangeException(nameof(ClutteredDigitsOptions), $"{op}: {what}");
        if (Canvas < 1) Fail($"Canvas must be positive, got {Canvas}");
        if (MinSize < 1 || MinSize > MaxSize || MaxSize > Canvas) Fail($"digit sizes must satisfy 1 ≤ MinSize ≤ MaxSize ≤ Canvas, got {MinSize}…{MaxSize} on {Canvas}");
        if (WidthFor(MaxSize, sourceHeight, sourceWidth) > Canvas) Fail($"a {MaxSize}-pixel-high digit of source shape {sourceHeight}×{sourceWidth} is wider than the {Canvas} canvas");
        if (ClutterPieces < 0) Fail($"ClutterPieces must be non-negative, got {ClutterPieces}");
        if (ClutterPatch < 1 || ClutterPatch > Math.Min(Math.Min(sourceHeight, sourceWidth), Canvas))
            Fail($"ClutterPatch must be in [1, {Math.Min(Math.Min(sourceHeight, sourceWidth), Canvas)}] (source {sourceHeight}×{sourceWidth}, canvas {Canvas}), got {ClutterPatch}");
        if (!(ClutterIntensity >= 0 && ClutterIntensity <= 1)) Fail($"ClutterIntensity must be in [0, 1], got {ClutterIntensity}");
        if (!(Noise >= 0 && Noise <= 1)) Fail($"Noise must be in [0, 1], got {Noise}");
        if (!(Threshold >= 0 && Threshold < 1)) Fail($"Threshold must be in [0, 1), got {Threshold}");
    }

    /// <summary>Width of a digit scaled to <paramref name="height"/>, keeping the source's aspect ratio (at least 1).</summary>
    internal static int WidthFor(int height, int sourceHeight, int sourceWidth)
        => Math.Max(1, (int)Math.Round((double)height * sourceWidth / sourceHeight, MidpointRounding.ToEven));
}
