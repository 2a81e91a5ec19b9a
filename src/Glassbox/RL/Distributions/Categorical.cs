using Glassbox.Autograd;

namespace Glassbox.RL.Distributions;

/// <summary>
/// A batch of categorical distributions over K actions, parameterised by unnormalised logits of shape [..., K]
/// (<c>torch.distributions.Categorical(logits=...)</c>): the policy head of a discrete-action agent.
/// </summary>
/// <remarks>
/// <para>
/// The logits are normalised once, ℓ = logits − logsumexp(logits), so that ℓ_a = log π(a) exactly (computed by
/// log-softmax, stable for large logits). <see cref="LogProb"/> gathers ℓ_a and <see cref="Entropy"/> is
/// H = −Σ_a π(a)·ℓ_a; both are differentiable with respect to the logits, which is what the policy-gradient and
/// entropy-bonus terms need.
/// </para>
/// <para>
/// <b>Masked actions.</b> A logit of −∞ gives π(a) = 0 and ℓ_a = −∞, and 0·(−∞) is NaN in IEEE arithmetic, so the
/// entropy clamps ℓ to the most negative finite value of the dtype before multiplying (as PyTorch does): the term is
/// then 0·(finite) = 0 and its gradient is 0 too.
/// </para>
/// <para>
/// <b>Sampling</b> is by inversion: one uniform u ∈ [0, 1) per distribution from the given <see cref="Generator"/>,
/// and the first action whose cumulative probability exceeds u (rounding that leaves Σπ slightly below 1 falls back
/// to the last action with positive probability). It reads detached probabilities, so a sample never carries a graph.
/// </para>
/// </remarks>
public sealed class Categorical
{
    /// <summary>Builds the distributions from logits of shape [..., K] (K ≥ 1), float32 or float64.</summary>
    public Categorical(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.NDim == 0 || logits.Shape[^1] < 1)
            throw new ArgumentException($"Categorical: logits must have shape [..., K] with K >= 1, got {ShapeUtil.Format(logits.ShapeArray)}");
        if (logits.DType is not (DType.Float32 or DType.Float64))
            throw new ArgumentException($"Categorical: logits must be float32 or float64, got {logits.DType.TorchName()}");
        Logits = logits.LogSoftmax(-1);
        CategoryCount = logits.Shape[^1];
    }

    /// <summary>The normalised logits ℓ = log π, shape [..., K] (differentiable).</summary>
    public Tensor Logits { get; }

    /// <summary>The probabilities π = exp ℓ, shape [..., K] (differentiable).</summary>
    public Tensor Probs => Logits.Exp();

    /// <summary>K, the number of categories.</summary>
    public int CategoryCount { get; }

    /// <summary>The batch shape: the logits' shape without the last dimension.</summary>
    public int[] BatchShape => Logits.ShapeArray[..^1];

    /// <summary>log π(a) for int64 actions of the batch shape; result has the batch shape.</summary>
    public Tensor LogProb(Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.DType != DType.Int64)
            throw new ArgumentException($"Categorical.LogProb: actions must be int64, got {actions.DType.TorchName()}");
        if (!actions.ShapeArray.AsSpan().SequenceEqual(BatchShape))
            throw new ArgumentException($"Categorical.LogProb: actions of shape {ShapeUtil.Format(actions.ShapeArray)} do not match the batch shape {ShapeUtil.Format(BatchShape)}");
        using (GradMode.NoGrad())
            foreach (long a in actions.ToArray<long>())
                if (a < 0 || a >= CategoryCount)
                    throw new ArgumentOutOfRangeException(nameof(actions), $"Categorical.LogProb: action {a} is outside [0, {CategoryCount})");
        return Logits.Gather(-1, actions.Unsqueeze(-1)).Squeeze(-1);
    }

    /// <summary>H = −Σ_a π(a)·log π(a) per distribution (nats), shape = batch shape; differentiable.</summary>
    public Tensor Entropy()
    {
        double lowest = Logits.DType == DType.Float32 ? float.MinValue : double.MinValue;
        var clamped = Logits.Clamp(min: lowest);
        return -(Probs * clamped).Sum(-1);
    }

    /// <summary>The most probable action per distribution (ties: the lowest index), int64 with the batch shape.</summary>
    public Tensor Mode()
    {
        using (GradMode.NoGrad()) return Logits.ArgMax(-1);
    }

    /// <summary>One action per distribution drawn from <paramref name="generator"/>, int64 with the batch shape.</summary>
    public Tensor Sample(Generator generator)
    {
        var actions = SampleIndices(generator);
        return Tensor.FromArray(Array.ConvertAll(actions, a => (long)a), BatchShape);
    }

    /// <summary>
    /// The same draws as <see cref="Sample"/>, as a plain array in row-major batch order — what an agent passes to the
    /// environments without building a tensor.
    /// </summary>
    public int[] SampleIndices(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        double[] logp;
        using (GradMode.NoGrad()) logp = Logits.ToDoubleArray();
        int k = CategoryCount, rows = logp.Length / k;
        var result = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            double u = generator.NextDouble(), cum = 0;
            int chosen = -1, lastPositive = -1;
            for (int a = 0; a < k; a++)
            {
                double p = Math.Exp(logp[r * k + a]);
                if (double.IsNaN(p))
                    throw new InvalidOperationException($"Categorical.Sample: distribution {r} has a NaN logit (a diverged policy network?)");
                if (p <= 0) continue;
                lastPositive = a;
                cum += p;
                if (u < cum) { chosen = a; break; }
            }
            if (lastPositive < 0)
                throw new InvalidOperationException($"Categorical.Sample: distribution {r} has no action with positive probability (all logits -inf or NaN)");
            result[r] = chosen >= 0 ? chosen : lastPositive;
        }
        return result;
    }
}
