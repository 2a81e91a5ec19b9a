namespace Glassbox.Plotting;

/// <summary>A 24-bit colour: red, green and blue channels, 0–255 each.</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Pure white.</summary>
    public static Rgb White => new(255, 255, 255);

    /// <summary>Pure black.</summary>
    public static Rgb Black => new(0, 0, 0);

    /// <summary>
    /// Linear blend toward <paramref name="other"/>: (1 − t)·this + t·other per channel, rounded; t is clamped to [0, 1].
    /// </summary>
    public Rgb Lerp(Rgb other, double t)
    {
        t = Math.Clamp(t, 0.0, 1.0);
        static byte Mix(byte a, byte b, double t) => (byte)Math.Round(a + (b - a) * t);
        return new(Mix(R, other.R, t), Mix(G, other.G, t), Mix(B, other.B, t));
    }

    /// <summary>Hex form, e.g. <c>#1f77b4</c>.</summary>
    public override string ToString() => $"#{R:x2}{G:x2}{B:x2}";
}
