using Glassbox.NN;

namespace Glassbox.Data.Transforms;

/// <summary>
/// A batch mixed by <see cref="Mixup"/>: inputs λ·x + (1 − λ)·x[perm], the original targets, the targets of the
/// partners, and λ.
/// </summary>
/// <param name="Inputs">The mixed inputs, same shape and dtype as the original batch.</param>
/// <param name="TargetsA">Targets of the original samples (weight λ).</param>
/// <param name="TargetsB">Targets of the partner samples targets[perm] (weight 1 − λ).</param>
/// <param name="Lambda">The mixing weight λ ∈ [0, 1].</param>
/// <param name="Permutation">perm: row n was mixed with row perm[n].</param>
public sealed record MixupBatch(Tensor Inputs, Tensor TargetsA, Tensor TargetsB, double Lambda, int[] Permutation)
{
    /// <summary>
    /// The mixup loss λ·CE(logits, TargetsA) + (1 − λ)·CE(logits, TargetsB) with <see cref="F.CrossEntropy"/>'s
    /// mean reduction (differentiable). Cross-entropy is linear in the target distribution, so this equals the
    /// cross-entropy against the mixed one-hot target λ·onehot(a) + (1 − λ)·onehot(b) — the loss of the paper —
    /// without building it.
    /// </summary>
    /// <param name="logits">Model outputs [N, K] for <see cref="Inputs"/>.</param>
    /// <param name="labelSmoothing">Passed to both cross-entropies.</param>
    public Tensor CrossEntropy(Tensor logits, double labelSmoothing = 0.0)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var a = F.CrossEntropy(logits, TargetsA, labelSmoothing: labelSmoothing);
        if (Lambda == 1) return a;
        var b = F.CrossEntropy(logits, TargetsB, labelSmoothing: labelSmoothing);
        return a * Lambda + b * (1 - Lambda);
    }
}
