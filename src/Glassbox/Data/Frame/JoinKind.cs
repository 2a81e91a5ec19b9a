namespace Glassbox.Data.Frame;

/// <summary>Which rows a <see cref="DataFrame.Merge(DataFrame, JoinKind, string[], string, string)"/> keeps (pandas' <c>how=</c>).</summary>
public enum JoinKind
{
    /// <summary><c>"inner"</c>: only keys found on both sides; left rows grouped by key, keys in order of first appearance on the left.</summary>
    Inner,
    /// <summary><c>"left"</c>: every left row (unmatched ones with missing right columns), in the left frame's order.</summary>
    Left,
    /// <summary><c>"right"</c>: every right row, in the right frame's order.</summary>
    Right,
    /// <summary><c>"outer"</c>: every row of both sides: as inner (unmatched left rows included), then the unmatched right rows.</summary>
    Outer,
}
