using Glassbox.Autograd;

namespace Glassbox.RL.Distributions;

/// <summary>
/// A batch of Gaussians with diagonal covariance over D-dimensional actions, given the mean μ of shape [..., D] and
/// the log standard deviation log σ broadcastable to it (<c>torch.distributions.Normal(μ, σ)</c> with
/// <c>log_prob(...).sum(-1)</c> and <c>entropy().sum(-1)</c>, as continuous-action PPO uses it).
/// </summary>
/// <remarks>
/// <para>
/// log N(x; μ, σ) = Σ_d [ −(x_d − μ_d)² / (2σ_d²) − log σ_d − ½·log 2π ] and H = Σ_d [ ½ + ½·log 2π + log σ_d ].
/// Both are written in terms of log σ, never σ alone, so that gradients reach a state-independent log-std parameter
/// (PPO's <c>actor_logstd</c> of shape [1, D]) directly, and the entropy is linear in it.
/// </para>
/// <para>
/// <see cref="Sample"/> draws x = μ + σ·ε with ε ~ N(0, I) from a <see cref="Generator"/> and detaches it (what an
/// on-policy agent acts with); <see cref="RSample"/> keeps the graph through μ and σ (the reparameterisation trick,
/// for SAC-style objectives).
/// </para>
/// </remarks>
public sealed class DiagonalGaussian
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>Builds the distributions; <paramref name="logStd"/> must broadcast to the shape of <paramref name="mean"/>.</summary>
    public DiagonalGaussian(Tensor mean, Tensor logStd)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logStd);
        if (mean.NDim == 0)
            throw new ArgumentException("DiagonalGaussian: the mean must have shape [..., D], got a scalar");
        if (mean.DType is not (DType.Float32 or DType.Float64) || logStd.DType != mean.DType)
            throw new ArgumentException($"DiagonalGaussian: mean and log-std must share a float dtype, got {mean.DType.TorchName()} and {logStd.DType.TorchName()}");
        if (!Broadcasts(logStd.ShapeArray, mean.ShapeArray))
            throw new ArgumentException($"DiagonalGaussian: log-std of shape {ShapeUtil.Format(logStd.ShapeArray)} does not broadcast to the mean's shape {ShapeUtil.Format(mean.ShapeArray)}");
        Mean = mean;
        LogStd = logStd.NDim == mean.NDim && logStd.ShapeArray.AsSpan().SequenceEqual(mean.ShapeArray) ? logStd : logStd.Expand(mean.ShapeToArray());
    }

    private static bool Broadcasts(int[] from, int[] to)
    {
        if (from.Length > to.Length) return false;
        for (int i = 1; i <= from.Length; i++)
            if (from[^i] != 1 && from[^i] != to[^i]) return false;
        return true;
    }

    /// <summary>μ, shape [..., D].</summary>
    public Tensor Mean { get; }

    /// <summary>log σ, expanded to the shape of <see cref="Mean"/>.</summary>
    public Tensor LogStd { get; }

    /// <summary>σ = exp(log σ).</summary>
    public Tensor Std => LogStd.Exp();

    /// <summary>D, the action dimension.</summary>
    public int Dimension => Mean.Shape[^1];

    /// <summary>log density of <paramref name="x"/> (shape of <see cref="Mean"/>), summed over the last dimension.</summary>
    public Tensor LogProb(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!x.ShapeArray.AsSpan().SequenceEqual(Mean.ShapeArray))
            throw new ArgumentException($"DiagonalGaussian.LogProb: value of shape {ShapeUtil.Format(x.ShapeArray)} does not match the mean's shape {ShapeUtil.Format(Mean.ShapeArray)}");
        var z = (x - Mean) * (-LogStd).Exp();   // (x − μ)/σ
        return (z * z * (-0.5) - LogStd - HalfLog2Pi).Sum(-1);
    }

    /// <summary>Differential entropy Σ_d (½ + ½·log 2π + log σ_d), shape = the mean's shape without D.</summary>
    public Tensor Entropy() => (LogStd + (0.5 + HalfLog2Pi)).Sum(-1);

    /// <summary>A detached draw μ + σ·ε, ε ~ N(0, I) from <paramref name="generator"/>.</summary>
    public Tensor Sample(Generator generator)
    {
        using (GradMode.NoGrad()) return RSample(generator).Detach();
    }

    /// <summary>A reparameterised draw μ + σ·ε that keeps the graph through μ and log σ.</summary>
    public Tensor RSample(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var eps = Tensor.Randn(Mean.ShapeToArray(), Mean.DType, generator);
        return Mean + Std * eps;
    }
}
