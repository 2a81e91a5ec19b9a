namespace Glassbox.Tests.Tensors;

/// <summary>Seeded input builders and comparison helpers shared by the op tests.</summary>
internal static class OpTestUtil
{
    /// <summary>Uniform values in [lo, hi), float64, requiring grad.</summary>
    public static Tensor Uniform(ulong seed, double lo, double hi, params int[] shape)
    {
        var g = new Generator(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = lo + (hi - lo) * g.NextDouble();
        return Tensor.FromArray(d, shape).RequiresGrad_();
    }

    /// <summary>Values in [−1, 1), float64, requiring grad.</summary>
    public static Tensor R(ulong seed, params int[] shape) => Uniform(seed, -1, 1, shape);

    /// <summary>Values with |x| in [0.2, 1.5) and a random sign: safely away from kinks at 0.</summary>
    public static Tensor AwayFromZero(ulong seed, params int[] shape)
    {
        var g = new Generator(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = (0.2 + 1.3 * g.NextDouble()) * (g.NextDouble() < 0.5 ? -1 : 1);
        return Tensor.FromArray(d, shape).RequiresGrad_();
    }

    /// <summary>
    /// All-distinct values (a shuffled 0.1·k plus a small jitter), so max/min/abs-max have no ties and the
    /// finite-difference step (1e-6) cannot reorder them.
    /// </summary>
    public static Tensor Distinct(ulong seed, params int[] shape)
    {
        var g = new Generator(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        var perm = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--) { int j = g.NextInt(i + 1); (perm[i], perm[j]) = (perm[j], perm[i]); }
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = 0.1 * (perm[i] - n / 2.0) + 0.01 * g.NextDouble() + 0.013;
        return Tensor.FromArray(d, shape).RequiresGrad_();
    }

    /// <summary>The same values as float32 and float64 tensors (values rounded to float32 first, so only the op differs).</summary>
    public static (Tensor f32, Tensor f64) FloatPair(Tensor source)
    {
        var f = Array.ConvertAll(source.ToDoubleArray(), v => (float)v);
        return (Tensor.FromArray(f, source.ShapeToArray()), Tensor.FromArray(Array.ConvertAll(f, v => (double)v), source.ShapeToArray()));
    }

    /// <summary>Asserts |a − e| ≤ rtol·|e| + atol elementwise, naming the first offending index.</summary>
    public static void Close(double[] expected, double[] actual, double rtol, double atol = 0)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (e == a) continue;
            Assert.True(Math.Abs(a - e) <= rtol * Math.Abs(e) + atol, $"element {i}: expected {e:R}, got {a:R} (rtol {rtol}, atol {atol})");
        }
    }
}
