using BenchmarkDotNet.Attributes;
using Glassbox.Kernels;

namespace Glassbox.Bench;

/// <summary>BenchmarkDotNet: SGEMM C = A·B for square n×n float32 matrices on 1 and 2 threads.</summary>
[MemoryDiagnoser]
public class SgemmBenchmarks
{
    private float[] a = [], b = [], c = [];

    /// <summary>Matrix size.</summary>
    [Params(256, 512, 1024, 2048)] public int N;

    /// <summary>Threads (<c>Par.MaxThreads</c>).</summary>
    [Params(1, 2)] public int Threads;

    /// <summary>Random operands in [−1, 1).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(1);
        a = new float[N * N]; b = new float[N * N]; c = new float[N * N];
        for (int i = 0; i < a.Length; i++) { a[i] = g.NextFloat() * 2 - 1; b[i] = g.NextFloat() * 2 - 1; }
        Par.MaxThreads = Threads;
    }

    /// <summary>Restores the default thread count.</summary>
    [GlobalCleanup] public void Cleanup() => Par.MaxThreads = Environment.ProcessorCount;

    /// <summary>One product (2·N³ flops).</summary>
    [Benchmark] public void Sgemm() => Gemm.Sgemm(c, N, a, N, false, b, N, false, N, N, N);
}

/// <summary>BenchmarkDotNet: DGEMM C = A·B for square n×n float64 matrices on 1 and 2 threads.</summary>
[MemoryDiagnoser]
public class DgemmBenchmarks
{
    private double[] a = [], b = [], c = [];

    /// <summary>Matrix size.</summary>
    [Params(256, 512, 1024, 2048)] public int N;

    /// <summary>Threads (<c>Par.MaxThreads</c>).</summary>
    [Params(1, 2)] public int Threads;

    /// <summary>Random operands in [−1, 1).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(1);
        a = new double[N * N]; b = new double[N * N]; c = new double[N * N];
        for (int i = 0; i < a.Length; i++) { a[i] = g.NextDouble() * 2 - 1; b[i] = g.NextDouble() * 2 - 1; }
        Par.MaxThreads = Threads;
    }

    /// <summary>Restores the default thread count.</summary>
    [GlobalCleanup] public void Cleanup() => Par.MaxThreads = Environment.ProcessorCount;

    /// <summary>One product (2·N³ flops).</summary>
    [Benchmark] public void Dgemm() => Gemm.Dgemm(c, N, a, N, false, b, N, false, N, N, N);
}
