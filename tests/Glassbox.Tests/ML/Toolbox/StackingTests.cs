using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Linear;
using Glassbox.ML.NaiveBayes;
using Glassbox.Testing;
using static Glassbox.Tests.ML.Toolbox.ToolboxFixture;

namespace Glassbox.Tests.ML.Toolbox;

/// <summary>StackingClassifier / StackingRegressor against scikit-learn 1.2 (the "toolbox" fixture family).</summary>
public class StackingTests
{
    [Fact]
    public void StackingMatchesSklearn()
    {
        var x = T("X");
        var xt = T("X_test");
        int n = 0;
        foreach (var c in Cases("stacking"))
        {
            bool passthrough = (bool)c["passthrough"]!;
            int cv = (int)c["cv"]!;
            var y = T("y_" + (string)c["y"]!);
            string what = $"{c["kind"]} {c["y"]} passthrough={passthrough}";
            if ((string)c["kind"]! == "classifier")
            {
                var m = new StackingClassifier([("nb", new GaussianNB()), ("lr", new LogisticRegression(c: 0.5, tol: 1e-10, maxIter: 10000))],
                    new LogisticRegression(tol: 1e-10, maxIter: 10000), cv, passthrough: passthrough).Fit(x, y);
                // meta-features: naive Bayes' out-of-fold probabilities agree to rounding, LogisticRegression's to its
                // parity bar (1e-4 on coefficients, see CalibrationTests); the final LogisticRegression inherits both
                var meta = Fixtures.Tensor(c["transform"]);
                Assert.Equal(meta.ShapeArray, m.Transform(xt).ShapeArray);
                Assert.True(MaxDiff(meta.ToDoubleArray(), m.Transform(xt).ToDoubleArray()) < 1e-4, what + " transform");
                Assert.True(MaxDiff(Fixtures.Tensor(c["predict_proba"]).ToDoubleArray(), m.PredictProba(xt).ToDoubleArray()) < 1e-4, what);
                Assert.Equal(Fixtures.Tensor(c["predict"]).ToArray<long>(), m.Predict(xt).ToArray<long>());
            }
            else
            {
                var m = new StackingRegressor([("r1", new Ridge(1.0)), ("r100", new Ridge(100.0))], new Ridge(0.5), cv, passthrough).Fit(x, y);
                // closed-form ridge solves throughout: rounding only
                Assert.True(MaxDiff(Fixtures.Tensor(c["transform"]).ToDoubleArray(), m.Transform(xt).ToDoubleArray()) < 1e-10, what + " transform");
                Assert.True(MaxDiff(Fixtures.Tensor(c["predict"]).ToDoubleArray(), m.Predict(xt).ToDoubleArray()) < 1e-10, what);
            }
            n++;
        }
        Assert.Equal(6, n);
    }

    [Fact]
    public void StackingRejectsAnEmptyOrDuplicatedEstimatorList()
    {
        var (x, y) = (T("X"), T("y_two"));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new StackingClassifier([]).Fit(x, y));
        Assert.Contains("Estimators", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new StackingClassifier([("a", new GaussianNB()), ("a", new GaussianNB())]).Fit(x, y));
        Assert.Contains("unique", ex.Message);
    }
}
