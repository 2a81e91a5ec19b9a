using Glassbox.Kernels;

namespace Glassbox.ML.Linear;

/// <summary>
/// The smooth part of logistic regression's objective and its gradient, for parameters θ = [W (K×p row-major), b (K)]:
/// f(θ) = C·Σᵢ sᵢ·ℓᵢ + ½·l2·‖W‖² (b never penalised), with sample weights sᵢ (1 when none).
/// </summary>
/// <remarks>
/// Binary (K = 1): zᵢ = xᵢ·w + b, ℓᵢ = log(1 + e^{−sᵢzᵢ}) with sᵢ = ±1; ∂ℓᵢ/∂zᵢ = σ(zᵢ) − yᵢ.
/// Multinomial (K ≥ 3): zᵢₖ = xᵢ·Wₖ + bₖ, ℓᵢ = logΣₖe^{zᵢₖ} − zᵢ,yᵢ; ∂ℓᵢ/∂zᵢₖ = softmax(zᵢ)ₖ − [k = yᵢ].
/// Both are evaluated in overflow-safe forms (log1p(e^{−|z|}), max-shifted log-sum-exp). Rows are processed in
/// parallel chunks with private gradient accumulators, summed in chunk order so results are deterministic.
/// </remarks>
internal sealed class LogisticLoss(double[] x, int n, int p, int[] y, int k, bool intercept, double c, double l2, double[]? sampleWeight = null)
{
    /// <summary>Number of parameters: K·p weights then K intercepts (zeros when no intercept is fitted).</summary>
    public int Size => k * p + k;

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> grad)
    {
        var th = theta.ToArray();
        int chunks = Math.Max(1, Math.Min(Par.MaxThreads, n / 512));
        if (chunks == 1)
        {
            grad.Clear();
            var g1 = new double[Size];
            double f1 = Chunk(th, g1, 0, n);
            return Finish(f1, g1, th, grad);
        }
        int per = (n + chunks - 1) / chunks;
        var partG = new double[chunks][];
        var partF = new double[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Par.MaxThreads }, ch =>
        {
            int s = ch * per, e = Math.Min(n, s + per);
            var g = new double[Size];
            partF[ch] = Chunk(th, g, s, e);
            partG[ch] = g;
        });
        grad.Clear();
        double f = 0;
        for (int ch = 0; ch < chunks; ch++)
        {
            f += partF[ch];
            var g = partG[ch];
            for (int i = 0; i < g.Length; i++) grad[i] += g[i];
        }
        return Finish(f, grad.ToArray(), th, grad);
    }

    private double Finish(double f, double[] sum, double[] th, Span<double> grad)
    {
        f *= c;
        for (int i = 0; i < Size; i++) grad[i] = sum[i] * c;
        for (int i = 0; i < k * p; i++) { f += 0.5 * l2 * th[i] * th[i]; grad[i] += l2 * th[i]; }
        if (!intercept) for (int i = k * p; i < Size; i++) grad[i] = 0;
        return f;
    }

    private double Chunk(double[] th, double[] g, int start, int end)
    {
        double f = 0;
        var z = new double[k];
        for (int i = start; i < end; i++)
        {
            var xi = x.AsSpan(i * p, p);
            for (int q = 0; q < k; q++) z[q] = DenseMath.Dot(xi, th.AsSpan(q * p, p)) + th[k * p + q];
            if (k == 1)
            {
                double zi = z[0];
                double yi = y[i];
                // log(1 + e^{−s z}) = max(−s z, 0) + log1p(e^{−|z|})
                double sz = yi == 1 ? zi : -zi;
                f += (sampleWeight is null ? 1.0 : sampleWeight[i]) * (Math.Max(-sz, 0) + Math.Log(1 + Math.Exp(-Math.Abs(sz))));
                double sig = zi >= 0 ? 1 / (1 + Math.Exp(-zi)) : Math.Exp(zi) / (1 + Math.Exp(zi));
                z[0] = sig - yi;
            }
            else
            {
                double m = z[0], sum = 0;
                for (int q = 1; q < k; q++) m = Math.Max(m, z[q]);
                for (int q = 0; q < k; q++) sum += Math.Exp(z[q] - m);
                double lse = m + Math.Log(sum);
                f += (sampleWeight is null ? 1.0 : sampleWeight[i]) * (lse - z[y[i]]);
                for (int q = 0; q < k; q++) z[q] = Math.Exp(z[q] - lse);
                z[y[i]] -= 1;
            }
            double wi = sampleWeight is null ? 1.0 : sampleWeight[i];
            for (int q = 0; q < k; q++)
            {
                double r = wi * z[q];
                if (r == 0) continue;
                var gq = g.AsSpan(q * p, p);
                // gq += r·xᵢ, vectorised (unfused multiply then add, so the same bits as the scalar loop)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(xi, r, gq, gq);
                g[k * p + q] += r;
            }
        }
        return f;
    }
}
