using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Linear;
using Glassbox.ML.Options;
using Glassbox.ML.Preprocessing;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// sample_weight in the linear family and StandardScaler against sklearn (sample_weight_linear.json): non-integer
    /// weights with a few exact zeros. StandardScaler's weighted mean / variance (NaN cells left out) to 1e-12. Least squares, ridge, lasso and elastic net to 1e-6 relative to the largest coefficient, as the
    /// unweighted "linear" family (both sides solve to ~1e-12; lasso/elastic net at tol 1e-12). Logistic regression
    /// against sklearn fitted at tol 1e-12 (L2: newton-cg; L1 / elastic net: saga, which got within ~1e-8 of the
    /// optimum here) to 1e-6 relative to the largest coefficient — tighter than the 1e-4 the issue asks of lbfgs —
    /// and probabilities to 1e-5.
    /// </summary>
    private static List<ParityRow> SampleWeightLinearRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        var x = Fixtures.Tensor(root["X"]);
        var sw = Fixtures.Tensor(root["sample_weight"]);
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var y = Fixtures.Tensor(root["y_" + c["y"]!.GetValue<string>()]);
            var ps = (JsonObject)c["params"]!;
            var desc = Describe(c, name, $"{c["y"]}, sample_weight");
            double scale = c["coef"] is null ? 1 : Scale(c["coef"]);
            if (name == "StandardScaler")
            {
                // NaN travels as -999 (JSON has no NaN): missing cells in, missing cells out
                var xs = c["data"]!.GetValue<string>() == "X" ? x : Sentinel(Fixtures.Tensor(root["X_nan"]), -999.0, double.NaN);
                var m = new StandardScaler().Fit(xs, null, sw);
                rows.Add(Row(desc, "mean_", m.Mean, Fixtures.Tensor(c["mean"]), 1e-12));
                rows.Add(Row(desc, "var_", m.Var, Fixtures.Tensor(c["var"]), 1e-12));
                rows.Add(Row(desc, "transform", Sentinel(m.Transform(xs), double.NaN, -999.0), Fixtures.Tensor(c["transform"]), 1e-12));
                continue;
            }
            if (name == "LogisticRegression")
            {
                var penalty = SklearnNames.Parse<Penalty>(ps["penalty"]!.GetValue<string>(), "penalty");
                var m = new LogisticRegression(penalty, D(ps, "C"), maxIter: 100_000, tol: 1e-10,
                    l1Ratio: ps["l1_ratio"] is JsonNode r ? r.GetValue<double>() : null,
                    classWeight: ps["class_weight"] is JsonNode cw ? ClassWeight.FromJson(cw) : null).Fit(x, y, sw);
                const double tol = 1e-6;
                rows.Add(Row(desc, "coef", m.Coef, Fixtures.Tensor(c["coef"]), tol * scale));
                rows.Add(Row(desc, "intercept", m.Intercept, Fixtures.Tensor(c["intercept"]), tol * scale));
                rows.Add(Row(desc, "predict_proba", m.PredictProba(x), Fixtures.Tensor(c["predict_proba"]), 1e-5));
                continue;
            }
            bool fi = B(ps, "fit_intercept");
            IRegressor est = name switch
            {
                "LinearRegression" => new LinearRegression(fitIntercept: fi).Fit(x, y, sw),
                "Ridge" => new Ridge(D(ps, "alpha"), fi).Fit(x, y, sw),
                "Lasso" => new Lasso(D(ps, "alpha"), fi, maxIter: 1_000_000, tol: 1e-12).Fit(x, y, sw),
                "ElasticNet" => new ElasticNet(D(ps, "alpha"), D(ps, "l1_ratio"), fi, maxIter: 1_000_000, tol: 1e-12).Fit(x, y, sw),
                _ => throw new InvalidDataException($"sample_weight_linear fixture: unknown estimator {name}"),
            };
            var (coef, icpt) = est switch
            {
                LinearRegression l => (l.Coef, l.Intercept),
                Ridge r => (r.Coef, r.Intercept),
                Lasso l => (l.Coef, l.Intercept),
                ElasticNet e => (e.Coef, e.Intercept),
                _ => throw new InvalidOperationException(),
            };
            rows.Add(Row(desc, "coef", coef, Fixtures.Tensor(c["coef"]), 1e-6 * scale));
            rows.Add(Row(desc, "intercept", icpt, Fixtures.Tensor(c["intercept"]).ToDoubleArray()[0], 1e-6 * scale));
            rows.Add(Row(desc, "predict", est.Predict(x), Fixtures.Tensor(c["predict"]), 1e-6 * scale));
        }
        return rows;
    }

    private static Tensor Sentinel(Tensor t, double from, double to)
    {
        var a = t.ToDoubleArray();
        for (int i = 0; i < a.Length; i++)
            if (a[i].Equals(from)) a[i] = to;
        return Tensor.FromArray(a, t.ShapeArray);
    }
}
