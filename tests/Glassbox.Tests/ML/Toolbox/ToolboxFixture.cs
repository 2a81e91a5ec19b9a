using System.Text.Json.Nodes;
using Glassbox.Testing;
using Glassbox.Testing.Parity;

namespace Glassbox.Tests.ML.Toolbox;

/// <summary>The scikit-learn 1.2 fixture family of the toolbox tests (tools/reference/sklearn_toolbox_fixtures.py).</summary>
internal static class ToolboxFixture
{
    public static readonly JsonObject Root = SklearnFixture.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn"), "toolbox");

    public static Tensor T(string key) => Fixtures.Tensor(Root[key]);

    public static IEnumerable<JsonObject> Cases(string key) => SklearnFixture.Cases(Root, key);

    /// <summary>Largest |a − b| over two equally long arrays (NaN equal to NaN, NaN against a number = ∞).</summary>
    public static double MaxDiff(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double m = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (double.IsNaN(a[i]) && double.IsNaN(b[i])) continue;
            m = Math.Max(m, double.IsNaN(a[i]) || double.IsNaN(b[i]) ? double.PositiveInfinity : Math.Abs(a[i] - b[i]));
        }
        return m;
    }

    /// <summary>A 1-D float64 vector as a one-column matrix.</summary>
    public static Tensor Column(Tensor v) => Tensor.FromArray(v.ToDoubleArray(), v.Shape[0], 1);
}
