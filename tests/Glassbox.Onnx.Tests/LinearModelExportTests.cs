using Glassbox.Data;
using Glassbox.ML.Linear;
using Microsoft.ML.OnnxRuntime;
using static Glassbox.Onnx.Tests.OrtRunner;

namespace Glassbox.Onnx.Tests;

/// <summary>
/// Linear regression and logistic regression exported with default-domain operators and run in ONNX Runtime,
/// against the models' own float64 predictions.
/// </summary>
/// <remarks>
/// Tolerance, derived per row: the file rounds inputs and weights to float32 (relative error ≤ u = 2⁻²⁴ each),
/// rounds each product (u) and adds p + 1 terms (≤ p·u of the magnitudes to first order), so the score z = x·w + b
/// differs from the float64 one by at most (3 + p)·u·(Σ|wᵢxᵢ| + |b|). Softmax then moves by at most ½·max|Δz| (its
/// Jacobian's rows have absolute sums 2pⱼ(1 − pⱼ) ≤ ½), plus a few ulp of its own exp and division (8u).
/// </remarks>
public class LinearModelExportTests
{
    private static (float[] Values, long[]? Labels) Run(byte[] model, double[] x, int rows, int cols, bool labels)
    {
        using var session = Session(model);
        using var value = OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(x, v => (float)v), [rows, cols]);
        using var run = new RunOptions();
        string[] outputs = labels ? ["output", OnnxExporter.LabelOutputName] : ["output"];
        using var results = session.Run(run, ["input"], [value], outputs);
        return (results[0].GetTensorDataAsSpan<float>().ToArray(), labels ? results[1].GetTensorDataAsSpan<long>().ToArray() : null);
    }

    [Fact]
    public void LinearRegressionPredictions()
    {
        var gen = new Generator(90);
        var x = Tensor.Randn([40, 5], DType.Float64, gen);
        var y = (x.MatMul(Tensor.FromArray(new[] { 1.5, -2.0, 0.3, 4.0, -0.7 }, 5)) + Tensor.Scalar(3.0, DType.Float64)
            + Tensor.Randn([40], DType.Float64, gen) * Tensor.Scalar(0.1, DType.Float64));
        var model = new LinearRegression().Fit(x, y);
        var expected = model.Predict(x).ToArray<double>();
        var xs = x.ToArray<double>();
        var w = model.Coef.ToArray<double>();
        var (actual, _) = Run(OnnxExporter.ExportToBytes(model), xs, 40, 5, labels: false);
        Assert.Equal(40, actual.Length);
        for (int i = 0; i < 40; i++)
        {
            double mag = Math.Abs(model.Intercept);
            for (int j = 0; j < 5; j++) mag += Math.Abs(w[j] * xs[i * 5 + j]);
            Assert.True(Math.Abs(actual[i] - expected[i]) <= (3 + 5) * U * mag, $"row {i}: ORT {actual[i]:R}, Glassbox {expected[i]:R}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LogisticRegressionProbabilitiesAndLabels(bool binary)
    {
        var iris = BuiltinDatasets.LoadIris();
        var raw = iris.Y.ToArray<long>();
        // Labels that are not 0…k−1, so the Gather of class labels is tested: {3, 13, 23}, or {3, 13} for "virginica vs rest".
        var labels = raw.Select(c => binary ? (c == 2 ? 13L : 3L) : 10 * c + 3).ToArray();
        var model = new LogisticRegression(maxIter: 500).Fit(iris.X, Tensor.FromArray(labels, labels.Length));
        int n = raw.Length, p = iris.X.Shape[1], k = binary ? 2 : 3;
        var xs = iris.X.To(DType.Float64).ToArray<double>();
        var expected = model.PredictProba(iris.X).ToArray<double>();
        var predicted = model.Predict(iris.X).ToArray<long>();
        var coef = model.Coef.ToArray<double>();
        var intercept = model.Intercept.ToArray<double>();
        var (proba, got) = Run(OnnxExporter.ExportToBytes(model), xs, n, p, labels: true);
        Assert.Equal(n * k, proba.Length);
        int clear = 0;
        for (int i = 0; i < n; i++)
        {
            double dz = 0;
            for (int q = 0; q < intercept.Length; q++)
            {
                double mag = Math.Abs(intercept[q]);
                for (int j = 0; j < p; j++) mag += Math.Abs(coef[q * p + j] * xs[i * p + j]);
                dz = Math.Max(dz, (3 + p) * U * mag);
            }
            // Binary: p = σ(z), whose slope is ≤ ¼ (and 1 − p shares the error); multiclass: ½·max|Δz|.
            double bound = (binary ? 0.25 : 0.5) * dz + 8 * U;
            for (int q = 0; q < k; q++)
                Assert.True(Math.Abs(proba[i * k + q] - expected[i * k + q]) <= bound, $"row {i} class {q}: ORT {proba[i * k + q]:R}, Glassbox {expected[i * k + q]:R}, bound {bound:E2}");
            var sorted = Enumerable.Range(0, k).Select(q => expected[i * k + q]).OrderDescending().ToArray();
            if (sorted[0] - sorted[1] > 2 * bound)
            {
                Assert.Equal(predicted[i], got![i]);
                clear++;
            }
        }
        Assert.True(clear > n - 3, $"only {clear} of {n} rows had a clear top class");
    }

    [Fact]
    public void ClassicalModelsRefuseNormalization()
    {
        var model = new LinearRegression().Fit(Tensor.Randn([10, 2], DType.Float64, new Generator(1)), Tensor.Randn([10], DType.Float64, new Generator(2)));
        Assert.Throws<ArgumentException>(() => OnnxExporter.ExportToBytes(model, new OnnxExportOptions { Normalize = (0, 1) }));
    }
}
