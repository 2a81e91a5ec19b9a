using System.Text.Json.Nodes;
using Glassbox.ML.Cluster;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// KMeans from the same initial centres: labels and n_iter exact, centres / inertia / transform within 1e-10
    /// (both sides run the same arithmetic on the same centred data; only summation order differs, ~1e-15 relative).
    /// MiniBatchKMeans through partial_fit on the fixture's batches from the same centres: the same bounds.
    /// </summary>
    private static List<ParityRow> ClusterRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var data = c["data"]!.GetValue<string>();
            var ds = (JsonObject)root[data]!;
            var (x, xt) = (Fixtures.Tensor(ds["X"]), Fixtures.Tensor(ds["X_test"]));
            var ps = (JsonObject)c["params"]!;
            var init = Fixtures.Tensor(c["init"]);
            var m = new KMeans(init.Shape[0], initCenters: init, maxIter: (int)D(ps, "max_iter", 300), tol: D(ps, "tol", 1e-4)).Fit(x);
            var desc = Describe(c, "KMeans", data);
            rows.Add(Row(desc, "labels", m.Labels, Fixtures.Tensor(c["labels"]), 0));
            rows.Add(Row(desc, "n_iter", m.NIter, D(c, "n_iter"), 0));
            rows.Add(Row(desc, "cluster_centers", m.ClusterCenters, Fixtures.Tensor(c["cluster_centers"]), 1e-10));
            rows.Add(Row(desc, "inertia", m.Inertia, D(c, "inertia"), 1e-10 * Math.Max(1, Math.Abs(D(c, "inertia")))));
            rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 0));
            rows.Add(Row(desc, "transform", m.Transform(xt), Fixtures.Tensor(c["transform"]), 1e-10));
            rows.Add(Row(desc, "score", m.Score(xt), D(c, "score"), 1e-10 * Math.Max(1, Math.Abs(D(c, "score")))));
        }
        foreach (var c in SklearnFixture.Cases(root, "minibatch"))
        {
            var data = c["data"]!.GetValue<string>();
            var ds = (JsonObject)root[data]!;
            var (x, xt) = (Fixtures.Tensor(ds["X"]), Fixtures.Tensor(ds["X_test"]));
            var init = Fixtures.Tensor(c["init"]);
            var batches = Fixtures.Tensor(c["batches"]);
            var m = new MiniBatchKMeans(init.Shape[0], initCenters: init, batchSize: batches.Shape[1], reassignmentRatio: 0);
            for (int b = 0; b < batches.Shape[0]; b++)
            {
                var idx = batches.Select(0, b).ToArray<long>();
                var xa = x.ToDoubleArray();
                int d = x.Shape[1];
                var xb = new double[idx.Length * d];
                for (int i = 0; i < idx.Length; i++) Array.Copy(xa, idx[i] * d, xb, i * d, d);
                m.PartialFit(Tensor.FromArray(xb, idx.Length, d));
            }
            var desc = Describe(c, "MiniBatchKMeans.partial_fit", data);
            rows.Add(Row(desc, "cluster_centers", m.ClusterCenters, Fixtures.Tensor(c["cluster_centers"]), 1e-10));
            rows.Add(Row(desc, "counts", m.Counts, Fixtures.Tensor(c["counts"]), 0));
            rows.Add(Row(desc, "labels (last batch)", m.Labels, Fixtures.Tensor(c["labels"]), 0));
            rows.Add(Row(desc, "inertia (last batch)", m.Inertia, D(c, "inertia"), 1e-10 * Math.Max(1, Math.Abs(D(c, "inertia")))));
            rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 0));
        }
        return rows;
    }
}
