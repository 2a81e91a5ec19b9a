using System.Globalization;

namespace Glassbox.NN;

/// <summary>Formats values the way Python's <c>repr</c> does, so module reprs match PyTorch's text exactly.</summary>
internal static class PyFormat
{
    /// <summary>Python float repr: shortest round-trip digits, "1.0" for integral values, "1e-05" for small ones.</summary>
    public static string Float(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        var s = v.ToString("R", CultureInfo.InvariantCulture);
        if (s.Contains('E'))
        {
            // C# writes 1E-05 / 1E+16; Python writes 1e-05 / 1e+16.
            s = s.Replace("E", "e");
            return s;
        }
        if (!s.Contains('.')) s += ".0";
        return s;
    }

    /// <summary>Python bool repr.</summary>
    public static string Bool(bool b) => b ? "True" : "False";

    /// <summary>Python tuple repr of ints: "(4,)" or "(2, 3)".</summary>
    public static string Tuple(IReadOnlyList<int> xs) => xs.Count == 1 ? $"({xs[0]},)" : "(" + string.Join(", ", xs) + ")";
}
