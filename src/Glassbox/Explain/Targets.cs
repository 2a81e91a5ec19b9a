namespace Glassbox.Explain;

/// <summary>Picks the class score an explanation differentiates: one logit per sample.</summary>
internal static class Targets
{
    /// <summary>
    /// Σₙ logits[n, cₙ] with cₙ = <paramref name="targets"/>[n], or each row's arg-max when targets is null. Because
    /// sample n's logits depend only on sample n's input (a model in eval mode), the gradient of this sum with respect
    /// to the batch holds every sample's own ∂logit/∂input in its row: one backward pass explains the whole batch.
    /// </summary>
    public static Tensor SelectedSum(Tensor logits, long[]? targets, string op)
    {
        if (logits.NDim != 2)
            throw new ArgumentException($"{op}: the model must return [N, classes] logits, got shape {ShapeUtil.Format(logits.ShapeArray)}");
        int n = logits.Shape[0], classes = logits.Shape[1];
        long[] chosen;
        if (targets is null) chosen = logits.Detach().ArgMax(1).ToArray<long>();
        else
        {
            if (targets.Length != n)
                throw new ArgumentException($"{op}: {targets.Length} targets for logits of shape {ShapeUtil.Format(logits.ShapeArray)}");
            foreach (var c in targets)
                if (c < 0 || c >= classes)
                    throw new ArgumentException($"{op}: target {c} is outside [0, {classes}) for logits of shape {ShapeUtil.Format(logits.ShapeArray)}");
            chosen = targets;
        }
        var index = Tensor.FromArray(chosen, n, 1);
        return logits.Gather(1, index).Sum();
    }
}
