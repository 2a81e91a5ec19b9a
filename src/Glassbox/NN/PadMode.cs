namespace Glassbox.NN;

/// <summary>How <see cref="F.Pad"/> fills the border (<c>F.pad</c>'s <c>mode</c>).</summary>
/// <remarks>For an axis of size n and an output position i − left (i.e. source index j, possibly outside [0, n)):</remarks>
public enum PadMode
{
    /// <summary>A constant value (<c>"constant"</c>); negative amounts crop.</summary>
    Constant,
    /// <summary>Mirror without repeating the edge: j → −j, n − 1 + (n − 1 − j) (<c>"reflect"</c>; amounts &lt; n).</summary>
    Reflect,
    /// <summary>Repeat the edge element: j → clamp(j, 0, n − 1) (<c>"replicate"</c>).</summary>
    Replicate,
    /// <summary>Wrap around: j → j mod n (<c>"circular"</c>; amounts ≤ n).</summary>
    Circular,
}
