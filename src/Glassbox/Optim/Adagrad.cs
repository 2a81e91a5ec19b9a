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
public sealed class Adagrad : Optimizer
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10)
        : base(parameters, MakeDefaults(lr, lrDecay, weightDecay, initialAccumulatorValue, eps)) { }

    /// <summary>Creates the optimizer over parameter groups; group options override these defaults.</summary>
    public Adagrad(IEnumerable<ParamGroup> groups, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10)
        : base(groups, MakeDefaults(lr, lrDecay, weightDecay, initialAccumulatorValue, eps)) { }

    private static Dictionary<string, double> MakeDefaults(double lr, double lrDecay, double weightDecay, double init, double eps)
    {
        Check(lr >= 0, "Adagrad", "lr", lr, ">= 0");
        Check(lrDecay >= 0, "Adagrad", "lr_decay", lrDecay, ">= 0");
        Check(weightDecay >= 0, "Adagrad", "weight_decay", weightDecay, ">= 0");
        Check(init >= 0, "Adagrad", "initial_accumulator_value", init, ">= 0");
        Check(eps >= 0, "Adagrad", "eps", eps, ">= 0");
        return new() { ["lr"] = lr, ["lr_decay"] = lrDecay, ["weight_decay"] = weightDecay, ["initial_accumulator_value"] = init, ["eps"] = eps };
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, Dictionary<string, Tensor> state)
    {
        double step = IncrementStep(state);
        var sum = StateTensor(state, "sum", param, group["initial_accumulator_value"]);
        double clr = group.Lr / (1 + (step - 1) * group["lr_decay"]);
        if (param.DType == DType.Float32) Kernel(param.Span<float>(), grad.Span<float>(), sum.Span<float>(), clr, group);
        else Kernel(param.Span<double>(), grad.Span<double>(), sum.Span<double>(), clr, group);
    }

    private static void Kernel<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> sum, double clr, ParamGroup group) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T negClr = T.CreateChecked(-clr), eps = T.CreateChecked(group["eps"]), wd = T.CreateChecked(group["weight_decay"]);
        bool hasWd = group["weight_decay"] != 0;
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
