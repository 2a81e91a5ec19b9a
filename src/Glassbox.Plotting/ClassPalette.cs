namespace Glassbox.Plotting;

/// <summary>
/// Colours for classes and clusters: matplotlib's "tab10" qualitative palette (blue, orange, green, red, purple,
/// brown, pink, grey, olive, cyan), cycled beyond ten, chosen so neighbours stay distinguishable side by side.
/// </summary>
public static class ClassPalette
{
    /// <summary>The ten colours, in order.</summary>
    public static IReadOnlyList<Rgb> Colors { get; } =
    [
        new(0x1f, 0x77, 0xb4), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0xd6, 0x27, 0x28), new(0x94, 0x67, 0xbd),
        new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f), new(0xbc, 0xbd, 0x22), new(0x17, 0xbe, 0xcf),
    ];

    /// <summary>How far a region colour is blended toward white, so points of the full colour stand out on it.</summary>
    public const double RegionTint = 0.65;

    /// <summary>The colour of class <paramref name="cls"/> (negative labels wrap around too).</summary>
    public static Rgb Of(int cls) => Colors[((cls % Colors.Count) + Colors.Count) % Colors.Count];

    /// <summary>The light tint of class <paramref name="cls"/> used to fill its decision region.</summary>
    public static Rgb Region(int cls) => Of(cls).Lerp(Rgb.White, RegionTint);
}
