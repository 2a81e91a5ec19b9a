namespace Glassbox.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov &amp; Hutter, 2019; <c>torch.optim.AdamW</c>): before the
/// Adam step the parameter shrinks by p ← p·(1 − lr·wd), instead of wd·p being added to the gradient, so the
/// decay is not rescaled by the adaptive denominator. Default weight decay 1e-2, as in PyTorch.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/> (PyTorch's keyword arguments; see <see cref="AdamWOptions"/>).</summary>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false)
        : this(parameters, new AdamWOptions { Lr = lr, Betas = (beta1, beta2), Eps = eps, WeightDecay = weightDecay, Amsgrad = amsgrad }) { }

    /// <summary>Creates the optimizer over <paramref name="parameters"/> with <paramref name="options"/>.</summary>
    public AdamW(IEnumerable<Tensor> parameters, AdamWOptions options) : base([new ParamGroup<AdamOptions>(parameters)], options) { }

    /// <summary>Creates the optimizer over parameter groups; what a group does not override comes from <paramref name="defaults"/> (AdamW's, weight decay 1e-2, when null).</summary>
    public AdamW(IEnumerable<ParamGroup<AdamOptions>> groups, AdamWOptions? defaults = null) : base(groups, defaults ?? new AdamWOptions()) { }

    /// <inheritdoc/>
    protected override bool Decoupled => true;
}
