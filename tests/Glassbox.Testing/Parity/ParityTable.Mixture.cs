using System.Text.Json.Nodes;
using Glassbox.ML.Mixture;
using Glassbox.ML.Options;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// GaussianMixture from the same weights / means / precisions, every covariance type: n_iter and converged
    /// exact; parameters, lower bound and scores within 1e-6 (the bar; EM from an identical start runs the
    /// same arithmetic, so the observed differences are ~1e-12, growing only through the iterations' conditioning);
    /// predict exact.
    /// </summary>
    private static List<ParityRow> MixtureRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var data = c["data"]!.GetValue<string>();
            var ds = (JsonObject)root[data]!;
            var (x, xt) = (Fixtures.Tensor(ds["X"]), Fixtures.Tensor(ds["X_test"]));
            var ps = (JsonObject)c["params"]!;
            var w0 = Fixtures.Tensor(c["weights_init"]);
            var m = new GaussianMixture(w0.Shape[0], SklearnNames.Parse<CovarianceType>(ps["covariance_type"]!.GetValue<string>()), tol: D(ps, "tol", 1e-3),
                regCovar: D(ps, "reg_covar", 1e-6), maxIter: (int)D(ps, "max_iter", 100), weightsInit: w0,
                meansInit: Fixtures.Tensor(c["means_init"]), precisionsInit: Fixtures.Tensor(c["precisions_init"])).Fit(x);
            var desc = Describe(c, "GaussianMixture", data);
            const double tol = 1e-6;
            rows.Add(Row(desc, "n_iter", m.NIter, D(c, "n_iter"), 0));
            rows.Add(Row(desc, "converged", m.Converged ? 1 : 0, B(c, "converged") ? 1 : 0, 0));
            rows.Add(Row(desc, "weights", m.Weights, Fixtures.Tensor(c["weights"]), tol));
            rows.Add(Row(desc, "means", m.Means, Fixtures.Tensor(c["means"]), tol));
            rows.Add(Row(desc, "covariances", m.Covariances, Fixtures.Tensor(c["covariances"]), tol));
            rows.Add(Row(desc, "precisions", m.Precisions, Fixtures.Tensor(c["precisions"]), tol));
            rows.Add(Row(desc, "precisions_cholesky", m.PrecisionsCholesky, Fixtures.Tensor(c["precisions_cholesky"]), tol));
            rows.Add(Row(desc, "lower_bound", m.LowerBound, D(c, "lower_bound"), tol));
            rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 0));
            rows.Add(Row(desc, "predict_proba", m.PredictProba(xt), Fixtures.Tensor(c["predict_proba"]), tol));
            rows.Add(Row(desc, "score_samples", m.ScoreSamples(xt), Fixtures.Tensor(c["score_samples"]), tol));
            rows.Add(Row(desc, "score", m.Score(xt), D(c, "score"), tol));
            rows.Add(Row(desc, "bic", m.Bic(xt), D(c, "bic"), tol * Math.Max(1, Math.Abs(D(c, "bic")))));
            rows.Add(Row(desc, "aic", m.Aic(xt), D(c, "aic"), tol * Math.Max(1, Math.Abs(D(c, "aic")))));
        }
        return rows;
    }
}
