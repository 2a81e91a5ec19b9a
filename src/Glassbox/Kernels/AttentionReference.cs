namespace Glassbox.Kernels;

/// <summary>
/// Scaled dot-product attention written the obvious way, in float64 loops over the full [L, S] score matrix: the
/// reference that <see cref="AttentionKernels"/> (online softmax, tiles, GEMM, two backward passes) is tested against.
/// Same layout: q [B, L, E], k [B, S, E], v [B, S, Ev] row-major; the optional mask is a full [B, L, S] additive array.
/// </summary>
/// <remarks>Slow on purpose and never used outside tests. Backward with P = softmax(S), G = ∂L/∂O:
/// dV = PᵀG, dP = GVᵀ, dS_ij = P_ij·(dP_ij − Σ_k P_ik dP_ik), dQ = scale·dS·K, dK = scale·dSᵀ·Q; a score that is −∞
/// gets dS = 0 (nothing can move it), which also covers the NaN of a fully blocked row.</remarks>
internal static class AttentionReference
{
    /// <summary>The attention probabilities P [B, L, S] (rows of −∞ scores give NaN).</summary>
    public static double[] Probabilities(double[] q, double[] k, int batch, int l, int s, int e, double scale, bool causal, double[]? mask)
    {
        var p = new double[batch * l * s];
        var row = new double[s];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < l; i++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < s; j++)
                {
                    double dot = 0;
                    for (int c = 0; c < e; c++) dot += q[(b * l + i) * e + c] * k[(b * s + j) * e + c];
                    row[j] = dot * scale + (mask?[(b * l + i) * s + j] ?? 0) + (causal && j > i ? double.NegativeInfinity : 0);
                    max = Math.Max(max, row[j]);
                }
                double sum = 0;
                for (int j = 0; j < s; j++) sum += row[j] = Math.Exp(row[j] - max);
                for (int j = 0; j < s; j++) p[(b * l + i) * s + j] = row[j] / sum;
            }
        return p;
    }

    /// <summary>out [B, L, Ev] = P·V.</summary>
    public static double[] Forward(double[] q, double[] k, double[] v, int batch, int l, int s, int e, int ev, double scale, bool causal, double[]? mask)
    {
        var p = Probabilities(q, k, batch, l, s, e, scale, causal, mask);
        var o = new double[batch * l * ev];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < l; i++)
                for (int c = 0; c < ev; c++)
                {
                    double acc = 0;
                    for (int j = 0; j < s; j++) acc += p[(b * l + i) * s + j] * v[(b * s + j) * ev + c];
                    o[(b * l + i) * ev + c] = acc;
                }
        return o;
    }

    /// <summary>Gradients of Σ out·g with respect to q, k and v.</summary>
    public static (double[] Dq, double[] Dk, double[] Dv) Backward(double[] q, double[] k, double[] v, double[] g, int batch, int l, int s,
        int e, int ev, double scale, bool causal, double[]? mask)
    {
        var p = Probabilities(q, k, batch, l, s, e, scale, causal, mask);
        var (dq, dk, dv) = (new double[q.Length], new double[k.Length], new double[v.Length]);
        var dp = new double[s];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < l; i++)
            {
                int pr = (b * l + i) * s;
                double dot = 0;
                for (int j = 0; j < s; j++)
                {
                    double acc = 0;
                    for (int c = 0; c < ev; c++)
                    {
                        acc += g[(b * l + i) * ev + c] * v[(b * s + j) * ev + c];
                        dv[(b * s + j) * ev + c] += p[pr + j] * g[(b * l + i) * ev + c];
                    }
                    dp[j] = acc;
                    if (!Blocked(b, i, j)) dot += p[pr + j] * acc;
                }
                for (int j = 0; j < s; j++)
                {
                    if (Blocked(b, i, j)) continue;
                    double ds = p[pr + j] * (dp[j] - dot) * scale;
                    for (int c = 0; c < e; c++)
                    {
                        dq[(b * l + i) * e + c] += ds * k[(b * s + j) * e + c];
                        dk[(b * s + j) * e + c] += ds * q[(b * l + i) * e + c];
                    }
                }
            }
        return (dq, dk, dv);

        bool Blocked(int b, int i, int j) => (causal && j > i) || (mask is not null && double.IsNegativeInfinity(mask[(b * l + i) * s + j]));
    }
}
