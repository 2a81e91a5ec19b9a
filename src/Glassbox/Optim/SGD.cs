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
public sealed class SGD : Optimizer
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, MakeDefaults(lr, momentum, dampening, weightDecay, nesterov)) { }

    /// <summary>Creates the optimizer over parameter groups; group options override these defaults.</summary>
    public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(groups, MakeDefaults(lr, momentum, dampening, weightDecay, nesterov)) { }

    private static Dictionary<string, double> MakeDefaults(double lr, double momentum, double dampening, double weightDecay, bool nesterov)
    {
        Check(lr >= 0, "SGD", "lr", lr, ">= 0");
        Check(momentum >= 0, "SGD", "momentum", momentum, ">= 0");
        Check(weightDecay >= 0, "SGD", "weight_decay", weightDecay, ">= 0");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening");
        return new() { ["lr"] = lr, ["momentum"] = momentum, ["dampening"] = dampening, ["weight_decay"] = weightDecay, ["nesterov"] = nesterov ? 1 : 0 };
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, Dictionary<string, Tensor> state)
    {
        double mom = group["momentum"];
        bool first = !state.ContainsKey("momentum_buffer");
        Tensor? buf = mom != 0 ? StateTensor(state, "momentum_buffer", param) : null;
        if (param.DType == DType.Float32)
            Kernel(param.Span<float>(), grad.Span<float>(), buf is null ? default : buf.Span<float>(), first, group);
        else
            Kernel(param.Span<double>(), grad.Span<double>(), buf is null ? default : buf.Span<double>(), first, group);
    }

    private static void Kernel<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> buf, bool first, ParamGroup group) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T lr = T.CreateChecked(group.Lr), wd = T.CreateChecked(group["weight_decay"]);
        T mom = T.CreateChecked(group["momentum"]), keep = T.CreateChecked(1 - group["dampening"]);
        bool hasWd = group["weight_decay"] != 0, hasMom = group["momentum"] != 0, nesterov = group.Flag("nesterov");
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
