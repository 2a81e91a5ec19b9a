namespace Glassbox.NN;

/// <summary>
/// TEMPORARY composites of Tensor ops that are being written on other branches (opsmath: activations,
/// softmax family, logsumexp; opsshape: embedding), so that the NN modules build and are tested now.
/// </summary>
/// <remarks>
/// These are C# 14 extension members, which the compiler only picks when <see cref="Tensor"/> itself has no
/// applicable member. Once the real ops are merged they take over automatically, and this file is deleted.
/// They are written from existing differentiable ops (so autograd comes for free), trading speed for brevity.
/// </remarks>
internal static class PendingOps
{
    extension(Tensor x)
    {
        /// <summary>x for x &gt; 0, slope·x otherwise (<c>leaky_relu</c>).</summary>
        public Tensor LeakyRelu(double negativeSlope = 0.01) => Tensor.Where(x.Gt(0.0), x, x * negativeSlope);

        /// <summary>x for x &gt; 0, α(eˣ − 1) otherwise (<c>elu</c>). exp of min(x, 0) keeps the unused branch finite.</summary>
        public Tensor Elu(double alpha = 1.0) => Tensor.Where(x.Gt(0.0), x, alpha * (x.Minimum(Tensor.ZerosLike(x)).Exp() - 1.0));

        /// <summary>x·σ(x) (<c>silu</c>).</summary>
        public Tensor Silu() => x * x.Sigmoid();

        /// <summary>ln(1 + x) (<c>log1p</c>), naive.</summary>
        public Tensor Log1p() => (x + 1.0).Log();

        /// <summary>log(1 + e^{βx})/β, x where βx &gt; threshold (<c>softplus</c>).</summary>
        public Tensor Softplus(double beta = 1, double threshold = 20)
        {
            var bx = x * beta;
            var safe = bx.Minimum(Tensor.Full([], threshold, x.DType));
            return Tensor.Where(bx.Gt(threshold), x, (safe.Exp() + 1.0).Log() / beta);
        }

        /// <summary>Clamps into [min, max] (<c>clamp</c>).</summary>
        public Tensor Clamp(double? min = null, double? max = null)
        {
            var y = x;
            if (min is double lo) y = y.Maximum(Tensor.Full([], lo, x.DType));
            if (max is double hi) y = y.Minimum(Tensor.Full([], hi, x.DType));
            return y;
        }

        /// <summary>log Σ exp over <paramref name="dim"/>, shifted by the (constant) max for stability.</summary>
        public Tensor LogSumExp(int dim, bool keepDim = false)
        {
            int d = ShapeUtil.WrapDim(dim, x.NDim, "logsumexp");
            var m = MaxRaw(x, d);
            var r = (x - m).Exp().Sum(d, keepDim: true).Log() + m;
            return keepDim ? r : r.Squeeze(d);
        }

        /// <summary>x − logsumexp(x) along <paramref name="dim"/>.</summary>
        public Tensor LogSoftmax(int dim) => x - x.LogSumExp(dim, keepDim: true);

        /// <summary>exp(log_softmax).</summary>
        public Tensor Softmax(int dim) => x.LogSoftmax(dim).Exp();

        /// <summary>GELU, exact x·Φ(x) or the tanh approximation.</summary>
        public Tensor Gelu(string approximate = "none")
        {
            if (approximate == "tanh")
                return 0.5 * x * (1.0 + (Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)).Tanh());
            return 0.5 * x * (1.0 + Erf(x * (1 / Math.Sqrt(2))));
        }
    }

    extension(Tensor)
    {
        /// <summary>weight[indices] as [*, dim], via a one-hot matrix product (O(n·num·dim); the real op gathers).</summary>
        public static Tensor Embedding(Tensor indices, Tensor weight)
        {
            int num = weight.Shape[0];
            var oneHot = indices.Unsqueeze(-1).Eq(Tensor.Arange(num)).To(weight.DType);
            return oneHot.MatMul(weight);
        }
    }

    private static Tensor MaxRaw(Tensor x, int d)
    {
        var src = x.Detach().ContiguousRaw();
        var outShape = x.ShapeToArray(); outShape[d] = 1;
        int outer = 1, n = x.Shape[d], inner = 1;
        for (int i = 0; i < d; i++) outer *= x.Shape[i];
        for (int i = d + 1; i < x.NDim; i++) inner *= x.Shape[i];
        var v = src.ToDoubleArray();
        var r = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double m = double.NegativeInfinity;
                for (int k = 0; k < n; k++) m = Math.Max(m, v[(o * n + k) * inner + i]);
                r[o * inner + i] = double.IsInfinity(m) ? 0 : m;
            }
        return Tensor.FromArray(r, outShape).To(x.DType);
    }

    private static Tensor Erf(Tensor x)
    {
        var y = Tensor.UnaryRaw(x, "erf",
            (s, d) => { for (int i = 0; i < s.Length; i++) d[i] = (float)ErfScalar(s[i]); },
            (s, d) => { for (int i = 0; i < s.Length; i++) d[i] = ErfScalar(s[i]); });
        return Tensor.Record(y, "erf", [x], g => [g * (2 / Math.Sqrt(Math.PI)) * (-(x * x)).Exp()], x);
    }

    // erf x = (2/√π)·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)): every term positive, so no cancellation.
    private static double ErfScalar(double x)
    {
        double a = Math.Abs(x);
        if (a >= 6) return Math.Sign(x);
        double term = a, sum = a;
        for (int n = 1; n < 500 && term > 1e-17 * sum; n++) { term *= 2 * a * a / (2 * n + 1); sum += term; }
        return Math.Sign(x) * 2 / Math.Sqrt(Math.PI) * Math.Exp(-a * a) * sum;
    }
}
