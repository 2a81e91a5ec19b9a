using System.Numerics;

namespace Glassbox.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015; <c>torch.optim.Adam</c>) with optional AMSGrad (Reddi et al., 2018) and L2
/// weight decay added to the gradient. PyTorch 1.13's update, per element, at step t:
/// <code>
/// g = g + wd·p
/// m = β₁·m + (1 − β₁)·g            v = β₂·v + (1 − β₂)·g²
/// v̂ = max(v̂, v)  (amsgrad)         denom = √v̂ / √(1 − β₂ᵗ) + ε
/// p = p − (lr / (1 − β₁ᵗ)) · m / denom
/// </code>
/// ε is added after the bias correction of v, as PyTorch does (not inside the square root).
/// </summary>
public class Adam : Optimizer<AdamOptions>
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/> (PyTorch's keyword arguments, betas as <paramref name="beta1"/>, <paramref name="beta2"/>; see <see cref="AdamOptions"/>).</summary>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        : this(parameters, new AdamOptions { Lr = lr, Betas = (beta1, beta2), Eps = eps, WeightDecay = weightDecay, Amsgrad = amsgrad }) { }

    /// <summary>Creates the optimizer over <paramref name="parameters"/> with <paramref name="options"/>.</summary>
    public Adam(IEnumerable<Tensor> parameters, AdamOptions options) : base([new ParamGroup<AdamOptions>(parameters)], options) { }

    /// <summary>Creates the optimizer over parameter groups; what a group does not override comes from <paramref name="defaults"/>.</summary>
    public Adam(IEnumerable<ParamGroup<AdamOptions>> groups, AdamOptions? defaults = null) : base(groups, defaults ?? new AdamOptions()) { }

    /// <summary>True when weight decay is decoupled from the gradient (AdamW).</summary>
    protected virtual bool Decoupled => false;

    /// <inheritdoc/>
    protected override void Update(AdamOptions options, Tensor param, Tensor grad, Dictionary<string, Tensor> state)
    {
        double step = IncrementStep(state);
        var m = StateTensor(state, "exp_avg", param);
        var v = StateTensor(state, "exp_avg_sq", param);
        var vmax = options.Amsgrad ? StateTensor(state, "max_exp_avg_sq", param) : null;
        double lr = options.Lr, b1 = options.Betas.Beta1, b2 = options.Betas.Beta2, wd = options.WeightDecay;
        var s = new Scalars(
            lr, b1, b2, options.Eps, wd, Decoupled,
            StepSize: lr / (1 - Math.Pow(b1, step)),
            Bc2Sqrt: Math.Sqrt(1 - Math.Pow(b2, step)));
        if (param.DType == DType.Float32)
            Kernel(param.Span<float>(), grad.Span<float>(), m.Span<float>(), v.Span<float>(), vmax is null ? default : vmax.Span<float>(), s);
        else
            Kernel(param.Span<double>(), grad.Span<double>(), m.Span<double>(), v.Span<double>(), vmax is null ? default : vmax.Span<double>(), s);
    }

    private readonly record struct Scalars(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay, bool Decoupled, double StepSize, double Bc2Sqrt);

    // One pass per parameter: decay, both moments, optional AMSGrad max and the parameter update.
    private static void Kernel<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> vmax, Scalars s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T b1 = T.CreateChecked(s.Beta1), c1 = T.CreateChecked(1 - s.Beta1);
        T b2 = T.CreateChecked(s.Beta2), c2 = T.CreateChecked(1 - s.Beta2);
        T wd = T.CreateChecked(s.WeightDecay), eps = T.CreateChecked(s.Eps);
        T negStep = T.CreateChecked(-s.StepSize), bc2 = T.CreateChecked(s.Bc2Sqrt);
        T decay = T.CreateChecked(1 - s.Lr * s.WeightDecay);
        bool l2 = !s.Decoupled && s.WeightDecay != 0, decoupled = s.Decoupled && s.WeightDecay != 0;
        bool ams = !vmax.IsEmpty;
        int i = 0;
        // Vector path for the common case (no AMSGrad): the same IEEE operations in the same order per element as
        // the scalar loop below, so both give bit-identical results; only the width differs.
        if (!ams && Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            int w = Vector<T>.Count;
            var vb1 = new Vector<T>(b1); var vc1 = new Vector<T>(c1); var vb2 = new Vector<T>(b2); var vc2 = new Vector<T>(c2);
            var vwd = new Vector<T>(wd); var veps = new Vector<T>(eps); var vneg = new Vector<T>(negStep); var vbc2 = new Vector<T>(bc2);
            var vdecay = new Vector<T>(decay);
            for (; i + w <= p.Length; i += w)
            {
                var pi = new Vector<T>(p.Slice(i));
                if (decoupled) pi *= vdecay;
                var gi = new Vector<T>(g.Slice(i));
                if (l2) gi += vwd * pi;
                var mi = new Vector<T>(m.Slice(i)) * vb1 + vc1 * gi;
                var vi = new Vector<T>(v.Slice(i)) * vb2 + vc2 * gi * gi;
                mi.CopyTo(m.Slice(i)); vi.CopyTo(v.Slice(i));
                var denom = Vector.SquareRoot(vi) / vbc2 + veps;
                (pi + vneg * mi / denom).CopyTo(p.Slice(i));
            }
        }
        for (; i < p.Length; i++)
        {
            T pi = p[i];
            if (decoupled) pi *= decay;
            T gi = g[i];
            if (l2) gi += wd * pi;
            T mi = m[i] * b1 + c1 * gi;
            T vi = v[i] * b2 + c2 * gi * gi;
            m[i] = mi; v[i] = vi;
            if (ams) { vi = T.Max(vmax[i], vi); vmax[i] = vi; }
            T denom = T.Sqrt(vi) / bc2 + eps;
            p[i] = pi + negStep * mi / denom;
        }
    }
}
