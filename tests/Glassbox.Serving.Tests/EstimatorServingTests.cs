using System.Text.Json;
using Glassbox.Data;
using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Linear;

namespace Glassbox.Serving.Tests;

/// <summary>Classical estimators over HTTP: the schema, and responses equal to the in-process predictions bit for bit.</summary>
public class EstimatorServingTests
{
    private static (LogisticRegression Model, BuiltinDataset Data) Iris()
    {
        var iris = BuiltinDatasets.LoadIris();
        return (new LogisticRegression(maxIter: 200).Fit(iris.X, iris.Y), iris);
    }

    [Fact]
    public async Task Metadata_DescribesFeaturesClassesAndShape()
    {
        var (lr, iris) = Iris();
        await using var h = await ServerHarness.StartAsync(new EstimatorModel(lr, iris.FeatureNames));
        using var response = await h.Client.GetAsync("/metadata");
        var m = await ServerHarness.ParseAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("LogisticRegression", m.GetProperty("model_type").GetString());
        Assert.Equal("classification", m.GetProperty("task").GetString());
        var input = m.GetProperty("input");
        Assert.Equal([4], input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("float64", input.GetProperty("dtype").GetString());
        Assert.Equal(iris.FeatureNames, input.GetProperty("feature_names").EnumerateArray().Select(e => e.GetString()!));
        Assert.False(input.GetProperty("allows_missing").GetBoolean());
        Assert.Equal([0L, 1, 2], m.GetProperty("output").GetProperty("classes").EnumerateArray().Select(e => e.GetInt64()));
        Assert.True(m.GetProperty("output").GetProperty("probabilities").GetBoolean());

        using var health = await h.Client.GetAsync("/health");
        Assert.Equal(200, (int)health.StatusCode);
        Assert.Equal("ok", (await ServerHarness.ParseAsync(health)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Predict_Rows_EqualInProcessPredictionsExactly()
    {
        var (lr, iris) = Iris();
        await using var h = await ServerHarness.StartAsync(new EstimatorModel(lr));
        var x = iris.X.ToDoubleArray();
        int n = iris.X.Size(0);
        var (status, body) = await h.PostAsync(ServerHarness.Rows(x, n, 4));
        Assert.Equal(200, status);
        Assert.Equal(lr.Predict(iris.X).ToArray<long>(), body.GetProperty("predictions").EnumerateArray().Select(e => e.GetInt64()));
        // doubles are written in shortest round-trip form, so parsing them gives back the very bits computed in-process
        var proba = lr.PredictProba(iris.X).ToDoubleArray();
        var got = body.GetProperty("probabilities").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(e => e.GetDouble())).ToArray();
        Assert.Equal(proba, got);
        Assert.Equal([0L, 1, 2], body.GetProperty("classes").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task Predict_Instances_ByFeatureName_InAnyOrder()
    {
        var (lr, iris) = Iris();
        await using var h = await ServerHarness.StartAsync(new EstimatorModel(lr, iris.FeatureNames));
        var x = iris.X.ToDoubleArray();
        var rows = new[] { 0, 60, 120 };
        var instances = rows.Select(i => "{" + string.Join(",", Enumerable.Range(0, 4).Reverse()
            .Select(j => $"{JsonSerializer.Serialize(iris.FeatureNames[j])}:{x[i * 4 + j]:R}")) + "}");
        var (status, body) = await h.PostAsync("{\"instances\":[" + string.Join(",", instances) + "]}");
        Assert.Equal(200, status);
        var sub = Tensor.FromArray(rows.SelectMany(i => x.AsSpan(i * 4, 4).ToArray()).ToArray(), 3, 4);
        Assert.Equal(lr.Predict(sub).ToArray<long>(), body.GetProperty("predictions").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(lr.PredictProba(sub).ToDoubleArray(), body.GetProperty("probabilities").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(e => e.GetDouble())));
    }

    [Fact]
    public async Task Regressor_FromModelFile_ReturnsValuesExactly()
    {
        var diabetes = BuiltinDatasets.LoadDiabetes();
        var ridge = new Ridge(alpha: 0.5).Fit(diabetes.X, diabetes.Y);
        var dir = Directory.CreateTempSubdirectory("glassbox-serving-");
        try
        {
            var path = Path.Combine(dir.FullName, "ridge.json");
            ridge.Save(path);
            var served = EstimatorModel.Load(path, diabetes.FeatureNames);
            Assert.Equal("regression", served.Schema.Task);
            Assert.Null(served.Schema.Classes);
            await using var h = await ServerHarness.StartAsync(served);
            int f = diabetes.X.Size(1);
            var x = diabetes.X.Narrow(0, 0, 25);
            var (status, body) = await h.PostAsync(ServerHarness.Rows(x.ToDoubleArray(), 25, f));
            Assert.Equal(200, status);
            Assert.Equal(ridge.Predict(x).ToDoubleArray(), body.GetProperty("predictions").EnumerateArray().Select(e => e.GetDouble()));
            Assert.False(body.TryGetProperty("probabilities", out _));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task MissingValues_AcceptedOnlyWhereTheModelReadsNaN()
    {
        // histogram gradient boosting routes NaN to a learned side of each split (sklearn's missing-value support)
        var iris = BuiltinDatasets.LoadIris();
        var hgb = new HistGradientBoostingClassifier(maxIter: 10, randomState: 0).Fit(iris.X, iris.Y);
        await using var h = await ServerHarness.StartAsync(new EstimatorModel(hgb));
        Assert.True(h.Server.Model.Schema.AllowsMissing);
        var (status, body) = await h.PostAsync("""{"rows": [[5.1, null, 1.4, "NaN"], [6.0, 3.0, 4.8, 1.8]]}""");
        Assert.Equal(200, status);
        var x = Tensor.FromArray([5.1, double.NaN, 1.4, double.NaN, 6.0, 3.0, 4.8, 1.8], 2, 4);
        Assert.Equal(hgb.Predict(x).ToArray<long>(), body.GetProperty("predictions").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(hgb.PredictProba(x).ToDoubleArray(), body.GetProperty("probabilities").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(e => e.GetDouble())));

        var lr = new LogisticRegression(maxIter: 200).Fit(iris.X, iris.Y);
        Assert.False(new EstimatorModel(lr).Schema.AllowsMissing);
    }

    [Fact]
    public async Task ConcurrentRequests_AreBatched_AndEachGetsExactlyItsOwnRows()
    {
        var iris = BuiltinDatasets.LoadIris();
        var forest = new RandomForestClassifier(nEstimators: 10, randomState: 0).Fit(iris.X, iris.Y);
        var lr = new LogisticRegression(maxIter: 200).Fit(iris.X, iris.Y);
        foreach (IEstimator model in new IEstimator[] { lr, forest })
        {
            // a long window makes the concurrent requests meet in a batch however slowly this machine starts them
            await using var h = await ServerHarness.StartAsync(new EstimatorModel(model), new ServerOptions { BatchWindow = TimeSpan.FromMilliseconds(200) });
            var x = iris.X.ToDoubleArray();
            const int requests = 24;
            var tasks = Enumerable.Range(0, requests).Select(async r =>
            {
                int start = (r * 37) % 140, count = 1 + r % 9;
                var (status, body) = await h.PostAsync(ServerHarness.Rows(x.AsSpan(start * 4, count * 4).ToArray(), count, 4));
                return (start, count, status, body);
            }).ToArray();
            foreach (var (start, count, status, body) in await Task.WhenAll(tasks))
            {
                Assert.Equal(200, status);
                var sub = iris.X.Narrow(0, start, count);
                Assert.Equal(((IPredictor)model).Predict(sub).ToArray<long>(), body.GetProperty("predictions").EnumerateArray().Select(e => e.GetInt64()));
                Assert.Equal(((IProbabilisticClassifier)model).PredictProba(sub).ToDoubleArray(),
                    body.GetProperty("probabilities").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(e => e.GetDouble())));
            }
            Assert.True(h.Server.Batches < requests, $"{requests} concurrent requests ran as {h.Server.Batches} batches; expected some to share one");
            Assert.Equal(tasks.Sum(t => t.Result.count), h.Server.Samples);
        }
    }

    [Fact]
    public void Construction_RefusesWhatCannotBeServed()
    {
        var iris = BuiltinDatasets.LoadIris();
        Assert.Contains("not fitted", Assert.Throws<ArgumentException>(() => new EstimatorModel(new LogisticRegression())).Message);
        var lr = new LogisticRegression(maxIter: 200).Fit(iris.X, iris.Y);
        Assert.Contains("3 feature names", Assert.Throws<ArgumentException>(() => new EstimatorModel(lr, ["a", "b", "c"])).Message);
        Assert.Contains("given twice", Assert.Throws<ArgumentException>(() => new EstimatorModel(lr, ["a", "b", "c", "a"])).Message);
        var scaler = new Glassbox.ML.Preprocessing.StandardScaler().Fit(iris.X);
        Assert.Contains("has no Predict", Assert.Throws<ArgumentException>(() => new EstimatorModel(scaler)).Message);
    }
}
