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
public sealed class RMSprop : Optimizer
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : base(parameters, MakeDefaults(lr, alpha, eps, weightDecay, momentum, centered)) { }

    /// <summary>Creates the optimizer over parameter groups; group options override these defaults.</summary>
    public RMSprop(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : base(groups, MakeDefaults(lr, alpha, eps, weightDecay, momentum, centered)) { }

    private static Dictionary<string, double> MakeDefaults(double lr, double alpha, double eps, double weightDecay, double momentum, bool centered)
    {
        Check(lr >= 0, "RMSprop", "lr", lr, ">= 0");
        Check(eps >= 0, "RMSprop", "eps", eps, ">= 0");
        Check(alpha >= 0, "RMSprop", "alpha", alpha, ">= 0");
        Check(momentum >= 0, "RMSprop", "momentum", momentum, ">= 0");
        Check(weightDecay >= 0, "RMSprop", "weight_decay", weightDecay, ">= 0");
        return new() { ["lr"] = lr, ["alpha"] = alpha, ["eps"] = eps, ["weight_decay"] = weightDecay, ["momentum"] = momentum, ["centered"] = centered ? 1 : 0 };
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, Dictionary<string, Tensor> state)
    {
        IncrementStep(state);
        var sq = StateTensor(state, "square_avg", param);
        var buf = group["momentum"] > 0 ? StateTensor(state, "momentum_buffer", param) : null;
        var ga = group.Flag("centered") ? StateTensor(state, "grad_avg", param) : null;
        if (param.DType == DType.Float32)
            Kernel(param.Span<float>(), grad.Span<float>(), sq.Span<float>(), ga is null ? default : ga.Span<float>(), buf is null ? default : buf.Span<float>(), group);
        else
            Kernel(param.Span<double>(), grad.Span<double>(), sq.Span<double>(), ga is null ? default : ga.Span<double>(), buf is null ? default : buf.Span<double>(), group);
    }

    private static void Kernel<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> sq, Span<T> ga, Span<T> buf, ParamGroup group) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T alpha = T.CreateChecked(group["alpha"]), c = T.CreateChecked(1 - group["alpha"]);
        T eps = T.CreateChecked(group["eps"]), wd = T.CreateChecked(group["weight_decay"]);
        T mom = T.CreateChecked(group["momentum"]), negLr = T.CreateChecked(-group.Lr);
        bool hasWd = group["weight_decay"] != 0, centered = !ga.IsEmpty, hasMom = !buf.IsEmpty;
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
