namespace Glassbox.Models.Generative;

/// <summary>
/// Classifier-free guidance (Ho &amp; Salimans 2022): one network learns both the conditional ε_θ(x_t, t, c) and the
/// unconditional ε_θ(x_t, t, ∅) by replacing the label with a reserved "null" label at random during training; at
/// sampling time the two predictions are mixed as ε̃ = (1 + w)·ε_θ(x_t, t, c) − w·ε_θ(x_t, t, ∅).
/// </summary>
/// <remarks>
/// <para><b>Convention.</b> w is the paper's: w = 0 is the plain conditional model (no guidance) and w &gt; 0
/// extrapolates away from the unconditional prediction. (Other code writes ε_u + s·(ε_c − ε_u); that s is w + 1.)</para>
/// <para><b>Why it guides.</b> ε is −√(1 − ᾱ_t) times the score ∇ log p(x_t), so the mix is the score of
/// p(x_t | c)·p(c | x_t)^w: the unconditional score subtracted from the conditional one is the gradient of the implicit
/// classifier log p(c | x_t), and w scales it. Larger w trades diversity (FID) for samples the class is more sure of
/// (classifier accuracy).</para>
/// </remarks>
public static class ClassifierFreeGuidance
{
    /// <summary>
    /// Replaces each label by <paramref name="nullLabel"/> with probability <paramref name="pUncond"/> (one uniform per
    /// example from <paramref name="generator"/>, dropped when u &lt; p). Returns a new int64 tensor.
    /// </summary>
    public static Tensor DropLabels(Tensor labels, double pUncond, int nullLabel, Generator generator)
    {
        if (!(pUncond >= 0 && pUncond <= 1))
            throw new ArgumentOutOfRangeException(nameof(pUncond), $"ClassifierFreeGuidance.DropLabels: p_uncond must lie in [0, 1], got {pUncond}");
        var u = Tensor.Rand([labels.Size(0)], DType.Float64, generator);
        return Tensor.Where(u.Lt(pUncond), Tensor.Full([labels.Size(0)], nullLabel, DType.Int64), labels.To(DType.Int64));
    }

    /// <summary>
    /// The guided predictor ε̃ for fixed labels: w = 0 calls the conditional model once; otherwise one call on the batch
    /// doubled (labels, then null labels) and the mix (1 + w)·ε_c − w·ε_u.
    /// </summary>
    /// <param name="model">ε_θ(x_t, t, labels).</param>
    /// <param name="labels">int64 [N] requested classes.</param>
    /// <param name="nullLabel">The label the model was trained to read as "no class".</param>
    /// <param name="w">Guidance weight in the paper's convention (see the class remarks), ≥ 0.</param>
    public static NoisePredictor Guided(Func<Tensor, Tensor, Tensor, Tensor> model, Tensor labels, int nullLabel, double w)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(w >= 0)) throw new ArgumentOutOfRangeException(nameof(w), $"ClassifierFreeGuidance.Guided: w must be ≥ 0, got {w}");
        int n = labels.Size(0);
        if (w == 0) return (x, t) => model(x, t, labels);
        var both = Tensor.Cat([labels.To(DType.Int64), Tensor.Full([n], nullLabel, DType.Int64)], 0);
        return (x, t) =>
        {
            if (x.Size(0) != n)
                throw new ArgumentException($"ClassifierFreeGuidance: the guided predictor was built for {n} labels, got a batch of {x.Size(0)}");
            var eps = model(Tensor.Cat([x, x], 0), Tensor.Cat([t, t], 0), both);
            return eps.Narrow(0, 0, n) * (1 + w) - eps.Narrow(0, n, n) * w;
        };
    }
}
