using Glassbox.ML;
using Glassbox.ML.Linear;
using Glassbox.ML.Metrics;
using Glassbox.ML.ModelSelection;
using Glassbox.ML.Neighbors;
using Glassbox.ML.Preprocessing;
using Glassbox.ML.Svm;

namespace Glassbox.Tests.ML;

/// <summary>
/// Behaviour of the model-selection tools beyond the sklearn split fixtures: shuffled splitters partition the rows,
/// searches pick the candidate cross-validation prefers and evaluate grids in sklearn's order, and pipelines route
/// "step__param" names.
/// </summary>
public class ModelSelectionTests
{
    private static (Tensor X, Tensor Y) Regression(int n = 80)
    {
        var g = new Generator(3);
        var x = new double[n * 3]; var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++) x[i * 3 + j] = g.NextNormal();
            y[i] = 2 * x[i * 3] - x[i * 3 + 1] + 0.5 * g.NextNormal();
        }
        return (Tensor.FromArray(x, n, 3), Tensor.FromArray(y, [n]));
    }

    private static (Tensor X, Tensor Y) Binary(int n = 60)
    {
        var g = new Generator(5);
        var x = new double[n * 2]; var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            x[i * 2] = g.NextNormal(); x[i * 2 + 1] = g.NextNormal();
            y[i] = x[i * 2] + 0.5 * x[i * 2 + 1] + 0.7 * g.NextNormal() > 0 ? 1 : 0;
        }
        return (Tensor.FromArray(x, n, 2), Tensor.FromArray(y, [n]));
    }

    [Fact]
    public void ProbabilityScorersUseWhatTheEstimatorOrPipelineFinalStepSupports()
    {
        var (x, y) = Binary();
        // LinearSVC has no probabilities: the type says so, and a probability scorer names it instead of calling a throwing method.
        var svc = new LinearSVC(randomState: 0).Fit(x, y);
        Assert.IsNotAssignableFrom<IProbabilisticClassifier>(svc);
        var ex = Assert.Throws<ArgumentException>(() => Scorers.Get(Scoring.NegLogLoss)(svc, x, y));
        Assert.Contains("LinearSVC has no PredictProba", ex.Message);
        // roc_auc falls back to the decision function, exactly as the metric on it.
        Assert.Equal(Ranking.RocAucScore(y, svc.DecisionFunction(x)), Scorers.Get(Scoring.RocAuc)(svc, x, y));

        // A pipeline forwards to its last step, which here has probabilities but no decision function: roc_auc uses
        // P(class 1), neg_log_loss the probabilities, both equal to the metrics computed by hand.
        var pipe = new Pipeline(("scale", new StandardScaler()), ("knn", new KNeighborsClassifier(nNeighbors: 7))).Fit(x, y);
        var proba = pipe.PredictProba(x);
        Assert.Equal(Ranking.RocAucScore(y, proba.Select(1, 1)), Scorers.Get(Scoring.RocAuc)(pipe, x, y));
        Assert.Equal(-Classification.LogLoss(y, proba), Scorers.Get(Scoring.NegLogLoss)(pipe, x, y));
        var svcPipe = new Pipeline(("scale", new StandardScaler()), ("svc", new LinearSVC(randomState: 0))).Fit(x, y);
        Assert.Contains("final step LinearSVC", Assert.Throws<ArgumentException>(() => Scorers.Get(Scoring.NegLogLoss)(svcPipe, x, y)).Message);
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(23, 5)]
    public void ShuffledKFoldPartitionsRows(int n, int k)
    {
        var folds = new KFold(k, shuffle: true, seed: 42).Split(n).ToArray();
        Assert.Equal(k, folds.Length);
        var allTest = folds.SelectMany(f => f.Test).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, n), allTest); // every row is tested exactly once
        foreach (var (train, test) in folds) Assert.Equal(n, train.Length + test.Length);
        Assert.NotEqual(new KFold(k).Split(n).First().Test, folds[0].Test); // shuffling changed the folds
        Assert.Equal(folds[0].Test, new KFold(k, true, 42).Split(n).First().Test); // and the seed fixes them
    }

    [Fact]
    public void StratifiedTrainTestSplitKeepsProportions()
    {
        var y = Tensor.FromArray(Enumerable.Range(0, 100).Select(i => i < 70 ? 3L : 8L).ToArray(), [100]);
        var x = Tensor.FromArray(Enumerable.Range(0, 100).Select(i => (double)i).ToArray(), 100, 1);
        var (xtr, xte, ytr, yte) = CrossValidation.TrainTestSplit(x, y, 0.2, seed: 5, stratify: y);
        Assert.Equal(80, xtr.Shape[0]);
        Assert.Equal(20, xte.Shape[0]);
        Assert.Equal(14, yte!.ToArray<long>().Count(v => v == 3)); // 70% of 20
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (double)i), xtr.ToDoubleArray().Concat(xte.ToDoubleArray()).Order());
        // rows stay paired with their labels
        var xs = xte.ToDoubleArray(); var ys = yte.ToArray<long>();
        for (int i = 0; i < 20; i++) Assert.Equal(xs[i] < 70 ? 3L : 8L, ys[i]);
    }

    [Fact]
    public void GridSearchPicksTheBestCrossValidatedCandidateInSklearnOrder()
    {
        var (x, y) = Regression();
        var grid = new Dictionary<string, object?[]> { ["NNeighbors"] = [1, 5, 15], ["Weights"] = ["uniform", "distance"] };
        var gs = new GridSearchCV(new KNeighborsRegressor(), grid, cv: 4).Fit(x, y);
        Assert.Equal(6, gs.CvResults.Count);
        // names sorted, last varies fastest: NNeighbors=1/uniform, 1/distance, 5/uniform, ...
        Assert.Equal(1, gs.CvResults[0].Params["NNeighbors"]);
        Assert.Equal("distance", gs.CvResults[1].Params["Weights"]);
        Assert.Equal(5, gs.CvResults[2].Params["NNeighbors"]);
        // each mean equals an independent cross_val_score of that candidate
        for (int i = 0; i < 6; i++)
        {
            var manual = CrossValidation.CrossValScore(new KNeighborsRegressor().Clone(gs.CvResults[i].Params), x, y, new KFold(4));
            Assert.Equal(manual.Average(), gs.CvResults[i].MeanScore, 12);
        }
        Assert.Equal(gs.CvResults.Max(r => r.MeanScore), gs.BestScore);
        Assert.Equal(((KNeighborsRegressor)gs.BestEstimator).NNeighbors, gs.BestParams["NNeighbors"]);
        Assert.True(gs.Score(x, y) > 0.5);
    }

    [Fact]
    public void GridSearchOverPipelineStepParameters()
    {
        var (x, y) = Regression();
        var pipe = new Pipeline(("scale", new StandardScaler()), ("lasso", new Lasso()));
        var gs = new GridSearchCV(pipe, new Dictionary<string, object?[]> { ["lasso__alpha"] = [10.0, 1.0, 0.01] }, cv: 3).Fit(x, y);
        Assert.Equal(0.01, gs.BestParams["lasso__alpha"]); // strong penalties zero out the true signal
        var best = (Pipeline)gs.BestEstimator;
        Assert.Equal(0.01, ((Lasso)best["lasso"]).Alpha);
        Assert.False(pipe.IsFitted); // the template is never fitted
    }

    [Fact]
    public void RandomizedSearchIsSeededAndSamplesFromDistributions()
    {
        var (x, y) = Regression();
        var dist = new Dictionary<string, object> { ["Alpha"] = (Func<Generator, object?>)(g => Math.Pow(10, -3 + 4 * g.NextDouble())) };
        var a = new RandomizedSearchCV(new Ridge(), dist, nIter: 6, cv: 3, seed: 9).Fit(x, y);
        var b = new RandomizedSearchCV(new Ridge(), dist, nIter: 6, cv: 3, seed: 9).Fit(x, y);
        Assert.Equal(a.CvResults.Select(r => r.Params["Alpha"]), b.CvResults.Select(r => r.Params["Alpha"]));
        Assert.All(a.CvResults, r => Assert.InRange((double)r.Params["Alpha"]!, 1e-3, 10));
        Assert.Equal(a.CvResults.Max(r => r.MeanScore), a.BestScore);
    }

    [Fact]
    public void PipelineEqualsManualChain()
    {
        var (x, y) = Regression();
        var pipe = new Pipeline(("scale", new StandardScaler()), ("ridge", new Ridge(2.0))).Fit(x, y);
        var xs = new StandardScaler().FitTransform(x);
        var manual = new Ridge(2.0).Fit(xs, y).Predict(xs).ToDoubleArray();
        Assert.Equal(manual, pipe.Predict(x).ToDoubleArray());
        Assert.Equal(2.0, pipe.GetParams()["ridge__Alpha"]);
        var c = pipe.Clone(new Dictionary<string, object?> { ["ridge__alpha"] = 5.0 });
        Assert.Equal(5.0, ((Ridge)c["ridge"]).Alpha);
        Assert.False(c.IsFitted);
    }

    [Fact]
    public void ValidationAndLearningCurvesHaveTheRightShapesAndTrends()
    {
        var (x, y) = Regression(120);
        var (tr, te) = CrossValidation.ValidationCurve(new Ridge(), x, y, "Alpha", [0.01, 1000.0], new KFold(3));
        Assert.Equal(2, tr.GetLength(0)); Assert.Equal(3, tr.GetLength(1));
        for (int f = 0; f < 3; f++) Assert.True(te[0, f] > te[1, f]); // a huge ridge penalty underfits
        var (sizes, ltr, lte) = CrossValidation.LearningCurve(new LinearRegression(), x, y, [0.25, 1.0], new KFold(4));
        Assert.Equal(new[] { 22, 90 }, sizes);
        Assert.Equal(2, lte.GetLength(0));
    }

    [Fact]
    public void CrossValScoreUsesStratifiedFoldsForClassifiers()
    {
        Assert.IsType<StratifiedKFold>(CrossValidation.CheckCv(new LogisticRegression()));
        Assert.IsType<KFold>(CrossValidation.CheckCv(new Ridge()));
    }

    [Fact]
    public void SampleWeightsFollowTheTrainingFoldsAndTheRefit()
    {
        var (x, y) = Regression();
        int n = x.Shape[0];
        var w = Tensor.FromArray(Enumerable.Range(0, n).Select(i => 0.5 + i % 4).ToArray(), [n]);
        var cv = new KFold(4);
        var scores = CrossValidation.CrossValScore(new Ridge(alpha: 5.0), x, y, cv, sampleWeight: w);
        var folds = cv.Split(n, y, null).ToArray();
        for (int f = 0; f < folds.Length; f++)
        {
            var (train, test) = folds[f];
            var m = new Ridge(alpha: 5.0).Fit(Splits.Rows(x, train), Splits.Rows(y, train), Splits.Rows(w, train));
            Assert.Equal(m.Score(Splits.Rows(x, test), Splits.Rows(y, test)), scores[f], 12); // weighted fit, unweighted score
        }
        Assert.NotEqual(CrossValidation.CrossValScore(new Ridge(alpha: 5.0), x, y, cv)[0], scores[0]);
        var search = new GridSearchCV(new Ridge(), new Dictionary<string, object?[]> { ["alpha"] = [0.1, 5.0, 50.0] }, cv: 4);
        Assert.True(search.SupportsSampleWeight);
        search.Fit(x, y, w);
        var best = (Ridge)search.BestEstimator;
        var refit = new Ridge(alpha: best.Alpha).Fit(x, y, w);
        Assert.Equal(refit.Coef.ToDoubleArray(), best.Coef.ToDoubleArray());
    }
}
