using Glassbox.ML;
using Glassbox.ML.Inspection;
using Glassbox.ML.Linear;
using Glassbox.ML.ModelSelection;
using Glassbox.ML.NaiveBayes;
using Glassbox.Testing;
using static Glassbox.Tests.ML.Toolbox.ToolboxFixture;

namespace Glassbox.Tests.ML.Toolbox;

/// <summary>PermutationImportance and PartialDependence against scikit-learn 1.2 (the "toolbox" fixture family).</summary>
public class InspectionTests
{
    [Fact]
    public void PermutationImportanceMatchesSklearn()
    {
        var x = T("X");
        int n = 0;
        foreach (var c in Cases("permutation_importance"))
        {
            var y = T("y_" + (string)c["y"]!);
            IEstimator e = (string)c["estimator"]! == "Ridge" ? new Ridge(1.0).Fit(x, y) : new GaussianNB().Fit(x, y);
            Scorer? scoring = c["scoring"] is null ? null : Scorers.Get((string)c["scoring"]!);
            var r = PermutationImportance.Compute(e, x, y, (int)c["n_repeats"]!, (ulong)(int)c["random_state"]!, scoring);
            // the same permutations (NumPy's stream replayed) of the same model: the scores agree to the rounding of the
            // closed-form fits (Ridge's solve, naive Bayes' sums), and accuracies exactly
            Assert.True(MaxDiff(Fixtures.Tensor(c["importances"]).ToDoubleArray(), r.Importances.ToDoubleArray()) < 1e-10, $"{c["estimator"]} {c["scoring"]}");
            Assert.True(MaxDiff(Fixtures.Tensor(c["importances_mean"]).ToDoubleArray(), r.ImportancesMean) < 1e-10);
            Assert.True(MaxDiff(Fixtures.Tensor(c["importances_std"]).ToDoubleArray(), r.ImportancesStd) < 1e-10);
            n++;
        }
        Assert.Equal(3, n);
    }

    [Fact]
    public void PermutationImportanceOfAnIgnoredFeatureIsZero()
    {
        // a model that never reads column 1 loses nothing when it is shuffled: exactly 0 in every repeat
        var x = T("X");
        var y = T("y_regression");
        var cols = x.ToDoubleArray();
        int n = x.Shape[0];
        var x1 = Tensor.FromArray(Enumerable.Range(0, n).Select(i => cols[i * 4]).ToArray(), n, 1);
        var model = new Ridge(1.0).Fit(x1, y);
        var wide = Tensor.FromArray(Enumerable.Range(0, n * 2).Select(k => k % 2 == 0 ? cols[k / 2 * 4] : cols[k / 2 * 4 + 1]).ToArray(), n, 2);
        Scorer onFirst = (e, xx, yy) => model.Score(Tensor.FromArray(xx.ToDoubleArray().Where((_, k) => k % 2 == 0).ToArray(), xx.Shape[0], 1), yy);
        var r = PermutationImportance.Compute(new Ridge(1.0).Fit(wide, y), wide, y, 3, 1, onFirst);
        Assert.All(r.Importances.ToDoubleArray().Skip(3), v => Assert.Equal(0.0, v));
        Assert.True(r.ImportancesMean[0] > 0.5, $"column 0 carries most of the signal, importance {r.ImportancesMean[0]}");
    }

    [Fact]
    public void PartialDependenceMatchesSklearn()
    {
        var x = T("X_pdp");
        int n = 0;
        foreach (var c in Cases("partial_dependence"))
        {
            string name = (string)c["estimator"]!;
            IEstimator e = name == "Ridge" ? new Ridge(1.0).Fit(x, T("y_regression"))
                : new GaussianNB().Fit(x, T(name.EndsWith("two") ? "y_two" : "y_three"));
            var features = c["features"]!.AsArray().Select(v => (int)v!).ToArray();
            var pct = c["percentiles"]!.AsArray().Select(v => (double)v!).ToArray();
            var r = PartialDependence.Compute(e, x, features, (int)c["grid_resolution"]!, pct[0], pct[1]);
            var values = c["values"]!.AsArray().Select(v => Fixtures.Tensor(v).ToDoubleArray()).ToArray();
            string what = $"{name} features [{string.Join(",", features)}] grid {c["grid_resolution"]}";
            Assert.Equal(values.Length, r.Values.Length);
            for (int k = 0; k < values.Length; k++) Assert.True(MaxDiff(values[k], r.Values[k]) < 1e-13, what + " grid");
            var avg = Fixtures.Tensor(c["average"]);
            Assert.Equal(avg.ShapeArray, r.Average.ShapeArray);
            // NumPy's mean sums pairwise, this one in order: rounding-level differences only
            Assert.True(MaxDiff(avg.ToDoubleArray(), r.Average.ToDoubleArray()) < 1e-12, what);
            if (c["individual"] is { } ind)
            {
                var want = Fixtures.Tensor(ind);
                Assert.Equal(want.ShapeArray, r.Individual.ShapeArray);
                Assert.True(MaxDiff(want.ToDoubleArray(), r.Individual.ToDoubleArray()) < 1e-12, what + " individual");
            }
            n++;
        }
        Assert.Equal(12, n);
    }

    [Fact]
    public void PartialDependenceOfALinearModelIsItsSlope()
    {
        // for f(x) = w·x + b, PD_j(v) = w_j·v + (mean of the rest): a line of slope w_j, by hand
        var x = T("X");
        var y = T("y_regression");
        var m = new Ridge(1.0).Fit(x, y);
        var r = PartialDependence.Compute(m, x, [1], gridResolution: 11);
        var avg = r.Average.ToDoubleArray();
        double w1 = m.Coef.ToDoubleArray()[1];
        for (int g = 1; g < avg.Length; g++)
            Assert.Equal(w1, (avg[g] - avg[g - 1]) / (r.Values[0][g] - r.Values[0][g - 1]), 9);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => PartialDependence.Compute(m, x, [4]));
        Assert.Contains("feature index", ex.Message);
    }
}
