namespace Glassbox.RL.Distributions;

/// <summary>
/// A diagonal Gaussian squashed through tanh and mapped onto a box of actions: the policy head of SAC
/// (Haarnoja et al. 2018, appendix C). With u ~ N(μ, diag σ²), the action is a = tanh(u)·s + b, where s = (high − low)/2
/// and b = (high + low)/2 per dimension, so every sample lies strictly inside the action box.
/// </summary>
/// <remarks>
/// <para>
/// <b>Log-density by change of variables.</b> The map u ↦ a is elementwise and increasing, so its Jacobian is diagonal:
/// log π(a) = Σᵢ [log N(uᵢ; μᵢ, σᵢ) − log sᵢ − log(1 − tanh² uᵢ)]. The last term is evaluated as
/// log(1 − tanh² u) = 2·(log 2 − u − softplus(−2u)), which is exact and stays finite where tanh u rounds to ±1 (|u| ≳ 9
/// in float32). CleanRL's <c>sac_continuous_action.py</c> instead writes log(s·(1 − tanh² u) + 10⁻⁶): the same value
/// except that the 10⁻⁶ caps the correction near the box edges, which slightly biases the entropy estimate there.
/// </para>
/// <para>
/// <b>Reparameterisation.</b> <see cref="RSample(Generator)"/> draws ε ~ N(0, I) and returns a = tanh(μ + σ·ε)·s + b, so gradients flow
/// from a (and from its log-probability) into μ and log σ — SAC's policy loss needs both. The Gaussian term is written as
/// −ε²/2 − log σ − ½ log 2π: equal to log N(u; μ, σ) because (u − μ)/σ = ε, and with the same gradients, since
/// (u − μ)/σ does not depend on μ or σ once u is written through them.
/// </para>
/// <para>
/// <b>Trap.</b> <see cref="LogProb"/> of a given action must invert the squashing, u = atanh((a − b)/s); an action on the box
/// boundary has u = ±∞ and zero density. The inverse is clamped to |y| ≤ 1 − 10⁻⁶ (float32) or 1 − 10⁻¹² (float64), so a
/// boundary action gets a very low but finite log-density. Prefer the log-probability that <see cref="RSample(Generator)"/> returns,
/// which never leaves u-space.
/// </para>
/// Shapes: μ and log σ are [B, A]; scale and bias are [A]; log-probabilities are [B] (summed over the action dimension).
/// </remarks>
public sealed class TanhGaussian
{
    private const double HalfLog2Pi = 0.91893853320467274178; // ½·ln(2π)
    private const double Log2 = 0.69314718055994530942;

    /// <summary>Creates the distribution. <paramref name="scale"/> and <paramref name="bias"/> default to 1 and 0 (actions in (−1, 1)).</summary>
    /// <param name="mean">μ, shape [B, A], floating point.</param>
    /// <param name="logStd">log σ, same shape and dtype as <paramref name="mean"/>.</param>
    /// <param name="scale">s = (high − low)/2, shape [A], positive.</param>
    /// <param name="bias">b = (high + low)/2, shape [A].</param>
    public TanhGaussian(Tensor mean, Tensor logStd, Tensor? scale = null, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logStd);
        if (mean.NDim != 2) throw new ArgumentException($"TanhGaussian: mean must have shape [batch, actions], got {ShapeUtil.Format(mean.ShapeArray)}");
        if (!ShapeUtil.SameShape(mean.ShapeArray, logStd.ShapeArray) || mean.DType != logStd.DType)
            throw new ArgumentException($"TanhGaussian: log_std {ShapeUtil.Format(logStd.ShapeArray)} {logStd.DType.TorchName()} must match mean {ShapeUtil.Format(mean.ShapeArray)} {mean.DType.TorchName()}");
        if (!mean.DType.IsFloatingPoint()) throw new ArgumentException($"TanhGaussian: mean must be floating point, got {mean.DType.TorchName()}");
        int a = mean.Shape[1];
        Mean = mean;
        LogStd = logStd;
        Scale = scale ?? Tensor.Ones([a], mean.DType);
        Bias = bias ?? Tensor.Zeros([a], mean.DType);
        if (Scale.NDim != 1 || Scale.Shape[0] != a || Bias.NDim != 1 || Bias.Shape[0] != a)
            throw new ArgumentException($"TanhGaussian: scale {ShapeUtil.Format(Scale.ShapeArray)} and bias {ShapeUtil.Format(Bias.ShapeArray)} must have shape [{a}]");
        if (Scale.DType != mean.DType || Bias.DType != mean.DType)
            throw new ArgumentException($"TanhGaussian: scale and bias must have the dtype of the mean ({mean.DType.TorchName()})");
        foreach (var v in Scale.ToDoubleArray())
            if (!(v > 0)) throw new ArgumentException($"TanhGaussian: every action scale must be positive, got {v}");
    }

    /// <summary>μ, shape [B, A].</summary>
    public Tensor Mean { get; }
    /// <summary>log σ, shape [B, A].</summary>
    public Tensor LogStd { get; }
    /// <summary>Action half-range s, shape [A].</summary>
    public Tensor Scale { get; }
    /// <summary>Action centre b, shape [A].</summary>
    public Tensor Bias { get; }

    /// <summary>The deterministic action tanh(μ)·s + b, used for evaluation (the squashed mean, not the mean of a).</summary>
    public Tensor Mode => Mean.Tanh() * Scale + Bias;

    /// <summary>
    /// A reparameterised sample and its log-density: ε ~ N(0, I) from <paramref name="generator"/>, u = μ + σ·ε,
    /// a = tanh(u)·s + b. Differentiable with respect to μ and log σ.
    /// </summary>
    /// <returns>The actions [B, A] and log π(a) [B].</returns>
    public (Tensor Action, Tensor LogProb) RSample(Generator generator)
    {
        var eps = Tensor.Randn(Mean.ShapeArray, Mean.DType, generator);
        return RSample(eps);
    }

    /// <summary>
    /// <see cref="RSample(Generator)"/> with the standard-normal draw <paramref name="noise"/> ([B, A]) given, for tests and
    /// for callers that share one draw between several computations.
    /// </summary>
    public (Tensor Action, Tensor LogProb) RSample(Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (!ShapeUtil.SameShape(noise.ShapeArray, Mean.ShapeArray) || noise.DType != Mean.DType)
            throw new ArgumentException($"TanhGaussian.RSample: noise {ShapeUtil.Format(noise.ShapeArray)} {noise.DType.TorchName()} must match mean {ShapeUtil.Format(Mean.ShapeArray)} {Mean.DType.TorchName()}");
        var u = Mean + LogStd.Exp() * noise;
        var action = u.Tanh() * Scale + Bias;
        var gaussian = noise * noise * -0.5 - LogStd - HalfLog2Pi;
        return (action, (gaussian - LogAbsDetJacobian(u)).Sum(1));
    }

    /// <summary>
    /// log π(a) of given actions [B, A] (inside the box), by inverting the squashing: u = atanh((a − b)/s), clamped as
    /// the class remarks explain. Differentiable with respect to μ and log σ (not through the clamp).
    /// </summary>
    public Tensor LogProb(Tensor action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!ShapeUtil.SameShape(action.ShapeArray, Mean.ShapeArray) || action.DType != Mean.DType)
            throw new ArgumentException($"TanhGaussian.LogProb: action {ShapeUtil.Format(action.ShapeArray)} {action.DType.TorchName()} must match mean {ShapeUtil.Format(Mean.ShapeArray)} {Mean.DType.TorchName()}");
        double limit = Mean.DType == DType.Float64 ? 1 - 1e-12 : 1 - 1e-6;
        var y = ((action - Bias) / Scale).Clamp(-limit, limit);
        var u = ((1.0 + y) / (1.0 - y)).Log() * 0.5; // atanh(y)
        return LogProbOfPreTanh(u);
    }

    /// <summary>log π of the action tanh(u)·s + b, given the pre-squash value u [B, A] (exact, no inversion).</summary>
    public Tensor LogProbOfPreTanh(Tensor u)
    {
        ArgumentNullException.ThrowIfNull(u);
        var z = (u - Mean) / LogStd.Exp();
        var gaussian = z * z * -0.5 - LogStd - HalfLog2Pi;
        return (gaussian - LogAbsDetJacobian(u)).Sum(1);
    }

    /// <summary>log |da/du| per element: log s + log(1 − tanh² u), the latter as 2(log 2 − u − softplus(−2u)).</summary>
    private Tensor LogAbsDetJacobian(Tensor u) => (Log2 - u - (u * -2.0).Softplus()) * 2.0 + Scale.Log();
}
