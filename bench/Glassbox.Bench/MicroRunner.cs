using System.Globalization;

namespace Glassbox.Bench;

/// <summary>Prints the elementwise throughput and autograd-overhead measurements as a table.</summary>
public static class MicroRunner
{
    /// <summary>Runs both measurements.</summary>
    public static void Run()
    {
        Console.WriteLine($"threads: {Threads.Count}");
        Console.WriteLine("op        elements     GB/s");
        foreach (var (op, n, gbs) in ElementwiseBench.Quick([1 << 16, 1 << 20, 1 << 22]))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{op,-9} {n,9} {gbs,9:F2}"));
        var (noGrad, fwd, bwd) = AutogradOverheadBench.Measure();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"autograd on 4-element tensors, per op: no-grad forward {noGrad:F2} µs, recording forward {fwd:F2} µs, backward {bwd:F2} µs"));
    }
}
