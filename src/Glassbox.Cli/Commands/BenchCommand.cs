namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox bench gemm | mnist-mlp | classical</c>: benchmarks that print one JSON line per measurement with --json.</summary>
public static class BenchCommand
{
    /// <summary>Dispatches on the benchmark name.</summary>
    public static int Run(string[] args) => args.FirstOrDefault() switch
    {
        "gemm" => BenchGemmCommand.Run(args),
        "mnist-mlp" => BenchMnistMlpCommand.Run(new Args(args.Skip(1))),
        "classical" => BenchClassicalCommand.Run(new Args(args.Skip(1))),
        _ => throw new UsageException("bench: expected gemm, mnist-mlp or classical"),
    };
}
