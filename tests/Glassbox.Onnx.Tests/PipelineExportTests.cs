using Glassbox.Data;
using Glassbox.ML;
using Glassbox.ML.Cluster;
using Glassbox.ML.Linear;
using Glassbox.ML.Preprocessing;
using Glassbox.ML.Svm;
using static Glassbox.Onnx.Tests.ClassicalOrt;
using static Glassbox.Onnx.Tests.OrtRunner;

namespace Glassbox.Onnx.Tests;

/// <summary>
/// LinearSVC, StandardScaler pipelines and the refusals, run in ONNX Runtime against the estimators' float64 results.
/// </summary>
/// <remarks>
/// Tolerances as in <see cref="LinearModelExportTests"/>: a float32 score z = x·w + b is within (3 + p)·u·(Σ|wⱼxⱼ| + |b|)
/// of the float64 one. Behind a scaler the features x' = (x − μ)/σ themselves carry float32 error: μ and σ rounded (u
/// each), the subtraction and the division rounded (u each), so |Δx'ⱼ| ≤ 4u·(|xⱼ| + |μⱼ|)/σⱼ to first order, which
/// adds Σ|wⱼ|·|Δx'ⱼ| to the score's bound.
/// </remarks>
public class PipelineExportTests
{
    /// <summary>Per-row score bound for weights [k, p] on float32 inputs x behind a scaler (μ, σ), or none.</summary>
    private static double ScoreBound(double[] w, double[] b, int k, int p, double[] x, int i, double[]? mu, double[]? sigma)
    {
        double worst = 0;
        for (int c = 0; c < k; c++)
        {
            double mag = Math.Abs(b[c]), shift = 0;
            for (int j = 0; j < p; j++)
            {
                double xs = mu is null ? x[i * p + j] : (x[i * p + j] - mu[j]) / sigma![j];
                mag += Math.Abs(w[c * p + j] * xs);
                if (mu is not null) shift += Math.Abs(w[c * p + j]) * 4 * U * (Math.Abs(x[i * p + j]) + Math.Abs(mu[j])) / sigma![j];
            }
            worst = Math.Max(worst, (3 + p) * U * mag + shift);
        }
        return worst;
    }

    private static (float[] X, Tensor Xd, int N, int P) Wine()
    {
        var wine = BuiltinDatasets.LoadWine();
        int n = wine.X.Shape[0], p = wine.X.Shape[1];
        var x = Array.ConvertAll(wine.X.To(DType.Float64).ToArray<double>(), v => (float)v);
        return (x, AsDoubles(x, n, p), n, p);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ScalerThenLogisticRegression(bool binary)
    {
        var (x, xd, n, p) = Wine();
        var raw = BuiltinDatasets.LoadWine().Y.ToArray<long>();
        var y = Tensor.FromArray(raw.Select(c => binary ? (c == 1 ? 7L : 2L) : c + 1).ToArray(), [n]);
        var scaler = new StandardScaler();
        var lr = new LogisticRegression(maxIter: 1000);
        var pipe = new Pipeline(("scale", scaler), ("clf", lr)).Fit(xd, y);
        var expected = pipe.PredictProba(xd).ToArray<double>();
        var predicted = pipe.Predict(xd).ToArray<long>();
        var (proba, shape, labels) = Run(OnnxExporter.ExportToBytes(pipe), x, n, p, labels: true);
        int k = binary ? 2 : 3;
        Assert.Equal([n, k], shape);
        var w = lr.Coef.ToArray<double>();
        var b = lr.Intercept.ToArray<double>();
        var xs = xd.ToArray<double>();
        var mu = scaler.Mean.ToArray<double>();
        var sigma = scaler.Scale.ToArray<double>();
        int clear = 0;
        for (int i = 0; i < n; i++)
        {
            double bound = (binary ? 0.25 : 0.5) * ScoreBound(w, b, b.Length, p, xs, i, mu, sigma) + 8 * U;
            for (int c = 0; c < k; c++)
                Assert.True(Math.Abs(proba[i * k + c] - expected[i * k + c]) <= bound, $"row {i} class {c}: ORT {proba[i * k + c]:R}, Glassbox {expected[i * k + c]:R}, bound {bound:E2}");
            var sorted = Enumerable.Range(0, k).Select(c => expected[i * k + c]).OrderDescending().ToArray();
            if (sorted[0] - sorted[1] <= 2 * bound) continue;
            Assert.Equal(predicted[i], labels![i]);
            clear++;
        }
        Assert.True(clear > n - 5, $"only {clear} of {n} rows had a clear top class");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LinearSvc_DecisionFunctionAndLabels(bool binary)
    {
        var (x, xd, n, p) = Wine();
        var raw = BuiltinDatasets.LoadWine().Y.ToArray<long>();
        var y = Tensor.FromArray(raw.Select(c => binary ? (c == 0 ? 4L : 9L) : 3 * c).ToArray(), [n]);
        var scaler = new StandardScaler();
        var svc = new LinearSVC(maxIter: 5000, randomState: 0);
        var pipe = new Pipeline(("scale", scaler), ("svc", svc)).Fit(xd, y);
        var expected = svc.DecisionFunction(scaler.Transform(xd)).ToArray<double>();
        var predicted = pipe.Predict(xd).ToArray<long>();
        var (z, shape, labels) = Run(OnnxExporter.ExportToBytes(pipe), x, n, p, labels: true);
        int k = binary ? 1 : 3;
        Assert.Equal(binary ? [n] : new long[] { n, 3 }, shape);
        var w = svc.Coef.ToArray<double>();
        var b = svc.Intercept.ToArray<double>();
        var xs = xd.ToArray<double>();
        var mu = scaler.Mean.ToArray<double>();
        var sigma = scaler.Scale.ToArray<double>();
        int clear = 0;
        for (int i = 0; i < n; i++)
        {
            double bound = ScoreBound(w, b, k, p, xs, i, mu, sigma);
            for (int c = 0; c < k; c++)
                Assert.True(Math.Abs(z[i * k + c] - expected[i * k + c]) <= bound, $"row {i} class {c}: ORT {z[i * k + c]:R}, Glassbox {expected[i * k + c]:R}, bound {bound:E2}");
            // the label is decided by the sign (two classes) or the top score: check it where rounding cannot flip it
            double margin = binary ? Math.Abs(expected[i]) : Enumerable.Range(0, k).Select(c => expected[i * k + c]).OrderDescending().Take(2).Aggregate((a, c) => a - c);
            if (margin <= 2 * bound) continue;
            Assert.Equal(predicted[i], labels![i]);
            clear++;
        }
        Assert.True(clear > n - 5, $"only {clear} of {n} rows had a clear decision");
    }

    [Fact]
    public void ScalerThenLinearRegression()
    {
        var diabetes = BuiltinDatasets.LoadDiabetes(scaled: false);
        int n = diabetes.X.Shape[0], p = diabetes.X.Shape[1];
        var x = Array.ConvertAll(diabetes.X.To(DType.Float64).ToArray<double>(), v => (float)v);
        var xd = AsDoubles(x, n, p);
        var scaler = new StandardScaler();
        var lr = new Ridge(alpha: 1.0);
        var pipe = new Pipeline(("scale", scaler), ("ridge", lr)).Fit(xd, diabetes.Y.To(DType.Float64));
        var expected = pipe.Predict(xd).ToArray<double>();
        var (actual, shape, _) = Run(OnnxExporter.ExportToBytes(pipe), x, n, p, labels: false);
        Assert.Equal([n], shape);
        var w = lr.Coef.ToArray<double>();
        var xs = xd.ToArray<double>();
        var mu = scaler.Mean.ToArray<double>();
        var sigma = scaler.Scale.ToArray<double>();
        for (int i = 0; i < n; i++)
        {
            double bound = ScoreBound(w, [lr.Intercept], 1, p, xs, i, mu, sigma);
            Assert.True(Math.Abs(actual[i] - expected[i]) <= bound, $"row {i}: ORT {actual[i]:R}, Glassbox {expected[i]:R}, bound {bound:E2}");
        }
    }

    [Fact]
    public void UnsupportedEstimatorsAndSteps_AreRefusedByName()
    {
        var x = Tensor.Randn([30, 3], DType.Float64, new Generator(1));
        var y = Tensor.FromArray(Enumerable.Range(0, 30).Select(i => (long)(i % 2)).ToArray(), [30]);
        var kmeans = new KMeans(nClusters: 2, nInit: 1, randomState: 0).Fit(x);
        var e = Assert.Throws<UnsupportedModuleException>(() => OnnxExporter.ExportToBytes(kmeans));
        Assert.Equal(typeof(KMeans), e.ModuleType);
        var pipe = new Pipeline(("minmax", new MinMaxScaler()), ("clf", new LogisticRegression())).Fit(x, y);
        e = Assert.Throws<UnsupportedModuleException>(() => OnnxExporter.ExportToBytes(pipe));
        Assert.Equal("minmax", e.ModulePath);
        Assert.Contains("MinMaxScaler", e.Message);
        Assert.Throws<InvalidOperationException>(() => OnnxExporter.ExportToBytes(new LogisticRegression()));
    }
}
