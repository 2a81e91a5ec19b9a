using Glassbox.ML;
using Microsoft.ML.OnnxRuntime;
using static Glassbox.Onnx.Tests.OrtRunner;

namespace Glassbox.Onnx.Tests;

/// <summary>Runs an exported classical model in ONNX Runtime and compares it with the estimator, row by row.</summary>
internal static class ClassicalOrt
{
    /// <summary>ORT's "output" (flattened) and, when asked, its "label" for a float32 input [rows, cols].</summary>
    public static (float[] Values, long[] Shape, long[]? Labels) Run(byte[] model, float[] x, int rows, int cols, bool labels)
    {
        using var session = Session(model);
        using var value = OrtValue.CreateTensorValueFromMemory(x, [rows, cols]);
        using var run = new RunOptions();
        string[] outputs = labels ? ["output", OnnxExporter.LabelOutputName] : ["output"];
        using var results = session.Run(run, ["input"], [value], outputs);
        return (results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape,
            labels ? results[1].GetTensorDataAsSpan<long>().ToArray() : null);
    }

    /// <summary>Float32 values as the float64 tensor the estimator takes (exactly the values the file sees).</summary>
    public static Tensor AsDoubles(float[] x, int rows, int cols) => Tensor.FromArray(Array.ConvertAll(x, v => (double)v), [rows, cols]);

    /// <summary>
    /// Exports <paramref name="model"/>, runs it on <paramref name="x"/>, and checks every output element against
    /// <paramref name="expected"/> within <paramref name="bound"/>; for classifiers, the labels against
    /// <paramref name="predicted"/> on every row whose top two probabilities are more than 2·bound apart (closer rows
    /// may be decided the other way by float32 rounding). Returns the number of rows whose label was checked.
    /// </summary>
    public static int Check(IEstimator model, float[] x, int rows, int cols, double[] expected, long[]? predicted, double bound, int width)
    {
        var (actual, shape, labels) = Run(OnnxExporter.ExportToBytes(model), x, rows, cols, predicted is not null);
        Assert.Equal(width == 0 ? [rows] : new long[] { rows, width }, shape);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= bound, $"element {i}: ORT {actual[i]:R}, Glassbox {expected[i]:R}, bound {bound:E2}");
        if (predicted is null) return 0;
        int clear = 0;
        for (int i = 0; i < rows; i++)
        {
            var sorted = Enumerable.Range(0, width).Select(c => expected[i * width + c]).OrderDescending().ToArray();
            if (sorted[0] - sorted[1] <= 2 * bound) continue;
            Assert.True(predicted[i] == labels![i], $"row {i}: ORT label {labels[i]}, Glassbox {predicted[i]}");
            clear++;
        }
        return clear;
    }

    /// <summary>
    /// The bound on a float32 tree-ensemble sum against the float64 one: each of the T leaf weights and the base value
    /// is rounded to float32 (u relative each) and the T + 1 terms are added in float32 (at most T·u of the magnitudes
    /// to first order), so |Δ| ≤ (T + 2)·u·(|base| + Σₜ max|wₜ|), with max|wₜ| the largest leaf weight of tree t; an
    /// average divides by T (one more rounding, u of the result).
    /// </summary>
    public static double SumBound(IReadOnlyList<double> maxLeafWeights, double maxBase, bool average)
    {
        int t = maxLeafWeights.Count;
        double b = (t + 2) * U * (maxBase + maxLeafWeights.Sum());
        return average ? b / t + U * maxLeafWeights.Max() : b;
    }

    /// <summary>Uniform float32 features in [−3, 3) from a seeded generator.</summary>
    public static float[] Features(ulong seed, int rows, int cols) =>
        Array.ConvertAll(Tensor.Rand([rows, cols], DType.Float64, new Generator(seed)).ToArray<double>(), v => (float)(6 * v - 3));
}
