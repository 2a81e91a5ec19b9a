using System.Text.Json.Nodes;
using Glassbox.ML.Manifold;
using Glassbox.ML.Options;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// TSNE rows: final KL divergence on 300 digits (perplexity 30, init pca) for both methods, against the mean of
    /// sklearn's KL over three seeds. Tolerance 5% of that mean: the optimisation is non-convex and the embedding
    /// depends on the RNG, so only the objective reached is comparable (sklearn's own spread over seeds is ~3–6%).
    /// </summary>
    internal static List<ParityRow> ManifoldRows(JsonObject root)
    {
        var x = Fixtures.Tensor(root["X"]);
        var rows = new List<ParityRow>();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var method = c["method"]!.GetValue<string>();
            double theirs = ((JsonArray)c["kl_divergence"]!).Average(v => v!.GetValue<double>());
            var m = new TSNE(perplexity: D(c, "perplexity"), init: TsneInit.Pca, method: SklearnNames.Parse<TsneMethod>(method), randomState: 0).Fit(x);
            rows.Add(Row($"TSNE (digits 300, method={method}, perplexity=30, init=pca)", "kl_divergence", m.KlDivergence, theirs, 0.05 * theirs));
        }
        return rows;
    }
}
