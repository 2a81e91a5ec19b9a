using System.Diagnostics;
using Glassbox.Milestones.Recipes;
using Glassbox.NN;

namespace Glassbox.Milestones.Bench;

/// <summary>One LSTM layer-stack shape of the layer benchmark: input [T, B, I] through <c>Layers</c> layers of width H.</summary>
/// <param name="Name">Label shared with tools/reference/bench_lstm_torch.py.</param>
/// <param name="T">Sequence length.</param>
/// <param name="B">Batch size.</param>
/// <param name="I">Input features.</param>
/// <param name="H">Hidden size.</param>
/// <param name="Layers">Stacked layers.</param>
public readonly record struct LstmShape(string Name, int T, int B, int I, int H, int Layers);

/// <summary>
/// The Glassbox side of <c>glassbox bench lstm</c>, timed exactly as tools/reference/bench_lstm_torch.py times
/// torch.nn.LSTM: training steps of the char-LSTM recipe (<see cref="CharLstm.Full"/> sizes) on random character ids,
/// and forward + backward of bare LSTM stacks.
/// </summary>
public static class LstmBenchmark
{
    /// <summary>The layer shapes, in the reference script's order.</summary>
    public static IReadOnlyList<LstmShape> Shapes { get; } =
    [
        new("char-lstm body T64 B32 128->256 x2", 64, 32, 128, 256, 2),
        new("T100 B64 256->512 x1", 100, 64, 256, 512, 1),
        new("T200 B16 64->128 x1", 200, 16, 64, 128, 1),
    ];

    /// <summary>
    /// Char-LSTM training (E = 128, H = 256, 2 layers, B = 32, T = 64, AdamW, clipping, carried state) on uniformly random
    /// ids over a 65-character vocabulary: 3 warm-up steps, then <paramref name="steps"/> timed ones. Random text is
    /// enough for a throughput number — every step does the same work whatever the characters are.
    /// </summary>
    public static (double TokensPerSecond, double SecondsPerStep, double LastLoss, long Parameters) CharLstmSteps(int steps, ulong seed)
    {
        var cfg = CharLstm.Full with { Iterations = steps + 3 };
        var gen = new Generator(seed);
        var ids = new long[cfg.Batch * cfg.Steps * (steps + 4) + 1];
        for (int i = 0; i < ids.Length; i++) ids[i] = gen.NextLong(65);
        var trainer = new CharLstm.Trainer(cfg, 65, ids, gen);
        for (int i = 0; i < 3; i++) trainer.Step();
        var clock = Stopwatch.StartNew();
        double last = 0;
        for (int i = 0; i < steps; i++) last = trainer.Step().Loss;
        double secs = clock.Elapsed.TotalSeconds;
        return (steps * (double)cfg.Batch * cfg.Steps / secs, secs / steps, last, trainer.Model.ParameterCount);
    }

    /// <summary>
    /// Forward + backward of a bare LSTM stack on N(0, 1) input with loss Σ y·u (u fixed): 2 warm-up passes, then the
    /// mean of <paramref name="steps"/> timed ones. Returns tokens (T·B) per second and seconds per pass.
    /// </summary>
    public static (double TokensPerSecond, double SecondsPerPass) Layer(LstmShape s, int steps, ulong seed)
    {
        var gen = new Generator(seed);
        var lstm = new LSTM(s.I, s.H, s.Layers, generator: gen);
        var x = Tensor.Randn([s.T, s.B, s.I], generator: gen).RequiresGrad_();
        var u = Tensor.Randn([s.T, s.B, s.H], generator: gen);
        void Pass()
        {
            using var scope = new TensorScope();
            lstm.ZeroGrad();
            x.Grad = null;
            var (y, _) = lstm.Call(x, null);
            (y * u).Sum().Backward();
        }
        Pass(); Pass();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) Pass();
        double secs = clock.Elapsed.TotalSeconds / steps;
        return (s.T * (double)s.B / secs, secs);
    }
}
