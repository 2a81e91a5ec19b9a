using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Glassbox.Kernels;

/// <summary>
/// The elementwise part of one time step of a recurrent cell, forward and backward, over a [rows, gates·H] block of
/// pre-activations: everything of the step except the two matrix products, which the caller runs as GEMMs.
/// </summary>
/// <remarks>
/// <para>
/// Gate order is PyTorch's: LSTM (i, f, g, o), GRU (r, z, n). Each row of <c>gates</c> holds the pre-activations
/// x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh (for GRU, only the input half x·W_ihᵀ + b_ih; the hidden half arrives separately
/// because the reset gate multiplies W_hn·h + b_hn before it is added). The forward overwrites the pre-activations
/// with the activations in place, which is exactly what the backward needs: the derivatives of σ and tanh are
/// written in terms of their outputs, σ' = σ(1 − σ) and tanh' = 1 − tanh².
/// </para>
/// <para>
/// The forward applies σ and tanh with <see cref="TensorPrimitives"/> over whole gate blocks (vectorised exp); the
/// backward has no transcendental functions and is one <see cref="Vector{T}"/> pass per row. <see cref="Reference"/>
/// holds the same math written one scalar at a time, in double, for the sweep test.
/// </para>
/// </remarks>
internal static class RecurrentKernels
{
    /// <summary>
    /// LSTM step. In: <paramref name="gates"/> [rows, 4H] pre-activations, <paramref name="cPrev"/> [rows, H].
    /// Out: gates hold (σ(i), σ(f), tanh(g), σ(o)); c = f⊙c_prev + i⊙g; tanhC = tanh(c); h = o⊙tanh(c).
    /// </summary>
    public static void LstmForward<T>(Span<T> gates, ReadOnlySpan<T> cPrev, Span<T> c, Span<T> tanhC, Span<T> h, int rows, int hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int H = hidden, G = 4 * hidden;
        for (int r = 0; r < rows; r++)
        {
            var g = gates.Slice(r * G, G);
            TensorPrimitives.Sigmoid(g[..(2 * H)], g[..(2 * H)]);
            TensorPrimitives.Tanh(g.Slice(2 * H, H), g.Slice(2 * H, H));
            TensorPrimitives.Sigmoid(g.Slice(3 * H, H), g.Slice(3 * H, H));
            var cr = c.Slice(r * H, H);
            TensorPrimitives.Multiply(g.Slice(H, H), cPrev.Slice(r * H, H), cr);
            TensorPrimitives.FusedMultiplyAdd(g[..H], g.Slice(2 * H, H), cr, cr);
            var tc = tanhC.Slice(r * H, H);
            TensorPrimitives.Tanh(cr, tc);
            TensorPrimitives.Multiply(g.Slice(3 * H, H), tc, h.Slice(r * H, H));
        }
    }

    /// <summary>
    /// LSTM step backward. In: activations <paramref name="acts"/> [rows, 4H], tanh(c) and c_prev [rows, H], ∂L/∂h
    /// <paramref name="dh"/> and ∂L/∂c <paramref name="dc"/> (from the later steps) [rows, H].
    /// Out: <paramref name="dGates"/> [rows, 4H] (∂L/∂ pre-activations) and ∂L/∂c_prev.
    /// </summary>
    /// <remarks>
    /// With ĉ = dc + dh⊙o⊙(1 − tanh²c): d_o = dh⊙tanh(c)⊙o(1 − o), d_i = ĉ⊙g⊙i(1 − i), d_f = ĉ⊙c_prev⊙f(1 − f),
    /// d_g = ĉ⊙i⊙(1 − g²), ∂L/∂c_prev = ĉ⊙f.
    /// </remarks>
    public static void LstmBackward<T>(Span<T> dGates, Span<T> dcPrev, ReadOnlySpan<T> acts, ReadOnlySpan<T> tanhC, ReadOnlySpan<T> cPrev,
        ReadOnlySpan<T> dh, ReadOnlySpan<T> dc, int rows, int hidden) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int H = hidden, G = 4 * hidden, W = Vector<T>.Count;
        var one = Vector<T>.One;
        for (int r = 0; r < rows; r++)
        {
            var a = acts.Slice(r * G, G);
            var d = dGates.Slice(r * G, G);
            var tc = tanhC.Slice(r * H, H);
            var cp = cPrev.Slice(r * H, H);
            var dhr = dh.Slice(r * H, H);
            var dcr = dc.Slice(r * H, H);
            var dcp = dcPrev.Slice(r * H, H);
            int j = 0;
            for (; j <= H - W; j += W)
            {
                var i = new Vector<T>(a[j..]);
                var f = new Vector<T>(a[(H + j)..]);
                var g = new Vector<T>(a[(2 * H + j)..]);
                var o = new Vector<T>(a[(3 * H + j)..]);
                var t = new Vector<T>(tc[j..]);
                var vdh = new Vector<T>(dhr[j..]);
                var ch = new Vector<T>(dcr[j..]) + vdh * o * (one - t * t);
                (vdh * t * o * (one - o)).CopyTo(d[(3 * H + j)..]);
                (ch * g * i * (one - i)).CopyTo(d[j..]);
                (ch * new Vector<T>(cp[j..]) * f * (one - f)).CopyTo(d[(H + j)..]);
                (ch * i * (one - g * g)).CopyTo(d[(2 * H + j)..]);
                (ch * f).CopyTo(dcp[j..]);
            }
            for (; j < H; j++)
            {
                T i = a[j], f = a[H + j], g = a[2 * H + j], o = a[3 * H + j], t = tc[j];
                T ch = dcr[j] + dhr[j] * o * (T.One - t * t);
                d[3 * H + j] = dhr[j] * t * o * (T.One - o);
                d[j] = ch * g * i * (T.One - i);
                d[H + j] = ch * cp[j] * f * (T.One - f);
                d[2 * H + j] = ch * i * (T.One - g * g);
                dcp[j] = ch * f;
            }
        }
    }

    /// <summary>
    /// GRU step. In: <paramref name="gates"/> [rows, 3H] = x·W_ihᵀ + b_ih, <paramref name="hiddenGates"/> [rows, 3H] =
    /// h_prev·W_hhᵀ + b_hh, <paramref name="hPrev"/> [rows, H]. Out: gates hold (r, z, n) with r = σ(·), z = σ(·),
    /// n = tanh(x_n + r⊙(W_hn h + b_hn)); h = (1 − z)⊙n + z⊙h_prev = n + z⊙(h_prev − n).
    /// </summary>
    public static void GruForward<T>(Span<T> gates, ReadOnlySpan<T> hiddenGates, ReadOnlySpan<T> hPrev, Span<T> h, int rows, int hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int H = hidden, G = 3 * hidden;
        for (int r = 0; r < rows; r++)
        {
            var g = gates.Slice(r * G, G);
            var gh = hiddenGates.Slice(r * G, G);
            TensorPrimitives.Add(g[..(2 * H)], gh[..(2 * H)], g[..(2 * H)]);
            TensorPrimitives.Sigmoid(g[..(2 * H)], g[..(2 * H)]);
            var n = g.Slice(2 * H, H);
            TensorPrimitives.FusedMultiplyAdd(g[..H], gh.Slice(2 * H, H), n, n);
            TensorPrimitives.Tanh(n, n);
            var hr = h.Slice(r * H, H);
            TensorPrimitives.Subtract(hPrev.Slice(r * H, H), n, hr);
            TensorPrimitives.FusedMultiplyAdd(g.Slice(H, H), hr, n, hr);
        }
    }

    /// <summary>
    /// GRU step backward. In: activations (r, z, n) [rows, 3H], the hidden pre-activation block
    /// <paramref name="hiddenGates"/> [rows, 3H] (only its n part, W_hn h + b_hn, is read), h_prev and ∂L/∂h [rows, H].
    /// Out: <paramref name="dInput"/> = ∂L/∂(x·W_ihᵀ + b_ih), <paramref name="dHidden"/> = ∂L/∂(h·W_hhᵀ + b_hh), both
    /// [rows, 3H], and <paramref name="dhPrev"/> = the direct part z⊙dh of ∂L/∂h_prev (the caller adds dHidden·W_hh).
    /// </summary>
    /// <remarks>
    /// d_n = dh⊙(1 − z)⊙(1 − n²); d_z = dh⊙(h_prev − n)⊙z(1 − z); d_r = d_n⊙(W_hn h + b_hn)⊙r(1 − r). The input side
    /// receives (d_r, d_z, d_n); the hidden side (d_r, d_z, d_n⊙r), because r scales the hidden n term.
    /// </remarks>
    public static void GruBackward<T>(Span<T> dInput, Span<T> dHidden, Span<T> dhPrev, ReadOnlySpan<T> acts, ReadOnlySpan<T> hiddenGates,
        ReadOnlySpan<T> hPrev, ReadOnlySpan<T> dh, int rows, int hidden) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int H = hidden, G = 3 * hidden, W = Vector<T>.Count;
        var one = Vector<T>.One;
        for (int row = 0; row < rows; row++)
        {
            var a = acts.Slice(row * G, G);
            var ghn = hiddenGates.Slice(row * G + 2 * H, H);
            var di = dInput.Slice(row * G, G);
            var dhd = dHidden.Slice(row * G, G);
            var hp = hPrev.Slice(row * H, H);
            var dhr = dh.Slice(row * H, H);
            var dp = dhPrev.Slice(row * H, H);
            int j = 0;
            for (; j <= H - W; j += W)
            {
                var r = new Vector<T>(a[j..]);
                var z = new Vector<T>(a[(H + j)..]);
                var n = new Vector<T>(a[(2 * H + j)..]);
                var d = new Vector<T>(dhr[j..]);
                var dn = d * (one - z) * (one - n * n);
                var dz = d * (new Vector<T>(hp[j..]) - n) * z * (one - z);
                var dr = dn * new Vector<T>(ghn[j..]) * r * (one - r);
                dr.CopyTo(di[j..]); dr.CopyTo(dhd[j..]);
                dz.CopyTo(di[(H + j)..]); dz.CopyTo(dhd[(H + j)..]);
                dn.CopyTo(di[(2 * H + j)..]); (dn * r).CopyTo(dhd[(2 * H + j)..]);
                (d * z).CopyTo(dp[j..]);
            }
            for (; j < H; j++)
            {
                T r = a[j], z = a[H + j], n = a[2 * H + j], d = dhr[j];
                T dn = d * (T.One - z) * (T.One - n * n);
                T dz = d * (hp[j] - n) * z * (T.One - z);
                T dr = dn * ghn[j] * r * (T.One - r);
                di[j] = dhd[j] = dr;
                di[H + j] = dhd[H + j] = dz;
                di[2 * H + j] = dn; dhd[2 * H + j] = dn * r;
                dp[j] = d * z;
            }
        }
    }

    /// <summary>Elman step: <paramref name="gates"/> [rows, H] pre-activations become h = tanh(·) or relu(·), in place.</summary>
    public static void RnnForward<T>(Span<T> gates, bool relu) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (relu) TensorPrimitives.Max(gates, T.Zero, gates);
        else TensorPrimitives.Tanh(gates, gates);
    }

    /// <summary>Elman step backward: ∂L/∂pre = dh⊙(1 − h²) for tanh, dh⊙[h &gt; 0] for relu.</summary>
    public static void RnnBackward<T>(Span<T> dGates, ReadOnlySpan<T> h, ReadOnlySpan<T> dh, bool relu) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!relu)
        {
            TensorPrimitives.Multiply(h, h, dGates);
            TensorPrimitives.Subtract(T.One, dGates, dGates);
            TensorPrimitives.Multiply(dGates, dh, dGates);
            return;
        }
        for (int j = 0; j < dGates.Length; j++) dGates[j] = h[j] > T.Zero ? dh[j] : T.Zero;
    }

    /// <summary>
    /// Naive references of the kernels above, one element at a time in double, straight from the cell equations
    /// (pre-activations in, not yet activated), for the sweep test.
    /// </summary>
    internal static class Reference
    {
        private static double Sig(double v) => 1 / (1 + Math.Exp(-v));

        /// <summary>LSTM step from pre-activations <paramref name="pre"/> [rows, 4H]: returns (acts, c, h).</summary>
        public static (double[] Acts, double[] C, double[] H) Lstm(double[] pre, double[] cPrev, int rows, int hidden)
        {
            int H = hidden;
            var acts = new double[pre.Length];
            var c = new double[rows * H];
            var h = new double[rows * H];
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < H; j++)
                {
                    int b = r * 4 * H;
                    double i = Sig(pre[b + j]), f = Sig(pre[b + H + j]), g = Math.Tanh(pre[b + 2 * H + j]), o = Sig(pre[b + 3 * H + j]);
                    (acts[b + j], acts[b + H + j], acts[b + 2 * H + j], acts[b + 3 * H + j]) = (i, f, g, o);
                    c[r * H + j] = f * cPrev[r * H + j] + i * g;
                    h[r * H + j] = o * Math.Tanh(c[r * H + j]);
                }
            return (acts, c, h);
        }

        /// <summary>
        /// LSTM step backward by the chain rule through h = o·tanh(f·c_prev + i·g), derived element by element.
        /// </summary>
        public static (double[] DPre, double[] DcPrev) LstmBackward(double[] pre, double[] cPrev, double[] dh, double[] dc, int rows, int hidden)
        {
            int H = hidden;
            var dpre = new double[pre.Length];
            var dcp = new double[rows * H];
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < H; j++)
                {
                    int b = r * 4 * H, k = r * H + j;
                    double i = Sig(pre[b + j]), f = Sig(pre[b + H + j]), g = Math.Tanh(pre[b + 2 * H + j]), o = Sig(pre[b + 3 * H + j]);
                    double c = f * cPrev[k] + i * g, tc = Math.Tanh(c);
                    double dcTot = dc[k] + dh[k] * o * (1 - tc * tc);
                    dpre[b + 3 * H + j] = dh[k] * tc * o * (1 - o);
                    dpre[b + j] = dcTot * g * i * (1 - i);
                    dpre[b + H + j] = dcTot * cPrev[k] * f * (1 - f);
                    dpre[b + 2 * H + j] = dcTot * i * (1 - g * g);
                    dcp[k] = dcTot * f;
                }
            return (dpre, dcp);
        }

        /// <summary>GRU step from the input and hidden pre-activations [rows, 3H]: returns h.</summary>
        public static double[] Gru(double[] gi, double[] gh, double[] hPrev, int rows, int hidden)
        {
            int H = hidden;
            var h = new double[rows * H];
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < H; j++)
                {
                    int b = r * 3 * H, k = r * H + j;
                    double rr = Sig(gi[b + j] + gh[b + j]), z = Sig(gi[b + H + j] + gh[b + H + j]);
                    double n = Math.Tanh(gi[b + 2 * H + j] + rr * gh[b + 2 * H + j]);
                    h[k] = (1 - z) * n + z * hPrev[k];
                }
            return h;
        }

        /// <summary>GRU step backward: (∂L/∂gi, ∂L/∂gh, ∂L/∂h_prev including only the direct z⊙dh path).</summary>
        public static (double[] Dgi, double[] Dgh, double[] DhPrev) GruBackward(double[] gi, double[] gh, double[] hPrev, double[] dh, int rows, int hidden)
        {
            int H = hidden;
            var dgi = new double[gi.Length];
            var dgh = new double[gh.Length];
            var dhp = new double[rows * H];
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < H; j++)
                {
                    int b = r * 3 * H, k = r * H + j;
                    double rr = Sig(gi[b + j] + gh[b + j]), z = Sig(gi[b + H + j] + gh[b + H + j]);
                    double n = Math.Tanh(gi[b + 2 * H + j] + rr * gh[b + 2 * H + j]);
                    double dn = dh[k] * (1 - z), dnPre = dn * (1 - n * n);
                    double dzPre = dh[k] * (hPrev[k] - n) * z * (1 - z);
                    double drPre = dnPre * gh[b + 2 * H + j] * rr * (1 - rr);
                    dgi[b + j] = dgh[b + j] = drPre;
                    dgi[b + H + j] = dgh[b + H + j] = dzPre;
                    dgi[b + 2 * H + j] = dnPre;
                    dgh[b + 2 * H + j] = dnPre * rr;
                    dhp[k] = dh[k] * z;
                }
            return (dgi, dgh, dhp);
        }
    }

    /// <summary>C = op(A)·op(B) + β·C for either float type, dispatching to <see cref="Gemm.Sgemm"/> or <see cref="Gemm.Dgemm"/>.</summary>
    internal static void Mm<T>(Span<T> c, int ldc, ReadOnlySpan<T> a, int lda, bool transA, ReadOnlySpan<T> b, int ldb, bool transB,
        int m, int n, int k, bool accumulate) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Gemm.Sgemm(MemoryMarshal.Cast<T, float>(c), ldc, MemoryMarshal.Cast<T, float>(a), lda, transA, MemoryMarshal.Cast<T, float>(b), ldb, transB,
                m, n, k, 1f, accumulate ? 1f : 0f);
        else
            Gemm.Dgemm(MemoryMarshal.Cast<T, double>(c), ldc, MemoryMarshal.Cast<T, double>(a), lda, transA, MemoryMarshal.Cast<T, double>(b), ldb, transB,
                m, n, k, 1.0, accumulate ? 1.0 : 0.0);
    }
}
