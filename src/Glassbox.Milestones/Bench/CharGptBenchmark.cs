using System.Diagnostics;
using Glassbox.Milestones.Recipes;
using Glassbox.Optim;

namespace Glassbox.Milestones.Bench;

/// <summary>Seconds per phase of the timed steps of <see cref="CharGptBenchmark.Run"/>, summed over the steps.</summary>
/// <param name="Forward">Model forward and loss.</param>
/// <param name="Backward">Gradient computation.</param>
/// <param name="Optimizer">Zeroing gradients, clipping, AdamW and the schedule.</param>
/// <param name="Data">Drawing the batches.</param>
public sealed record CharGptPhases(double Forward, double Backward, double Optimizer, double Data);

/// <summary>The outcome of <see cref="CharGptBenchmark.Run"/>.</summary>
/// <param name="TokensPerSecond">Training tokens (batch × block per step) per second over the timed steps, all phases included.</param>
/// <param name="SecondsPerStep">Mean wall time of a timed step.</param>
/// <param name="Steps">Timed steps.</param>
/// <param name="LastLoss">The last step's batch loss.</param>
/// <param name="Parameters">Model parameters.</param>
/// <param name="Phases">Where the time went.</param>
public sealed record CharGptBenchResult(double TokensPerSecond, double SecondsPerStep, int Steps, double LastLoss, long Parameters, CharGptPhases Phases);

/// <summary>
/// The Glassbox side of <c>glassbox bench char-gpt</c>, timed as tools/reference/bench_char_gpt_torch.py times PyTorch: the
/// <c>char-gpt</c> recipe (<see cref="CharGptSettings.Small"/>: 4 layers, n_embd 128, block 64, batch 12, AdamW with clip 1.0
/// and the warm-up/cosine schedule) on tiny Shakespeare, <see cref="WarmupSteps"/> untimed warm-up steps, then <c>steps</c> timed steps.
/// </summary>
public static class CharGptBenchmark
{
    /// <summary>
    /// Untimed steps before timing: the JIT compiles each kernel first without optimisation and recompiles it optimised
    /// only after about 30 calls, and most kernels run a handful of times per step, so the first few steps measure the
    /// compiler rather than the code.
    /// </summary>
    public const int WarmupSteps = 10;

    /// <summary>Trains <paramref name="steps"/> timed steps after <see cref="WarmupSteps"/> warm-up steps.</summary>
    public static CharGptBenchResult Run(string? dataDir, int steps, ulong seed)
    {
        var s = CharGptSettings.Small;
        var corpus = CharGpt.Load(dataDir);
        var trainer = new CharGpt.Trainer(s, corpus.Tokenizer.VocabSize, new Generator(seed));
        var model = trainer.Model;
        var parameters = model.Parameters().ToList();
        var batchGen = new Generator(seed + 17);
        for (int i = 0; i < WarmupSteps; i++)
        {
            var (x, y) = CharGpt.Batch(corpus.Train, s.BatchSize, s.BlockSize, batchGen);
            trainer.Step(x, y);
        }
        double fwd = 0, bwd = 0, opt = 0, data = 0, last = 0;
        var total = Stopwatch.StartNew();
        var clock = new Stopwatch();
        model.Train();
        for (int i = 0; i < steps; i++)
        {
            clock.Restart();
            var (x, y) = CharGpt.Batch(corpus.Train, s.BatchSize, s.BlockSize, batchGen);
            data += clock.Elapsed.TotalSeconds;
            using var scope = new TensorScope();
            clock.Restart();
            var loss = model.Call(x, y).Loss!;
            fwd += clock.Elapsed.TotalSeconds;
            clock.Restart();
            trainer.Optimizer.ZeroGrad();
            loss.Backward();
            bwd += clock.Elapsed.TotalSeconds;
            clock.Restart();
            ClipGrad.Norm(parameters, s.GradClip);
            trainer.Optimizer.Step();
            trainer.Schedule.Step();
            opt += clock.Elapsed.TotalSeconds;
            last = loss.Item();
        }
        double secs = total.Elapsed.TotalSeconds;
        return new CharGptBenchResult((double)steps * s.TokensPerStep / secs, secs / steps, steps, last, model.ParameterCount, new CharGptPhases(fwd, bwd, opt, data));
    }
}
