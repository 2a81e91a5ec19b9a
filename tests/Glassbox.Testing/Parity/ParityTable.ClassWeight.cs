using System.Globalization;
using System.Text.Json.Nodes;
using Glassbox.ML.Linear;
using Glassbox.ML.Svm;
using Glassbox.ML.Options;
using Glassbox.ML.Tree;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// class_weight against sklearn (class_weight.json): "balanced" and a {label: weight} dictionary on imbalanced
    /// 2- and 3-class data without ties. Trees: identical split features (exact), thresholds to 1e-12, weighted
    /// node class counts to 1e-9 (sums of a few hundred weights), predict_proba to 1e-12. Logistic regression at
    /// sklearn's converged optimum (tol 1e-10): coefficients and intercepts to 1e-4 (the issue's bar), probabilities
    /// to 1e-5. SVC (libsvm and ours at tol 1e-6): decision values to 1e-3, support-vector counts exact.
    /// </summary>
    private static List<ParityRow> ClassWeightRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        var x = Fixtures.Tensor(root["X"]);
        var xt = Fixtures.Tensor(root["X_test"]);
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var y = Fixtures.Tensor(root["y_" + c["y"]!.GetValue<string>()]);
            var cwNode = c["class_weight"]!;
            object cw = cwNode is JsonValue v ? v.GetValue<string>()
                : ((JsonObject)cwNode).ToDictionary(kv => long.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value!.GetValue<double>());
            var desc = Describe(c, name, $"{c["y"]} classes, class_weight={(cw is string s ? s : cwNode.ToJsonString())}");
            switch (name)
            {
                case "DecisionTreeClassifier":
                    {
                        var ps = (JsonObject)c["params"]!;
                        var m = new DecisionTreeClassifier(CriterionOf(ps, Criterion.Gini), maxDepth: ps["max_depth"]!.GetValue<int>(), randomState: 0,
                            classWeight: cw is string cws ? ClassWeight.FromJson(JsonValue.Create(cws)) : ClassWeight.Of((Dictionary<long, double>)cw)).Fit(x, y);
                        rows.Add(Row(desc, "tree_.feature", m.Tree.Feature.To(DType.Float64), Fixtures.Tensor(c["feature"]).To(DType.Float64), 0));
                        rows.Add(Row(desc, "tree_.threshold", m.Tree.Threshold, Fixtures.Tensor(c["threshold"]), 1e-12));
                        rows.Add(Row(desc, "tree_.value (weighted counts)", m.Tree.Value, Fixtures.Tensor(c["value"]), 1e-9));
                        rows.Add(Row(desc, "predict_proba", m.PredictProba(xt), Fixtures.Tensor(c["predict_proba"]), 1e-12));
                        break;
                    }
                case "LogisticRegression":
                    {
                        var m = new LogisticRegression(c: 1.0, tol: 1e-10, maxIter: 10000, classWeight: TypedClassWeight(cw)).Fit(x, y);
                        rows.Add(Row(desc, "coef_", m.Coef, Fixtures.Tensor(c["coef"]), 1e-4));
                        rows.Add(Row(desc, "intercept_", m.Intercept, Fixtures.Tensor(c["intercept"]), 1e-4));
                        rows.Add(Row(desc, "predict_proba", m.PredictProba(xt), Fixtures.Tensor(c["predict_proba"]), 1e-5));
                        break;
                    }
                default:
                    {
                        var m = new SVC(c: 1.0, tol: 1e-6, decisionFunctionShape: DecisionFunctionShape.Ovo, classWeight: TypedClassWeight(cw)).Fit(x, y);
                        rows.Add(Row(desc, "decision_function", m.DecisionFunction(xt), Fixtures.Tensor(c["decision_function"]), 1e-3));
                        rows.Add(Row(desc, "n_support_", m.NSupport.To(DType.Float64), Fixtures.Tensor(c["n_support"]).To(DType.Float64), 0));
                        break;
                    }
            }
        }
        return rows;
    }

    /// <summary>The fixture's class_weight (a keyword or a label → weight dictionary) as the typed option.</summary>
    private static Glassbox.ML.Options.ClassWeight TypedClassWeight(object cw) => cw is string s
        ? Glassbox.ML.Options.ClassWeight.FromJson(JsonValue.Create(s))
        : Glassbox.ML.Options.ClassWeight.Of((Dictionary<long, double>)cw);
}
