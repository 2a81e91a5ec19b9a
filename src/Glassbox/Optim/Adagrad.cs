using System.Numerics;

namespace Glassbox.Optim;

/// <summary>
/// Adagrad (Duchi, Hazan &amp; Singer, 2011; <c>torch.optim.Adagrad</c>). PyTorch 1.13's update at step t:
/// <code>
/// g = g + wd·p
/// clr = lr / (1 + (t − 1)·lr_decay)
/// S = S + g²                       (S starts at initial_accumulator_value)
/// p = p − clr · g / (√S + ε)
/// </code>
/// </summary>
public sealed class Adagrad : Optimizer<AdagradOptions>
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/> (PyTorch's keyword arguments; see <see cref="AdagradOptions"/>).</summary>
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10)
        : this(parameters, new AdagradOptions { Lr = lr, LrDecay = lrDecay, WeightDecay = weightDecay, InitialAccumulatorValue = initialAccumulatorValue, Eps = eps }) { }

    /// <summary>Creates the optimizer over <paramref name="parameters"/> with <paramref name="options"/>.</summary>
    public Adagrad(IEnumerable<Tensor> parameters, AdagradOptions options) : base([new ParamGroup<AdagradOptions>(parameters)], options) { }

    /// <summary>Creates the optimizer over parameter groups; what a group does not override comes from <paramref name="defaults"/>.</summary>
    public Adagrad(IEnumerable<ParamGroup<AdagradOptions>> groups, AdagradOptions? defaults = null) : base(groups, defaults ?? new AdagradOptions()) { }

    /// <inheritdoc/>
    protected override void Update(AdagradOptions options, Tensor param, Tensor grad, Dictionary<string, Tensor> state)
    {
        double step = IncrementStep(state);
        var sum = StateTensor(state, "sum", param, options.InitialAccumulatorValue);
        double clr = options.Lr / (1 + (step - 1) * options.LrDecay);
        if (param.DType == DType.Float32) Kernel(param.Span<float>(), grad.Span<float>(), sum.Span<float>(), clr, options);
        else Kernel(param.Span<double>(), grad.Span<double>(), sum.Span<double>(), clr, options);
    }

    private static void Kernel<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> sum, double clr, AdagradOptions o) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T negClr = T.CreateChecked(-clr), eps = T.CreateChecked(o.Eps), wd = T.CreateChecked(o.WeightDecay);
        bool hasWd = o.WeightDecay != 0;
        for (int i = 0; i < p.Length; i++)
        {
            T gi = g[i];
            if (hasWd) gi += wd * p[i];
            T s = sum[i] + gi * gi;
            sum[i] = s;
            p[i] += negClr * gi / (T.Sqrt(s) + eps);
        }
    }
}
