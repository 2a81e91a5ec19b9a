using System.Numerics;

namespace Glassbox.Optim;

/// <summary>
/// RMSprop (Hinton, Coursera lecture 6e; <c>torch.optim.RMSprop</c>) with optional momentum and the
/// centered variant (Graves, 2013). PyTorch 1.13's update:
/// <code>
/// g = g + wd·p
/// s = α·s + (1 − α)·g²
/// centered:  a = α·a + (1 − α)·g;   avg = √(s − a²) + ε      otherwise: avg = √s + ε
/// momentum:  b = μ·b + g/avg;  p = p − lr·b                  otherwise: p = p − lr·g/avg
/// </code>
/// </summary>
public sealed class RMSprop : Optimizer<RMSpropOptions>
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/> (PyTorch's keyword arguments; see <see cref="RMSpropOptions"/>).</summary>
    public RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : this(parameters, new RMSpropOptions { Lr = lr, Alpha = alpha, Eps = eps, WeightDecay = weightDecay, Momentum = momentum, Centered = centered }) { }

    /// <summary>Creates the optimizer over <paramref name="parameters"/> with <paramref name="options"/>.</summary>
    public RMSprop(IEnumerable<Tensor> parameters, RMSpropOptions options) : base([new ParamGroup<RMSpropOptions>(parameters)], options) { }

    /// <summary>Creates the optimizer over parameter groups; what a group does not override comes from <paramref name="defaults"/>.</summary>
    public RMSprop(IEnumerable<ParamGroup<RMSpropOptions>> groups, RMSpropOptions? defaults = null) : base(groups, defaults ?? new RMSpropOptions()) { }

    /// <inheritdoc/>
    protected override void Update(RMSpropOptions options, Tensor param, Tensor grad, Dictionary<string, Tensor> state)
    {
        IncrementStep(state);
        var sq = StateTensor(state, "square_avg", param);
        var buf = options.Momentum > 0 ? StateTensor(state, "momentum_buffer", param) : null;
        var ga = options.Centered ? StateTensor(state, "grad_avg", param) : null;
        if (param.DType == DType.Float32)
            Kernel(param.Span<float>(), grad.Span<float>(), sq.Span<float>(), ga is null ? default : ga.Span<float>(), buf is null ? default : buf.Span<float>(), options);
        else
            Kernel(param.Span<double>(), grad.Span<double>(), sq.Span<double>(), ga is null ? default : ga.Span<double>(), buf is null ? default : buf.Span<double>(), options);
    }

    private static void Kernel<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> sq, Span<T> ga, Span<T> buf, RMSpropOptions o) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T alpha = T.CreateChecked(o.Alpha), c = T.CreateChecked(1 - o.Alpha);
        T eps = T.CreateChecked(o.Eps), wd = T.CreateChecked(o.WeightDecay);
        T mom = T.CreateChecked(o.Momentum), negLr = T.CreateChecked(-o.Lr);
        bool hasWd = o.WeightDecay != 0, centered = !ga.IsEmpty, hasMom = !buf.IsEmpty;
        for (int i = 0; i < p.Length; i++)
        {
            T gi = g[i];
            if (hasWd) gi += wd * p[i];
            T s = sq[i] * alpha + c * gi * gi;
            sq[i] = s;
            T avg;
            if (centered)
            {
                T a = ga[i] * alpha + c * gi;
                ga[i] = a;
                avg = T.Sqrt(s - a * a) + eps;
            }
            else avg = T.Sqrt(s) + eps;
            if (hasMom)
            {
                T b = buf[i] * mom + gi / avg;
                buf[i] = b;
                p[i] += negLr * b;
            }
            else p[i] += negLr * gi / avg;
        }
    }
}
