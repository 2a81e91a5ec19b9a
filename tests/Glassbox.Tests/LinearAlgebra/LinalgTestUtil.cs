using System.Text.Json;
using Glassbox.Testing;

namespace Glassbox.Tests.LinearAlgebra;

/// <summary>Dense row-major helpers for the linear-algebra tests, independent of the code under test.</summary>
internal static class M
{
    public const double Eps = 2.220446049250313e-16;

    public static Tensor Random(ulong seed, int m, int n)
    {
        var g = new Generator(seed);
        var d = new double[m * n];
        for (int i = 0; i < d.Length; i++) d[i] = g.NextNormal();
        return Tensor.FromArray(d, m, n);
    }

    /// <summary>A random m×n matrix of rank r (product of m×r and r×n Gaussian factors).</summary>
    public static Tensor RandomRank(ulong seed, int m, int n, int r)
        => Tensor.FromArray(Mul(Random(seed, m, r).ToDoubleArray(), Random(seed + 1, r, n).ToDoubleArray(), m, r, n), m, n);

    /// <summary>A random SPD matrix B·Bᵀ + n·I, symmetrized exactly.</summary>
    public static Tensor RandomSpd(ulong seed, int n)
    {
        var b = Random(seed, n, n).ToDoubleArray();
        var a = Mul(b, T(b, n, n), n, n, n);
        for (int i = 0; i < n; i++)
        {
            a[i * n + i] += n;
            for (int j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
        }
        return Tensor.FromArray(a, n, n);
    }

    public static Tensor RandomSymmetric(ulong seed, int n)
    {
        var a = Random(seed, n, n).ToDoubleArray();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
        return Tensor.FromArray(a, n, n);
    }

    public static double[] Mul(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                double v = a[i * k + p];
                for (int j = 0; j < n; j++) c[i * n + j] += v * b[p * n + j];
            }
        return c;
    }

    public static double[] T(double[] a, int m, int n)
    {
        var t = new double[n * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
        return t;
    }

    public static double MaxAbs(double[] a) => a.Length == 0 ? 0 : a.Max(Math.Abs);

    public static double MaxDiff(double[] a, double[] b)
    {
        Assert.Equal(b.Length, a.Length);
        double d = 0;
        for (int i = 0; i < a.Length; i++) d = Math.Max(d, Math.Abs(a[i] - b[i]));
        return d;
    }

    /// <summary>Asserts max|actual − expected| ≤ tol·max(1, max|expected|) (norm-wise relative, floored at absolute tol).</summary>
    public static void Close(double[] expected, double[] actual, double tol, string what)
    {
        double d = MaxDiff(expected, actual), scale = Math.Max(1, MaxAbs(expected));
        Assert.True(d <= tol * scale, $"{what}: max difference {d:E3} exceeds {tol:E1}·{scale:G4}");
    }

    /// <summary>‖XᵀX − I‖_max for the m×k matrix X (its columns should be orthonormal).</summary>
    public static double OrthError(double[] x, int m, int k)
    {
        var g = Mul(T(x, m, k), x, k, m, k);
        for (int i = 0; i < k; i++) g[i * k + i] -= 1;
        return MaxAbs(g);
    }

    public static double[] Identity(int n)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++) a[i * n + i] = 1;
        return a;
    }
}

/// <summary>The numpy reference results written by tools/reference/linalg_fixtures.py.</summary>
internal static class LinalgFixture
{
    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        return Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("linalg"), "linalg.json")).RootElement;
    });

    public static IEnumerable<string> Names => Root.Value.EnumerateObject().Select(p => p.Name);

    public static JsonElement Case(string name) => Root.Value.GetProperty(name);

    public static double[] Vec(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static (double[] Data, int M, int N) Mat(JsonElement e)
    {
        var t = Tensor2(e);
        return (t.ToDoubleArray(), t.Shape[0], t.Shape[1]);
    }

    /// <summary>A matrix of the fixture (a float64 tensor without a dtype field), via the shared fixture reader.</summary>
    public static Tensor Tensor2(JsonElement e)
    {
        var t = Fixtures.Tensor(e);
        if (t.NDim != 2) throw new InvalidDataException($"linalg fixture: expected a matrix, got shape [{string.Join(", ", t.ShapeToArray())}]");
        return t;
    }
}
