using System.Diagnostics;
using System.Text.Json;

namespace Glassbox.Cli.Commands;

/// <summary>What the training benchmarks share in their output: one JSON line per result, or aligned key/value lines.</summary>
internal static class BenchOutput
{
    /// <summary>This process's peak working set so far, in MB (one decimal): the figure set beside PyTorch's peak RSS.</summary>
    public static double PeakMb()
    {
        using var proc = Process.GetCurrentProcess();
        return Math.Round(proc.PeakWorkingSet64 / 1048576.0, 1);
    }

    /// <summary>Writes <paramref name="result"/> as one JSON line (<paramref name="json"/>) or as one "key value" line per entry.</summary>
    public static void Print(CliContext ctx, bool json, Dictionary<string, object> result)
    {
        if (json) ctx.Out.WriteLine(JsonSerializer.Serialize(result));
        else foreach (var (k, v) in result) ctx.Out.WriteLine($"{k,-24} {v}");
    }
}
