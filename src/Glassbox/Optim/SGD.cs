using System.Numerics;

namespace Glassbox.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay
/// (<c>torch.optim.SGD</c>), in PyTorch 1.13's exact update order:
/// <code>
/// d = g + wd·p
/// b = d                                (first step)     b = μ·b + (1 − τ)·d   (later steps)
/// d = d + μ·b  (nesterov)              d = b            (otherwise)
/// p = p − lr·d
/// </code>
/// </summary>
/// <remarks>Note PyTorch's convention (Sutskever et al., 2013 style): the buffer accumulates raw gradients
/// and lr multiplies the buffer, unlike the v = μv + lr·g form; the two differ when lr changes.</remarks>
public sealed class SGD : Optimizer<SGDOptions>
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/> (PyTorch's keyword arguments; see <see cref="SGDOptions"/>).</summary>
    public SGD(IEnumerable<Tensor> parameters, double lr = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : this(parameters, new SGDOptions { Lr = lr, Momentum = momentum, Dampening = dampening, WeightDecay = weightDecay, Nesterov = nesterov }) { }

    /// <summary>Creates the optimizer over <paramref name="parameters"/> with <paramref name="options"/>.</summary>
    public SGD(IEnumerable<Tensor> parameters, SGDOptions options) : base([new ParamGroup<SGDOptions>(parameters)], options) { }

    /// <summary>Creates the optimizer over parameter groups; what a group does not override comes from <paramref name="defaults"/>.</summary>
    public SGD(IEnumerable<ParamGroup<SGDOptions>> groups, SGDOptions? defaults = null) : base(groups, defaults ?? new SGDOptions()) { }

    /// <inheritdoc/>
    protected override void Update(SGDOptions options, Tensor param, Tensor grad, Dictionary<string, Tensor> state)
    {
        bool first = !state.ContainsKey("momentum_buffer");
        Tensor? buf = options.Momentum != 0 ? StateTensor(state, "momentum_buffer", param) : null;
        if (param.DType == DType.Float32)
            Kernel(param.Span<float>(), grad.Span<float>(), buf is null ? default : buf.Span<float>(), first, options);
        else
            Kernel(param.Span<double>(), grad.Span<double>(), buf is null ? default : buf.Span<double>(), first, options);
    }

    private static void Kernel<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> buf, bool first, SGDOptions o) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T lr = T.CreateChecked(o.Lr), wd = T.CreateChecked(o.WeightDecay);
        T mom = T.CreateChecked(o.Momentum), keep = T.CreateChecked(1 - o.Dampening);
        bool hasWd = o.WeightDecay != 0, hasMom = o.Momentum != 0, nesterov = o.Nesterov;
        for (int i = 0; i < p.Length; i++)
        {
            T d = g[i];
            if (hasWd) d += wd * p[i];
            if (hasMom)
            {
                T b = first ? d : buf[i] * mom + keep * d;
                buf[i] = b;
                d = nesterov ? d + mom * b : b;
            }
            p[i] += -lr * d;
        }
    }
}
