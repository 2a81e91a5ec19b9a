namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox bench gemm | mnist-mlp | classical | conv | lstm | char-gpt | attention | cartpole-env | serve | cartpole-ppo | ddpm</c>: benchmarks that print one JSON line per measurement with --json.</summary>
public static class BenchCommand
{
    /// <summary>What <c>glassbox bench</c> accepts before the benchmark name.</summary>
    public static CommandSpec Spec { get; } = new("bench", """
        usage: glassbox bench gemm | mnist-mlp | classical | conv | lstm | char-gpt | attention | cartpole-env | serve | cartpole-ppo | ddpm [options]

          gemm        SGEMM/DGEMM GFLOPS per size and thread count
          mnist-mlp   seconds per epoch of the MNIST MLP benchmark recipe
          classical   classical estimators on Fashion-MNIST (fit seconds, accuracy)
          conv        LeNet-5 epoch, ResNet-20 images/s and conv2d layer GFLOPS
          lstm        char-LSTM training tokens/s and LSTM stack forward+backward tokens/s
          char-gpt    training tokens/s of the char-gpt recipe (4-layer character GPT)
          attention   scaled dot-product attention forward+backward, fused vs composed
          cartpole-env  CartPole-v1 environment steps/s, single and as a vector of 8
          serve       HTTP load test of `glassbox serve` beside a Flask + scikit-learn twin of the same model
          cartpole-ppo  wall time of the cartpole-ppo recipe (CleanRL ppo.py) to N environment steps
          ddpm        diffusion U-Net training images/s and DDIM-50 sampling images/s

        `glassbox bench NAME --help` lists a benchmark's options.
        """, [], [], 1);

    /// <summary>Dispatches on the benchmark name; <paramref name="words"/> are the words after <c>bench</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        var rest = words.Skip(1).ToArray();
        switch (words.FirstOrDefault())
        {
            case "gemm": return BenchGemmCommand.Run(ctx, rest);
            case "mnist-mlp": return BenchMnistMlpCommand.Run(ctx, rest);
            case "classical": return BenchClassicalCommand.Run(ctx, rest);
            case "conv": return BenchConvCommand.Run(ctx, rest);
            case "lstm": return BenchLstmCommand.Run(ctx, rest);
            case "char-gpt": return BenchCharGptCommand.Run(ctx, rest);
            case "attention": return BenchAttentionCommand.Run(ctx, rest);
            case "cartpole-env": return BenchCartPoleEnvCommand.Run(ctx, rest);
            case "serve": return BenchServeCommand.Run(ctx, rest);
            case "cartpole-ppo": return BenchCartPolePpoCommand.Run(ctx, rest);
            case "ddpm": return BenchDdpmCommand.Run(ctx, rest);
        }
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        throw new UsageException(Spec, words.Count == 0
            ? "which benchmark? expected gemm, mnist-mlp, classical, conv, lstm, char-gpt, attention, cartpole-env, serve, cartpole-ppo or ddpm"
            : $"unknown benchmark '{words[0]}'; expected gemm, mnist-mlp, classical, conv, lstm, char-gpt, attention, cartpole-env, serve, cartpole-ppo or ddpm");
    }
}
