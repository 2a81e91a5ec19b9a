namespace Glassbox.Models.Generative;

/// <summary>
/// One evaluation of a VAE's objective on a batch, every per-example term in nats.
/// </summary>
/// <param name="Reconstruction">log p(x|z) at one reparameterised sample z ~ q(z|x), shape [N].</param>
/// <param name="Kl">KL(q(z|x) ‖ p(z)) in closed form, shape [N].</param>
/// <param name="Beta">The weight on the KL term (1 for the ELBO proper; β &gt; 1 is the β-VAE).</param>
/// <param name="Decoded">The decoder output at the sample: logits (Bernoulli) or means (Gaussian), [N, D].</param>
/// <param name="Mu">The posterior means, [N, L].</param>
/// <param name="LogVar">The posterior log-variances, [N, L].</param>
public sealed record VaeTerms(Tensor Reconstruction, Tensor Kl, double Beta, Tensor Decoded, Tensor Mu, Tensor LogVar)
{
    /// <summary>The (β-weighted) evidence lower bound per example, log p(x|z) − β·KL, shape [N]; with β = 1 a lower bound on log p(x).</summary>
    public Tensor Elbo => Reconstruction - Kl * Beta;

    /// <summary>The training loss: the negative (β-)ELBO averaged over the batch, a scalar in nats per example.</summary>
    public Tensor Loss => -Elbo.Mean();
}
