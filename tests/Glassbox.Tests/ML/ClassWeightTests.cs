using Glassbox.ML.Options;
using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Linear;
using Glassbox.Testing.Parity;
using Glassbox.ML.Svm;
using Glassbox.ML.Tree;
using Glassbox.Testing;

namespace Glassbox.Tests.ML;

/// <summary>
/// class_weight: the weights themselves, the forest's "balanced_subsample", and save/load of a dictionary. The
/// comparison with sklearn (trees, logistic regression, SVC) is the "class_weight" family of the parity table
/// (<see cref="ParityTable"/>, run by SklearnParityTests and the classical-parity milestone).
/// </summary>
public class ClassWeightTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn");
    private static readonly JsonObject Root = SklearnFixture.Load(Folder, "class_weight");

    [Fact]
    public void BalancedWeightsEqualiseTheClassTotals()
    {
        // 6 of class 4, 2 of class 9: w = n / (k·n_c) = 8/12 and 8/4
        var w = ClassWeights.Compute(ClassWeight.Balanced, [4, 9], [0, 0, 0, 0, 0, 0, 1, 1], "test")!;
        Assert.Equal(8.0 / 12, w[0], 15);
        Assert.Equal(2.0, w[1], 15);
        Assert.Equal(6 * w[0], 2 * w[1], 12);
        var d = ClassWeights.Compute(ClassWeight.Of(new Dictionary<long, double> { [9] = 5.0 }), [4, 9], [0, 1], "test")!;
        Assert.Equal([1.0, 5.0], d);
        var ex = Assert.Throws<ArgumentException>(() => ClassWeights.Compute(ClassWeight.Of(new Dictionary<long, double> { [7] = 2.0 }), [4, 9], [0, 1], "SVC"));
        Assert.Contains("SVC.Fit", ex.Message);
        Assert.Contains("7", ex.Message);
    }

    [Fact]
    public void ForestClassWeightsShiftPredictionsTowardsTheRareClass()
    {
        var x = Fixtures.Tensor(Root["X"]);
        var y = Fixtures.Tensor(Root["y_two"]);
        long rare = 2;
        int Count(RandomForestClassifier m) => m.Predict(x).ToArray<long>().Count(v => v == rare);
        int plain = Count(new RandomForestClassifier(nEstimators: 30, maxDepth: 3, randomState: 0).Fit(x, y));
        int balanced = Count(new RandomForestClassifier(nEstimators: 30, maxDepth: 3, randomState: 0, classWeight: Glassbox.ML.Options.ClassWeight.Balanced).Fit(x, y));
        int sub = Count(new RandomForestClassifier(nEstimators: 30, maxDepth: 3, randomState: 0, classWeight: Glassbox.ML.Options.ClassWeight.BalancedSubsample).Fit(x, y));
        Assert.True(balanced > plain, $"balanced {balanced} vs plain {plain}");
        Assert.True(sub > plain, $"balanced_subsample {sub} vs plain {plain}");
        var single = Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionTreeClassifier(classWeight: Glassbox.ML.Options.ClassWeight.BalancedSubsample).Fit(x, y));
        Assert.Equal("ClassWeight", single.ParamName);
    }

    [Fact]
    public void DictionaryClassWeightSurvivesSaveAndLoad()
    {
        var x = Fixtures.Tensor(Root["X"]);
        var y = Fixtures.Tensor(Root["y_three"]);
        var m = new LogisticRegression(classWeight: new Dictionary<long, double> { [1] = 2.0, [11] = 0.5 }).Fit(x, y);
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-cw-{Guid.NewGuid():N}.json");
        try
        {
            m.Save(path);
            var loaded = LogisticRegression.Load(path);
            Assert.Equal(new Dictionary<long, double> { [1] = 2.0, [11] = 0.5 }, loaded.ClassWeight!.Weights!);
            Assert.Equal(m.PredictProba(x).ToDoubleArray(), loaded.PredictProba(x).ToDoubleArray());
            var refit = loaded.Clone().Fit(x, y);
            Assert.Equal(m.Coef.ToDoubleArray(), refit.Coef.ToDoubleArray());
        }
        finally { File.Delete(path); }
    }
}
