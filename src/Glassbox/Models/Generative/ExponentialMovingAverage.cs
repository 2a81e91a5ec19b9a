using Glassbox.Autograd;
using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// An exponential moving average of a model's parameters, θ̄ ← d·θ̄ + (1 − d)·θ after every optimiser step, kept in a
/// second instance of the same architecture (the "EMA model") that is the one sampled from.
/// </summary>
/// <remarks>
/// <para><b>Why.</b> With a constant learning rate the weights keep jittering around a good region; the average over
/// the last ~1/(1 − d) steps (1,000 for d = 0.999) sits nearer its centre. Diffusion models are sampled through
/// hundreds of calls, each of which compounds the jitter, so Ho et al. (2020) sample from an EMA with d = 0.9999.</para>
/// <para><b>Warm-up.</b> Early on the average would be dominated by the random initialisation (after n steps it
/// still weighs it by dⁿ). With <see cref="Warmup"/> the decay used at update n (1-based) is min(d, (1 + n)/(10 + n)),
/// so short runs average over a window that grows with the run instead of remembering the initialisation.</para>
/// <para>Parameters are matched by name; buffers (e.g. batch-norm statistics) are copied, not averaged.</para>
/// </remarks>
public sealed class ExponentialMovingAverage
{
    private readonly (Tensor source, Tensor shadow)[] parameters, buffers;

    /// <summary>Starts the average at <paramref name="source"/>'s current weights, copied into <paramref name="shadow"/>.</summary>
    /// <param name="source">The model being trained.</param>
    /// <param name="shadow">A second instance of the same architecture; its weights are overwritten and then only ever the average.</param>
    /// <param name="decay">d in [0, 1).</param>
    /// <param name="warmup">Use the warm-up decay of the class remarks.</param>
    /// <exception cref="ArgumentException">The two models' parameter names or shapes differ.</exception>
    public ExponentialMovingAverage(Module source, Module shadow, double decay = 0.999, bool warmup = true)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(shadow);
        if (!(decay >= 0 && decay < 1)) throw new ArgumentOutOfRangeException(nameof(decay), $"ExponentialMovingAverage: decay must lie in [0, 1), got {decay}");
        (Decay, Warmup, Shadow) = (decay, warmup, shadow);
        parameters = Pair(source.NamedParameters(), shadow.NamedParameters(), "parameter");
        buffers = Pair(source.NamedBuffers(), shadow.NamedBuffers(), "buffer");
        using var _ = GradMode.NoGrad();
        foreach (var (s, t) in parameters) t.CopyFrom(s);
        foreach (var (s, t) in buffers) t.CopyFrom(s);
    }

    /// <summary>The target decay d.</summary>
    public double Decay { get; }

    /// <summary>Whether the warm-up decay is used.</summary>
    public bool Warmup { get; }

    /// <summary>Number of updates so far.</summary>
    public long Updates { get; private set; }

    /// <summary>The averaged model.</summary>
    public Module Shadow { get; }

    /// <summary>The decay the next <see cref="Update"/> will use.</summary>
    public double NextDecay => Warmup ? Math.Min(Decay, (2.0 + Updates) / (11.0 + Updates)) : Decay;

    /// <summary>θ̄ ← d·θ̄ + (1 − d)·θ for every parameter (d = <see cref="NextDecay"/>), buffers copied.</summary>
    public void Update()
    {
        double d = NextDecay;
        using var _ = GradMode.NoGrad();
        foreach (var (s, t) in parameters) t.MulInPlace(d).AddInPlace(s, 1 - d);
        foreach (var (s, t) in buffers) t.CopyFrom(s);
        Updates++;
    }

    private static (Tensor, Tensor)[] Pair(IEnumerable<(string Name, Tensor T)> a, IEnumerable<(string Name, Tensor T)> b, string what)
    {
        var bs = b.ToDictionary(p => p.Name, p => p.T);
        var r = new List<(Tensor, Tensor)>();
        foreach (var (name, t) in a)
        {
            if (!bs.Remove(name, out var u)) throw new ArgumentException($"ExponentialMovingAverage: the shadow model has no {what} '{name}'");
            if (!t.ShapeToArray().SequenceEqual(u.ShapeToArray()))
                throw new ArgumentException($"ExponentialMovingAverage: {what} '{name}' is {ShapeUtil.Format(t.ShapeArray)} in the model but {ShapeUtil.Format(u.ShapeArray)} in the shadow");
            r.Add((t, u));
        }
        if (bs.Count > 0) throw new ArgumentException($"ExponentialMovingAverage: the shadow model has extra {what}s: {string.Join(", ", bs.Keys)}");
        return r.ToArray();
    }
}
