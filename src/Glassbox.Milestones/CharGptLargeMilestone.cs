using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>char-gpt-large</c>: nanoGPT's own <c>train_shakespeare_char</c> recipe (<see cref="CharGptSettings.Large"/>: 6 layers,
/// 6 heads, n_embd 384, block 256, batch 64, dropout 0.2, 5,000 iterations, 200 evaluation batches), for which nanoGPT
/// reports a best validation loss of 1.4697 after about 3 minutes on an A100. The bar is 1.55 — nanoGPT's value plus the
/// spread between seeds and between its best and final checkpoints (it keeps the best; this run reports the last). It
/// needs about 1,000× the compute of <c>char-gpt</c> (hours on a CPU), so CI runs only <c>--quick</c>.
/// </summary>
public sealed class CharGptLargeMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "char-gpt-large";

    /// <inheritdoc/>
    public override string Title => "Character GPT (nanoGPT shakespeare_char: 6 layers × 384, dropout 0.2) reaches validation loss <= 1.55";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var s = CharGptSettings.Large;
        double bar = 1.55;
        if (ctx.Quick)
        {
            // Smoke run of the full-size model with short sequences and a small batch: 12 iterations of 8 × 64
            // characters (warm-up 4), 2 evaluation batches: 20 s of CPU on the loaded CI-class machine, most of it start-up and
            // the first steps' unoptimised JIT code. It checks that the 10.8 M-parameter,
            // dropout-0.2 model trains: from the uniform level ln 65 = 4.17 the loss must reach the character-frequency
            // (unigram) level, about 3.3 — measured 3.34 after these 12 iterations (3.19 after 20). The bar 3.6
            // fails a model that does not learn and leaves room for dropout's noise and another SIMD path's rounding.
            s = s with { BlockSize = 64, BatchSize = 8, MaxIters = 12, WarmupIters = 4, EvalBatches = 2, EvalInterval = 6 };
            bar = 3.6;
        }
        return CharGptRun.Run(ctx, Id, "char-gpt-large: tiny Shakespeare, 6 layers × 384", s, bar, 1.4697);
    }
}
