namespace Glassbox.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov &amp; Hutter, 2019; <c>torch.optim.AdamW</c>): before the
/// Adam step the parameter shrinks by p ← p·(1 − lr·wd), instead of wd·p being added to the gradient, so the
/// decay is not rescaled by the adaptive denominator. Default weight decay 1e-2, as in PyTorch.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false)
        : base([new ParamGroup(parameters)], MakeDefaults("AdamW", lr, beta1, beta2, eps, weightDecay, amsgrad)) { }

    /// <summary>Creates the optimizer over parameter groups; group options override these defaults.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false)
        : base(groups, MakeDefaults("AdamW", lr, beta1, beta2, eps, weightDecay, amsgrad)) { }

    /// <inheritdoc/>
    protected override bool Decoupled => true;
}
