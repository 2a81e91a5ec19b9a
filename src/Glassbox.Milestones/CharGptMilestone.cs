using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>char-gpt</c>: a character-level GPT trained on tiny Shakespeare with nanoGPT's CPU recipe
/// (<see cref="CharGptSettings.Small"/>: 4 layers, 4 heads, n_embd 128, block 64, batch 12, no dropout, AdamW lr 1e-3
/// warm-up 100 then cosine to 1e-4 over 2,000 iterations, β₂ 0.99, weight decay 0.1, clip 1.0) reaches a validation
/// loss ≤ 1.88 — the value nanoGPT's README reports for this recipe — estimated on 20 fixed batches of 12 × 64
/// characters (15,360 predictions) from the last 10% of the text. Writes the loss curve, a 500-character sample, the
/// weights and the tokenizer.
/// </summary>
public sealed class CharGptMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "char-gpt";

    /// <inheritdoc/>
    public override string Title => "Character GPT (nanoGPT CPU recipe) reaches tiny Shakespeare validation loss <= 1.88; curve and sample saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var s = CharGptSettings.Small;
        double bar = 1.88;
        if (ctx.Quick)
        {
            // Smoke run: the same model for 80 iterations (warm-up 10) and 4 evaluation batches, about 11 s of one core.
            // A uniform guess scores ln 65 = 4.17 nats and the character frequencies alone (the unigram level) about 3.3;
            // by then a GPT whose attention and optimizer work has picked up the common bigrams: measured 2.5786 on each of
            // the AVX-512, AVX2 and Vector128 paths. The bar 2.8 fails a model stuck at the unigram level, with room for rounding.
            s = s with { MaxIters = 80, WarmupIters = 10, EvalBatches = 4, EvalInterval = 40 };
            bar = 2.8;
        }
        return CharGptRun.Run(ctx, Id, "char-gpt: tiny Shakespeare, 4 layers × 128", s, bar, 1.88);
    }
}
