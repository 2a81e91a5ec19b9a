using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Glassbox;
using Glassbox.Autograd;

namespace Glassbox.Bench;

/// <summary>
/// Memory-bound throughput of elementwise ops: add (reads 2 arrays, writes 1), exp and softmax (read 1, write 1),
/// reported as GB/s of memory traffic, the figure of merit for ops whose arithmetic is cheap next to their loads.
/// </summary>
[MemoryDiagnoser]
public class ElementwiseBench
{
    private Tensor a = null!, b = null!, rows = null!;

    /// <summary>Element count.</summary>
    [Params(1 << 16, 1 << 22)]
    public int N { get; set; }

    /// <summary>Creates the inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        a = Tensor.Rand([N], generator: new Generator(1));
        b = Tensor.Rand([N], generator: new Generator(2));
        rows = a.Reshape(-1, 1024);
    }

    /// <summary>a + b.</summary>
    [Benchmark] public Tensor Add() { using var s = new TensorScope(); return TensorScope.Keep(a + b); }

    /// <summary>exp(a).</summary>
    [Benchmark] public Tensor Exp() { using var s = new TensorScope(); return TensorScope.Keep(a.Exp()); }

    /// <summary>softmax over rows of 1024.</summary>
    [Benchmark] public Tensor Softmax() { using var s = new TensorScope(); return TensorScope.Keep(rows.Softmax(-1)); }

    /// <summary>
    /// Quick runner (no BenchmarkDotNet): median of repeated timings, printed as GB/s.
    /// Bytes moved: add 3·4·N, exp and softmax 2·4·N (one read, one write of float32).
    /// </summary>
    public static IEnumerable<(string op, int n, double gbPerS)> Quick(int[] sizes)
    {
        foreach (var n in sizes)
        {
            var x = Tensor.Rand([n], generator: new Generator(1));
            var y = Tensor.Rand([n], generator: new Generator(2));
            var r = x.Reshape(-1, Math.Min(n, 1024));
            yield return ("add", n, 12.0 * n / Median(() => { using var s = new TensorScope(); _ = x + y; }) / 1e9);
            yield return ("exp", n, 8.0 * n / Median(() => { using var s = new TensorScope(); _ = x.Exp(); }) / 1e9);
            yield return ("softmax", n, 8.0 * n / Median(() => { using var s = new TensorScope(); _ = r.Softmax(-1); }) / 1e9);
        }
    }

    internal static double Median(Action f, int reps = 31)
    {
        for (int i = 0; i < 5; i++) f();
        var t = new double[reps];
        for (int i = 0; i < reps; i++) { var sw = Stopwatch.StartNew(); f(); t[i] = sw.Elapsed.TotalSeconds; }
        Array.Sort(t);
        return t[reps / 2];
    }
}

/// <summary>
/// Fixed cost of autograd per op: a chain of tiny (4-element) ops with and without graph recording. The
/// difference per op is the price of the Node, the closure and the bookkeeping; the backward column is the
/// cost per op of the reverse walk.
/// </summary>
public static class AutogradOverheadBench
{
    /// <summary>Microseconds per op: forward without grad, forward recording the graph, and backward.</summary>
    public static (double noGradUs, double forwardUs, double backwardUs) Measure(int ops = 200)
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f]).RequiresGrad_();
        Tensor Chain()
        {
            var y = x;
            for (int i = 0; i < ops; i++) y = (y * 0.999f) + 0.001f; // two ops per iteration
            return y.Sum();
        }
        double noGrad = ElementwiseBench.Median(() => { using var g = GradMode.NoGrad(); Chain(); });
        double fwd = ElementwiseBench.Median(() => Chain());
        double both = ElementwiseBench.Median(() => { x.Grad = null; Chain().Backward(); });
        int n = 2 * ops + 1;
        return (noGrad / n * 1e6, fwd / n * 1e6, (both - fwd) / n * 1e6);
    }
}
