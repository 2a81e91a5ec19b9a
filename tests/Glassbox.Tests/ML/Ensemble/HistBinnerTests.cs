using System.Text.Json.Nodes;
using Glassbox.ML.Ensemble;
using Glassbox.Testing;
using Glassbox.Testing.Parity;

namespace Glassbox.Tests.ML.Ensemble;

/// <summary>
/// HistGradientBoosting's bin edges against sklearn 1.2's <c>_BinMapper</c> (tools/reference/sklearn_hgb_binning_fixtures.py):
/// every edge is an order statistic or the midpoint of two, computed with NumPy's exact operation order, so they must be
/// identical — including at lengths (800, 2551) where a differently rounded percentile index moves edges.
/// </summary>
public class HistBinnerTests
{
    private static readonly JsonObject Root = SklearnFixture.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn"), "hgb_binning");

    [Fact]
    public void EdgesEqualSklearnsBinThresholds()
    {
        int checkedColumns = 0;
        foreach (var c in SklearnFixture.Cases(Root))
        {
            var x = Fixtures.Tensor(c["X"]);
            int n = x.Shape[0], p = x.Shape[1];
            var binner = new HistBinner(x.ToDoubleArray(), n, p, 255);
            var expected = ((JsonArray)c["thresholds"]!).ToArray();
            for (int f = 0; f < p; f++)
            {
                Assert.Equal(Fixtures.Tensor(expected[f]).ToDoubleArray(), binner.Edges[f]);
                checkedColumns++;
            }
        }
        Assert.Equal(15, checkedColumns);
    }
}
