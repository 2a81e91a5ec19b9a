namespace Glassbox.Serving;

/// <summary>Checks of feature-name lists.</summary>
internal static class Names
{
    /// <summary>Longest feature name accepted (names are echoed in error messages and metadata).</summary>
    public const int MaxLength = 256;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="names"/> is null or holds <paramref name="count"/> distinct, non-empty names of at most <see cref="MaxLength"/> characters.</summary>
    public static void Check(IReadOnlyList<string>? names, int count)
    {
        if (names is null) return;
        if (names.Count != count) throw new ArgumentException($"{names.Count} feature names given for a model with {count} features");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            if (string.IsNullOrEmpty(n) || n.Length > MaxLength) throw new ArgumentException($"feature names must be 1 to {MaxLength} characters long, got '{Clip(n ?? "")}'");
            if (!seen.Add(n)) throw new ArgumentException($"feature name '{Clip(n)}' is given twice");
        }
    }

    /// <summary><paramref name="s"/> cut to 40 characters with an ellipsis (for error messages).</summary>
    public static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
