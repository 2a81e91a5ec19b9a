namespace Glassbox.Models;

/// <summary>
/// The VGG configurations of Simonyan &amp; Zisserman (2015), Table 1, by weight-layer count: the number of 3×3
/// convolutions in each of the five stages (each stage ends with a 2×2 max pool) at widths 64, 128, 256, 512, 512.
/// </summary>
public enum VGGConfig
{
    /// <summary>Configuration A, 8 convolutions: 1, 1, 2, 2, 2 per stage.</summary>
    VGG11,
    /// <summary>Configuration B, 10 convolutions: 2, 2, 2, 2, 2 per stage.</summary>
    VGG13,
    /// <summary>Configuration D, 13 convolutions: 2, 2, 3, 3, 3 per stage.</summary>
    VGG16,
    /// <summary>Configuration E, 16 convolutions: 2, 2, 4, 4, 4 per stage.</summary>
    VGG19,
}
