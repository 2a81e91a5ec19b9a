using System.Globalization;
using System.Text.Json.Nodes;
using Glassbox.ML.Options;
using Glassbox.ML.Svm;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// SVC / SVR against libsvm as sklearn wraps it, LinearSVC against liblinear.
    /// </summary>
    /// <remarks>
    /// Both SMO implementations make the same choices (WSS 3, shrinking, float32 kernel cache), so support sets and
    /// n_support are compared exactly. Values: decision function / predictions within 1e-3 at sklearn's default
    /// tol = 1e-3 (the bar: the stopping rule leaves α accurate to about tol), and within 1e-5 when both sides
    /// run with tol = 1e-6; dual coefficients and intercepts get the same bounds scaled by C (α ∈ [0, C]).
    /// Class labels exact. Observed: SVC/SVR agree with libsvm to ~1e-14 (the same iterates; poly 3e-7 from the
    /// float32 rounding of (γx·z + c)^d), LinearSVC to ~1e-10. LinearSVC: both sides at tol = 1e-10 (where liblinear still converges; at 1e-12 it stalls on these sets) reach the unique primal optimum, but liblinear's
    /// coordinate order is random (a different stream here), so coef/intercept/decision agree to 1e-6.
    /// </remarks>
    private static List<ParityRow> SvmRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var data = c["data"]!.GetValue<string>();
            var ds = (JsonObject)root[data]!;
            var (x, y, xt) = (Fixtures.Tensor(ds["X"]), Fixtures.Tensor(ds["y"]), Fixtures.Tensor(ds["X_test"]));
            var ps = (JsonObject)c["params"]!;
            var desc = Describe(c, name, data);
            var kernel = SklearnNames.Parse<Kernel>(ps["kernel"]?.GetValue<string>() ?? "rbf", "kernel");
            var gamma = ps["gamma"] is JsonNode g ? Gamma.FromJson(g) : Gamma.Scale;
            double tol = D(ps, "tol", 1e-3), cc = D(ps, "C", 1.0);
            double bound = tol < 1e-3 ? 1e-5 : 1e-3;
            switch (name)
            {
                case "SVC":
                {
                    var m = new SVC(cc, kernel, (int)D(ps, "degree", 3), gamma, D(ps, "coef0", 0), ps["shrinking"]?.GetValue<bool>() ?? true, tol,
                        decisionFunctionShape: SklearnNames.Parse<DecisionFunctionShape>(ps["decision_function_shape"]?.GetValue<string>() ?? "ovr", "decision_function_shape")).Fit(x, y);
                    rows.Add(Row(desc, "gamma", m.GammaFitted, D(c, "gamma"), 1e-15));
                    rows.Add(Row(desc, "support", m.Support, Fixtures.Tensor(c["support"]), 0));
                    rows.Add(Row(desc, "n_support", m.NSupport, Fixtures.Tensor(c["n_support"]), 0));
                    rows.Add(Row(desc, "support_vectors", m.SupportVectors, Fixtures.Tensor(c["support_vectors"]), 0));
                    rows.Add(Row(desc, "dual_coef", m.DualCoef, Fixtures.Tensor(c["dual_coef"]), bound * Math.Max(1, cc)));
                    rows.Add(Row(desc, "intercept", m.Intercept, Fixtures.Tensor(c["intercept"]), bound * Math.Max(1, cc)));
                    rows.Add(Row(desc, "decision_function", m.DecisionFunction(xt), Fixtures.Tensor(c["decision_function"]), bound * Math.Max(1, cc)));
                    rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 0));
                    break;
                }
                case "SVR":
                {
                    var m = new SVR(kernel, (int)D(ps, "degree", 3), gamma, D(ps, "coef0", 0), tol, cc, D(ps, "epsilon", 0.1)).Fit(x, y);
                    rows.Add(Row(desc, "support", m.Support, Fixtures.Tensor(c["support"]), 0));
                    rows.Add(Row(desc, "dual_coef", m.DualCoef, Fixtures.Tensor(c["dual_coef"]), bound * Math.Max(1, cc)));
                    rows.Add(Row(desc, "intercept", m.Intercept, Fixtures.Tensor(c["intercept"]), bound * Math.Max(1, cc)));
                    rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), bound * Math.Max(1, cc)));
                    break;
                }
                case "LinearSVC":
                {
                    var m = new LinearSVC(SklearnNames.Parse<HingeLoss>(ps["loss"]?.GetValue<string>() ?? "squared_hinge", "loss"), 1e-10, cc, interceptScaling: D(ps, "intercept_scaling", 1),
                        maxIter: 1_000_000, randomState: 0).Fit(x, y);
                    rows.Add(Row(desc, "coef", m.Coef, Fixtures.Tensor(c["coef"]), 1e-6));
                    rows.Add(Row(desc, "intercept", m.Intercept, Fixtures.Tensor(c["intercept"]), 1e-6));
                    rows.Add(Row(desc, "decision_function", m.DecisionFunction(xt), Fixtures.Tensor(c["decision_function"]), 1e-6));
                    rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 0));
                    break;
                }
                default: throw new InvalidDataException($"svm fixture: unknown estimator {name}");
            }
        }
        return rows;
    }
}
