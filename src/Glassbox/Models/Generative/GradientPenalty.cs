using Glassbox.Autograd;

namespace Glassbox.Models.Generative;

/// <summary>
/// WGAN-GP's two-sided gradient penalty (Gulrajani et al. 2017):
/// <code>
/// GP = λ · E_x̂[(‖∇_x̂ f(x̂)‖₂ − 1)²],   x̂ = ε·x_real + (1 − ε)·x_fake,   ε ~ U[0, 1] per sample
/// </code>
/// </summary>
/// <remarks>
/// <para><b>Why.</b> The Kantorovich–Rubinstein dual needs a 1-Lipschitz critic. The optimal critic has gradient norm
/// 1 almost everywhere on the lines between coupled real and generated points, so the penalty asks for exactly that on
/// random points of random such lines — a soft constraint that, unlike the original WGAN's weight clipping, neither
/// pushes the weights to the clip values nor limits the critic's capacity.</para>
/// <para><b>How.</b> x̂ is detached from the generator and made a leaf that requires grad; ∇_x̂ f(x̂) comes from
/// <c>Autograd.Grad</c> with <c>createGraph: true</c>, so the
/// penalty is itself a differentiable function of the critic's parameters and the critic's optimiser step sees its
/// gradient (a double backward through every layer of the critic). Since f sums over nothing across samples (no batch
/// norm in the critic), ∂(Σ_i f(x̂_i))/∂x̂_i = ∇f(x̂_i): one backward gives every sample's own gradient.</para>
/// </remarks>
public static class GradientPenalty
{
    /// <summary>The coefficient λ = 10 of the paper, used for every experiment there.</summary>
    public const double DefaultLambda = 10.0;

    /// <summary>
    /// λ·mean_i (‖∇f(x̂_i)‖₂ − 1)² with the interpolation weights <paramref name="epsilon"/> given ([N], in [0, 1]).
    /// </summary>
    /// <param name="critic">The critic: [N, …] samples → [N] or [N, 1] scores, one per sample, with no coupling across samples.</param>
    /// <param name="real">Real samples [N, …].</param>
    /// <param name="fake">Generated samples, same shape (detached here: the penalty trains the critic only).</param>
    /// <param name="epsilon">[N] interpolation weights.</param>
    /// <param name="lambda">The penalty coefficient λ.</param>
    /// <exception cref="ArgumentException">Shapes that differ, or ε not of shape [N].</exception>
    public static Tensor Compute(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, Tensor epsilon, double lambda = DefaultLambda)
    {
        ArgumentNullException.ThrowIfNull(critic);
        if (!real.ShapeArray.AsSpan().SequenceEqual(fake.ShapeArray) || real.NDim < 2)
            throw new ArgumentException($"GradientPenalty: real {ShapeUtil.Format(real.ShapeArray)} and fake {ShapeUtil.Format(fake.ShapeArray)} must have the same shape [N, ...]");
        int n = real.Size(0);
        if (epsilon.NDim != 1 || epsilon.Size(0) != n)
            throw new ArgumentException($"GradientPenalty: epsilon must have shape [{n}], got {ShapeUtil.Format(epsilon.ShapeArray)}");
        var bshape = new int[real.NDim];
        Array.Fill(bshape, 1);
        bshape[0] = n;
        var eps = epsilon.To(real.DType).Reshape(bshape);
        Tensor xhat;
        using (GradMode.NoGrad())
            xhat = (eps * real.Detach() + (1.0 - eps) * fake.Detach()).Contiguous();
        xhat.RequiresGrad = true;
        // The penalty is a gradient, so it needs a graph even when the caller is in no-grad mode (a finite-difference
        // check, an evaluation of the critic's loss).
        using var grad_ = GradMode.EnableGrad();
        var scores = critic(xhat);
        if (scores.Numel != n)
            throw new ArgumentException($"GradientPenalty: the critic must give one score per sample, got {ShapeUtil.Format(scores.ShapeArray)} for {n} samples");
        var grad = Autograd.Autograd.Grad([scores], [xhat], [Tensor.OnesLike(scores)], createGraph: true)[0]!;
        var norms = grad.Flatten(1).Norm(2, 1);
        return (norms - 1.0).Pow(2).Mean() * lambda;
    }

    /// <summary>The penalty with ε ~ U[0, 1) drawn per sample from <paramref name="generator"/>.</summary>
    public static Tensor Compute(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator generator, double lambda = DefaultLambda) =>
        Compute(critic, real, fake, Tensor.Rand([real.Size(0)], real.DType, generator), lambda);
}
