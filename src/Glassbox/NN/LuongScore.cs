namespace Glassbox.NN;

/// <summary>The score functions of <see cref="LuongAttention"/> (Luong, Pham &amp; Manning 2015, section 3.1).</summary>
public enum LuongScore
{
    /// <summary>score = qᵀ k: no parameters; the query and key widths must be equal.</summary>
    Dot,
    /// <summary>score = qᵀ W k with a learned W [Dq, Dk] (the paper's "general").</summary>
    General,
}
