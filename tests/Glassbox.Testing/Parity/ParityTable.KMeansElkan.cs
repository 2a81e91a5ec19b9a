using System.Text.Json.Nodes;
using Glassbox.ML.Cluster;
using Glassbox.ML.Options;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// KMeans(algorithm: "elkan") against sklearn 1.2's elkan, from explicit centres (one case stopped by max_iter, one
    /// with an empty cluster to relocate) and from seeded k-means++ / random draws, with and without sample weights.
    /// Labels and n_iter exact: the fixture script checks that sklearn's lloyd gives the same, so no point is tied to
    /// rounding and every bound decision is clear-cut. Centres to 1e-9 and inertia to 1e-9 relative: both sides form
    /// the same cluster means from the same labels, differing only in summation order (sklearn adds per-thread chunk
    /// sums, we per-block sums; distances with other SIMD groupings), i.e. ~1e-15 relative per sum; a loose 1e-9 keeps
    /// the bar identical to the weighted KMeans rows of <c>sample_weight_other</c>, where weights widen the terms' range.
    /// </summary>
    private static List<ParityRow> KMeansElkanRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var data = c["data"]!.GetValue<string>();
            var x = Fixtures.Tensor(((JsonObject)root[data]!)["X"]);
            var w = c["weights"] is JsonNode wn ? Fixtures.Tensor(root[wn.GetValue<string>()]) : null;
            var ps = (JsonObject)c["params"]!;
            int k = (int)D(ps, "n_clusters");
            var m = c["init"] is JsonNode initNode
                ? new KMeans(k, initCenters: Fixtures.Tensor(initNode), maxIter: (int)D(ps, "max_iter", 300), tol: D(ps, "tol", 1e-4), algorithm: KMeansAlgorithm.Elkan)
                : new KMeans(k, SklearnNames.Parse<KMeansInit>(ps["init"]?.GetValue<string>() ?? "k-means++"), nInit: (int)D(ps, "n_init"), randomState: (int)D(ps, "random_state"),
                    algorithm: KMeansAlgorithm.Elkan);
            m.Fit(x, null, w);
            var desc = Describe(c, "KMeans(elkan)", data + (c["init"] is null ? "" : ", explicit init") + (w is null ? "" : ", sample_weight")
                + (c["note"] is JsonNode note ? ", " + note.GetValue<string>() : ""));
            rows.Add(Row(desc, "labels_", m.Labels, Fixtures.Tensor(c["labels"]), 0));
            rows.Add(Row(desc, "n_iter_", m.NIter, D(c, "n_iter"), 0));
            rows.Add(Row(desc, "cluster_centers_", m.ClusterCenters, Fixtures.Tensor(c["cluster_centers"]), 1e-9));
            rows.Add(Row(desc, "inertia_", m.Inertia, D(c, "inertia"), 1e-9 * Math.Max(1, Math.Abs(D(c, "inertia")))));
        }
        return rows;
    }
}
