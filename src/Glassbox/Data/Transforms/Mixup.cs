using Glassbox.Autograd;

namespace Glassbox.Data.Transforms;

/// <summary>
/// Batch-level mixup (Zhang et al., 2018): one λ ~ Beta(α, α) per batch and a random permutation pairing the
/// samples; inputs become λ·x + (1 − λ)·x[perm], and the loss weighs the two target sets by λ and 1 − λ
/// (see <see cref="MixupBatch.CrossEntropy"/>).
/// </summary>
/// <remarks>
/// <para>This is the reference implementation's scheme (mix within the batch, a single λ, α = 1 for CIFAR and
/// 0.2 for ImageNet in the paper); α ≤ 0 turns it off (λ = 1, identity permutation, no draws). Draws from
/// <see cref="Generator"/>: λ first (see the Beta sampler's Marsaglia–Tsang scheme), then the permutation by
/// Fisher–Yates, back to front.</para>
/// <para>Usage in a training step:
/// <code>
/// var m = mixup.Apply(batch[0], batch[1]);
/// var loss = m.CrossEntropy(model.Forward(m.Inputs));
/// </code>
/// Mix after the per-image augmentation and normalisation. Inputs must be float; targets any tensor whose
/// dimension 0 is the batch (int64 class indices for the cross-entropy helper).</para>
/// </remarks>
public sealed class Mixup
{
    private readonly double alpha;
    private readonly Generator generator;

    /// <summary>Mixup with λ ~ Beta(<paramref name="alpha"/>, <paramref name="alpha"/>); α ≤ 0 disables mixing.</summary>
    public Mixup(double alpha = 1.0, Generator? generator = null)
    {
        if (!double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), $"Mixup: alpha must be finite, got {alpha}");
        this.alpha = alpha;
        this.generator = generator ?? Generator.Default;
    }

    /// <summary>The Beta distribution's parameter α.</summary>
    public double Alpha => alpha;

    /// <summary>The generator that draws λ and the permutations.</summary>
    public Generator Generator => generator;

    /// <summary>Draws λ ~ Beta(α, α) (1 when α ≤ 0).</summary>
    public double SampleLambda() => alpha > 0 ? BetaSampler.Beta(generator, alpha, alpha) : 1.0;

    /// <summary>Mixes the batch <paramref name="inputs"/> [N, …] with targets <paramref name="targets"/> [N, …].</summary>
    public MixupBatch Apply(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        TransformChecks.FloatBatch(inputs, "Mixup", 1);
        if (targets.NDim == 0 || targets.shape[0] != inputs.shape[0])
            throw new ArgumentException($"Mixup: targets shape {ShapeUtil.Format(targets.shape)} does not match the batch of inputs shape {ShapeUtil.Format(inputs.shape)} in dimension 0");
        int n = inputs.shape[0];
        var perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        if (alpha <= 0) return new MixupBatch(inputs.CopyRaw(), targets.CopyRaw(), targets.CopyRaw(), 1.0, perm);
        double lambda = SampleLambda();
        for (int i = n - 1; i > 0; i--)
        {
            int j = generator.NextInt(i + 1);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }
        var x = inputs.ContiguousRaw();
        var y = new Tensor((int[])x.shape.Clone(), x.DType);
        if (x.DType == DType.Float32) Mix(y.Span<float>(), x.Data<float>().AsSpan(x.Offset, x.Numel), perm, (float)lambda);
        else Mix(y.Span<double>(), x.Data<double>().AsSpan(x.Offset, x.Numel), perm, lambda);
        var index = Tensor.FromArray(perm, n);
        Tensor partners;
        using (GradMode.NoGrad()) partners = targets.IndexSelect(0, index);
        return new MixupBatch(y, targets.CopyRaw(), partners.CopyRaw(), lambda, perm);
    }

    /// <summary>y[n] = λ·x[n] + (1 − λ)·x[perm[n]] row by row, vectorised.</summary>
    private static void Mix<T>(Span<T> y, ReadOnlySpan<T> x, int[] perm, T lambda)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (perm.Length == 0) return;
        int row = x.Length / perm.Length;
        T rest = T.One - lambda;
        for (int n = 0; n < perm.Length; n++)
        {
            var dst = y.Slice(n * row, row);
            // dst = x[perm[n]]·(1 − λ) + x[n]·λ, two fused vector passes.
            System.Numerics.Tensors.TensorPrimitives.Multiply(x.Slice(perm[n] * row, row), rest, dst);
            System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(x.Slice(n * row, row), lambda, dst, dst);
        }
    }
}
