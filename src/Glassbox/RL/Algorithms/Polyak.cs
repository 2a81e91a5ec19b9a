using Glassbox.NN;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Target-network updates: the soft (Polyak-averaging) update θ' ← τ·θ + (1 − τ)·θ' of DDPG, TD3 and SAC, and the hard
/// copy θ' ← θ (τ = 1) used to initialise a target.
/// </summary>
/// <remarks>
/// A target network that trails the learned one slowly makes the bootstrapped regression target y = r + γ·Q'(s', a')
/// move slowly too, so the critic chases a nearly fixed target instead of its own latest output (the feedback loop
/// behind divergence in off-policy TD learning with function approximation). With τ = 0.005 the target is an
/// exponential moving average over roughly 1/τ = 200 updates. The update runs in place on the target's parameter
/// buffers, element by element in the parameter's own precision, and allocates nothing.
/// </remarks>
public static class Polyak
{
    /// <summary>
    /// θ'ᵢ ← τ·θᵢ + (1 − τ)·θ'ᵢ for every parameter pair, in registration order (the two modules must have the same
    /// architecture). Buffers are not averaged.
    /// </summary>
    public static void Update(Module target, Module source, double tau)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        if (!(tau >= 0 && tau <= 1)) throw new ArgumentOutOfRangeException(nameof(tau), $"Polyak.Update: tau must be in [0, 1], got {tau}");
        var tp = target.NamedParameters().ToList();
        var sp = source.NamedParameters().ToList();
        if (tp.Count != sp.Count) throw new ArgumentException($"Polyak.Update: target has {tp.Count} parameters, source {sp.Count}");
        for (int i = 0; i < tp.Count; i++)
        {
            var (tn, t) = tp[i];
            var (sn, s) = sp[i];
            if (tn != sn || !ShapeUtil.SameShape(t.ShapeArray, s.ShapeArray) || t.DType != s.DType)
                throw new ArgumentException($"Polyak.Update: parameter {i} differs: target '{tn}' {ShapeUtil.Format(t.ShapeArray)} {t.DType.TorchName()}, source '{sn}' {ShapeUtil.Format(s.ShapeArray)} {s.DType.TorchName()}");
            if (!t.IsContiguous || !s.IsContiguous) throw new InvalidOperationException($"Polyak.Update: parameter '{tn}' must be contiguous");
            if (t.DType == DType.Float32) Blend(t.Span<float>(), s.Span<float>(), (float)tau, (float)(1 - tau));
            else if (t.DType == DType.Float64) Blend(t.Span<double>(), s.Span<double>(), tau, 1 - tau);
            else throw new ArgumentException($"Polyak.Update: parameter '{tn}' has unsupported dtype {t.DType.TorchName()}");
            t.BumpVersion();
        }
    }

    /// <summary>θ' ← θ: copies every parameter of <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static void Copy(Module target, Module source) => Update(target, source, 1.0);

    private static void Blend(Span<float> t, ReadOnlySpan<float> s, float tau, float keep)
    {
        if (tau == 1f) { s.CopyTo(t); return; }
        for (int i = 0; i < t.Length; i++) t[i] = tau * s[i] + keep * t[i];
    }

    private static void Blend(Span<double> t, ReadOnlySpan<double> s, double tau, double keep)
    {
        if (tau == 1.0) { s.CopyTo(t); return; }
        for (int i = 0; i < t.Length; i++) t[i] = tau * s[i] + keep * t[i];
    }
}
