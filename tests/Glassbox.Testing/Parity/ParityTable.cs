using System.Globalization;
using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Linear;
using Glassbox.ML.Options;

namespace Glassbox.Testing.Parity;

/// <summary>
/// The <c>classical-parity</c> milestone: refits every case of the scikit-learn fixtures with Glassbox and reports,
/// per estimator and quantity, the largest absolute difference and whether it is within tolerance.
/// </summary>
/// <remarks>
/// Tolerances: least-squares family 1e-6 (both sides solve to ~1e-12; normal equations vs LAPACK differ by κ²·ε);
/// logistic 1e-4 against sklearn's lbfgs (scipy stops it on relative decrease at ~1e-4 accuracy) and 1e-6 against
/// its tightly converged newton-cg solution; naive Bayes / KNN predictions exact and probabilities 1e-10;
/// metrics 1e-12; splits exact.
/// </remarks>
public static partial class ParityTable
{
    /// <summary>Every family's rows, reading the fixtures in <paramref name="fixtureFolder"/>.</summary>
    public static IReadOnlyList<ParityRow> Run(string fixtureFolder) =>
        Families.SelectMany(f => Family(f, fixtureFolder)).ToList();

    /// <summary>Names of the fixture families (file names without .json).</summary>
    public static IReadOnlyList<string> Families { get; } = ["linear", "logistic", "naive_bayes", "knn", "metrics", "preprocessing", "splits", "decomposition", "manifold", "svm", "cluster", "mixture", "trees", "boosting", "gradient_boosting", "class_weight", "sample_weight_linear", "sample_weight_metrics", "sample_weight_trees", "sample_weight_other", "ccp", "split_replay", "kmeans_elkan", "max_leaf_nodes", "hgb_categorical"];

    /// <summary>The rows of one family.</summary>
    public static IReadOnlyList<ParityRow> Family(string family, string fixtureFolder)
    {
        var root = SklearnFixture.Load(fixtureFolder, family);
        return family switch
        {
            "linear" => LinearRows(root),
            "logistic" => LogisticRows(root),
            "naive_bayes" => NaiveBayesRows(root),
            "knn" => KnnRows(root),
            "metrics" => MetricRows(root),
            "preprocessing" => PreprocessingRows(root),
            "splits" => SplitRows(root),
            "decomposition" => DecompositionRows(root),
            "manifold" => ManifoldRows(root),
            "svm" => SvmRows(root),
            "cluster" => ClusterRows(root),
            "mixture" => MixtureRows(root),
            "trees" => TreeRows(root),
            "boosting" => BoostingRows(root),
            "gradient_boosting" => GradientBoostingRows(root),
            "class_weight" => ClassWeightRows(root),
            "sample_weight_linear" => SampleWeightLinearRows(root),
            "sample_weight_metrics" => SampleWeightMetricRows(root),
            "sample_weight_trees" => SampleWeightTreeRows(root),
            "sample_weight_other" => SampleWeightOtherRows(root),
            "ccp" => CostComplexityRows(root),
            "split_replay" => SplitReplayRows(root),
            "kmeans_elkan" => KMeansElkanRows(root),
            "max_leaf_nodes" => MaxLeafNodesRows(root),
            "hgb_categorical" => HgbCategoricalRows(root),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, $"unknown fixture family; known: {string.Join(", ", Families)}"),
        };
    }

    private static ParityRow Row(string est, string qty, Tensor ours, Tensor theirs, double tol)
    {
        double d = Fixtures.MaxAbsDiff(ours, theirs);
        return new ParityRow(est, qty, d, tol, d <= tol);
    }

    private static ParityRow Row(string est, string qty, double ours, double theirs, double tol)
    {
        double d = double.IsNaN(ours) && double.IsNaN(theirs) ? 0 : Math.Abs(ours - theirs);
        if (double.IsNaN(d)) d = double.PositiveInfinity;
        return new ParityRow(est, qty, d, tol, d <= tol);
    }

    private static string Describe(JsonObject c, string name, string? data = null) =>
        $"{name} ({(data is null ? "" : data + ", ")}{string.Join(", ", ((JsonObject?)c["params"] ?? []).Select(kv => $"{kv.Key}={Fmt(kv.Value)}"))})";

    private static string Fmt(JsonNode? v) => v is null ? "None" : v.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.Number => v.GetValue<double>().ToString(CultureInfo.InvariantCulture),
        System.Text.Json.JsonValueKind.True => "True",
        System.Text.Json.JsonValueKind.False => "False",
        System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        _ => v.ToJsonString(),
    };

    private static double D(JsonObject c, string key, double fallback = double.NaN) => c[key] is JsonNode n ? n.GetValue<double>() : fallback;
    private static bool B(JsonObject c, string key) => c[key]!.GetValue<bool>();

    private static List<ParityRow> LinearRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var data = c["data"]!.GetValue<string>();
            var ds = (JsonObject)root[data]!;
            var (x, y) = (Fixtures.Tensor(ds["X"]), Fixtures.Tensor(ds["y"]));
            var ps = (JsonObject)c["params"]!;
            bool fi = B(ps, "fit_intercept");
            IRegressor m = name switch
            {
                "LinearRegression" => new LinearRegression(fitIntercept: fi).Fit(x, y),
                "Ridge" => new Ridge(D(ps, "alpha"), fi).Fit(x, y),
                "Lasso" => new Lasso(D(ps, "alpha"), fi, maxIter: 1_000_000, tol: 1e-12).Fit(x, y),
                "ElasticNet" => new ElasticNet(D(ps, "alpha"), D(ps, "l1_ratio"), fi, maxIter: 1_000_000, tol: 1e-12).Fit(x, y),
                _ => throw new InvalidDataException($"linear fixture: unknown estimator {name}"),
            };
            var desc = Describe(c, name, data);
            var (coef, icpt) = m switch
            {
                LinearRegression l => (l.Coef, l.Intercept),
                Ridge r => (r.Coef, r.Intercept),
                Lasso l => (l.Coef, l.Intercept),
                ElasticNet e => (e.Coef, e.Intercept),
                _ => throw new InvalidOperationException(),
            };
            // relative to the coefficients' scale: diabetes coefficients are in the hundreds
            double scale = Math.Max(1, Fixtures.Tensor(c["coef"]).ToDoubleArray().Max(Math.Abs));
            rows.Add(Row(desc, "coef", coef, Fixtures.Tensor(c["coef"]), 1e-6 * scale));
            rows.Add(Row(desc, "intercept", icpt, D(c, "intercept"), 1e-6 * scale));
            rows.Add(Row(desc, "predict", m.Predict(x), Fixtures.Tensor(c["predict"]), 1e-6 * scale));
        }
        return rows;
    }

    private static List<ParityRow> LogisticRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var data = c["data"]!.GetValue<string>();
            var ds = (JsonObject)root[data]!;
            var (x, y) = (Fixtures.Tensor(ds["X"]), Fixtures.Tensor(ds["y"]));
            var ps = (JsonObject)c["params"]!;
            var penalty = SklearnNames.Parse<Penalty>(ps["penalty"]!.GetValue<string>(), "penalty");
            var m = new LogisticRegression(penalty, D(ps, "C"), maxIter: 100_000, tol: 1e-10,
                l1Ratio: ps["l1_ratio"] is JsonNode r ? r.GetValue<double>() : null).Fit(x, y);
            var desc = Describe(c, "LogisticRegression", data);
            rows.Add(Row(desc, "classes", m.Classes, Fixtures.Tensor(c["classes"]), 0));
            rows.Add(Row(desc, "coef", m.Coef, Fixtures.Tensor(c["coef"]), 1e-4 * Scale(c["coef"])));
            rows.Add(Row(desc, "intercept", m.Intercept, Fixtures.Tensor(c["intercept"]), 1e-4 * Scale(c["coef"])));
            if (c["coef_newton"] is JsonNode cn)
            {
                rows.Add(Row(desc, "coef vs newton-cg", m.Coef, Fixtures.Tensor(cn), 1e-6 * Scale(cn)));
                rows.Add(Row(desc, "intercept vs newton-cg", m.Intercept, Fixtures.Tensor(c["intercept_newton"]), 1e-6 * Scale(cn)));
            }
            rows.Add(Row(desc, "predict_proba", m.PredictProba(x), Fixtures.Tensor(c["predict_proba"]), 1e-4));
            rows.Add(Row(desc, "predict", m.Predict(x), Fixtures.Tensor(c["predict"]), 0));
        }
        return rows;
    }

    private static double Scale(JsonNode? t) => Math.Max(1, Fixtures.Tensor(t).ToDoubleArray().Max(Math.Abs));
}
