using System.Numerics;
using Glassbox.Kernels;
using K = Glassbox.Kernels.RecurrentKernels;

namespace Glassbox.NN;

// The fused recurrence: the whole sequence of one direction of one layer is a single autograd node.
internal static partial class Recurrence
{
    /// <summary>
    /// Runs one direction over the whole sequence with GEMMs and the fused gate kernels of
    /// <see cref="RecurrentKernels"/>, recorded as one autograd node whose backward is backpropagation through time.
    /// Same contract and results (up to rounding) as <see cref="Composed"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Forward: X_p = X·W_ihᵀ + b is one [T·B, in]×[in, G·H] GEMM for every step at once (b = b_ih + b_hh, except for
    /// the GRU, whose b_hh must stay inside the reset-gated term); then per step one [B, P]×[P, G·H] GEMM adds
    /// h_{t−1}·W_hhᵀ and the gate kernel turns the block into activations and the new state. The activations, the
    /// states entering each step and (LSTM) tanh(c_t) are kept for the backward, which is why the forward costs
    /// O(T·B·G·H) memory.
    /// </para>
    /// <para>
    /// Backward walks the steps in reverse: the gate kernel's backward turns ∂L/∂h_t (the output's gradient plus what
    /// flows back from step t + 1) into ∂L/∂gates_t, and ∂L/∂h_{t−1} = ∂L/∂gates_t·W_hh is the only matrix product
    /// inside the loop. Everything that sums over time is done once at the end with the gate gradients of all steps
    /// stacked: ∂L/∂X = dG·W_ih, ∂L/∂W_ih = dGᵀ·X, ∂L/∂W_hh = dGᵀ·H_prev, ∂L/∂b = Σ_rows dG (and with a projection
    /// ∂L/∂W_hr = dHᵀ·H_unprojected) — five large GEMMs instead of 3T small ones.
    /// </para>
    /// <para>
    /// The three results (outputs, h_n, c_n) are views of one flat tensor that carries the node, so a loss that uses
    /// any subset of them back-propagates through the same node once.
    /// </para>
    /// </remarks>
    public static (Tensor Y, Tensor H, Tensor? C) Fused(RecurrentKind kind, Tensor x, DirectionWeights w, Tensor h0, Tensor? c0, int[]? lengths, bool reverse)
    {
        return x.DType == DType.Float32
            ? FusedCore<float>(kind, x, w, h0, c0, lengths, reverse)
            : FusedCore<double>(kind, x, w, h0, c0, lengths, reverse);
    }

    private static (Tensor Y, Tensor H, Tensor? C) FusedCore<T>(RecurrentKind kind, Tensor x, DirectionWeights w, Tensor h0, Tensor? c0, int[]? lengths, bool reverse)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = x.Shape[0], B = x.Shape[1], I = x.Shape[2];
        int GH = w.Wih.Shape[0], H = GH / Gates(kind), P = w.Whh.Shape[1];
        bool lstm = kind == RecurrentKind.Lstm, gru = kind == RecurrentKind.Gru, relu = kind == RecurrentKind.RnnRelu;
        bool proj = w.Whr is not null;
        var xc = x.ContiguousRaw();
        var wih = w.Wih.ContiguousRaw().Span<T>().ToArray();
        var whh = w.Whh.ContiguousRaw().Span<T>().ToArray();
        var whr = proj ? w.Whr!.ContiguousRaw().Span<T>().ToArray() : null;
        var bih = w.Bih?.ContiguousRaw().Span<T>().ToArray();
        var bhh = w.Bhh?.ContiguousRaw().Span<T>().ToArray();
        int rows = steps * B;

        // acts: X_p, then (per step, in place) the activations. b_hh joins the input bias except for the GRU.
        var acts = new T[rows * GH];
        var bias = new T[GH];
        if (bih is not null) bih.CopyTo(bias, 0);
        if (bhh is not null && !gru) for (int j = 0; j < GH; j++) bias[j] += bhh[j];
        for (int r = 0; r < rows; r++) bias.CopyTo(acts, r * GH);
        K.Mm<T>(acts, GH, xc.Span<T>(), I, false, wih, I, true, rows, GH, I, accumulate: true);

        var hPrevAll = new T[rows * P];                 // state entering step t, per t
        var cPrevAll = lstm ? new T[rows * H] : null;
        var tanhC = lstm ? new T[rows * H] : null;
        var hidAll = gru ? new T[rows * GH] : null;     // GRU: h·W_hhᵀ + b_hh, per t
        var huAll = proj ? new T[rows * H] : null;      // LSTM with projection: o⊙tanh(c) before W_hr
        var hcur = h0.ContiguousRaw().Span<T>().ToArray();
        var ccur = lstm ? c0!.ContiguousRaw().Span<T>().ToArray() : null;
        int total = rows * P + B * P + (lstm ? B * H : 0);
        var packed = new Tensor([total], x.DType);
        var ys = packed.Span<T>();

        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            var g = acts.AsSpan(t * B * GH, B * GH);
            var hp = hPrevAll.AsSpan(t * B * P, B * P);
            hcur.CopyTo(hp);
            var y = ys.Slice(t * B * P, B * P);
            var hu = proj ? huAll.AsSpan(t * B * H, B * H) : y;
            if (gru)
            {
                var gh = hidAll.AsSpan(t * B * GH, B * GH);
                for (int b = 0; b < B; b++) if (bhh is not null) bhh.CopyTo(gh.Slice(b * GH, GH)); else gh.Slice(b * GH, GH).Clear();
                K.Mm<T>(gh, GH, hp, P, false, whh, P, true, B, GH, P, accumulate: true);
                K.GruForward<T>(g, gh, hp, hu, B, H);
            }
            else
            {
                K.Mm<T>(g, GH, hp, P, false, whh, P, true, B, GH, P, accumulate: true);
                if (lstm)
                {
                    var cp = cPrevAll.AsSpan(t * B * H, B * H);
                    ccur.CopyTo(cp);
                    K.LstmForward<T>(g, cp, ccur, tanhC.AsSpan(t * B * H, B * H), hu, B, H);
                }
                else { K.RnnForward(g, relu); g.CopyTo(hu); }
            }
            if (proj) K.Mm<T>(y, P, hu, H, false, whr, H, true, B, P, H, accumulate: false);
            for (int b = 0; b < B; b++)
            {
                if (lengths is null || t < lengths[b]) { y.Slice(b * P, P).CopyTo(hcur.AsSpan(b * P, P)); continue; }
                // inactive: the state passes through untouched and the output is zero
                y.Slice(b * P, P).Clear();
                if (proj) hu.Slice(b * H, H).Clear();
                if (lstm) cPrevAll.AsSpan(t * B * H + b * H, H).CopyTo(ccur.AsSpan(b * H, H));
            }
        }
        hcur.CopyTo(ys.Slice(rows * P, B * P));
        if (lstm) ccur.CopyTo(ys.Slice(rows * P + B * P, B * H));

        var inputs = new List<Tensor> { x, w.Wih, w.Whh };
        if (w.Bih is not null) inputs.Add(w.Bih);
        if (w.Bhh is not null) inputs.Add(w.Bhh);
        if (proj) inputs.Add(w.Whr!);
        inputs.Add(h0);
        if (lstm) inputs.Add(c0!);
        var inArr = inputs.ToArray();
        var node = Tensor.Record(packed, kind == RecurrentKind.Lstm ? "lstm" : kind == RecurrentKind.Gru ? "gru" : "rnn", inArr, gz =>
        {
            var gs = gz.ContiguousRaw().Span<T>();
            var dGi = new T[rows * GH];
            var dGh = gru ? new T[rows * GH] : dGi;
            var dHp = proj ? new T[rows * P] : null;
            var dh = gs.Slice(rows * P, B * P).ToArray();
            var dc = lstm ? gs.Slice(rows * P + B * P, B * H).ToArray() : null;
            var dhu = proj ? new T[B * H] : null;
            var dhNext = new T[B * P];
            var dcPrev = lstm ? new T[B * H] : null;
            for (int s = steps - 1; s >= 0; s--)
            {
                int t = reverse ? steps - 1 - s : s;
                var gy = gs.Slice(t * B * P, B * P);
                for (int b = 0; b < B; b++)
                    if (lengths is null || t < lengths[b])
                        for (int j = 0; j < P; j++) dh[b * P + j] += gy[b * P + j];
                Span<T> dhCell = dh;
                if (proj)
                {
                    var d = dHp.AsSpan(t * B * P, B * P);
                    dh.CopyTo(d);
                    for (int b = 0; b < B; b++) if (lengths is not null && t >= lengths[b]) d.Slice(b * P, P).Clear();
                    K.Mm<T>(dhu, H, d, P, false, whr, H, false, B, H, P, accumulate: false);
                    dhCell = dhu;
                }
                var dg = dGi.AsSpan(t * B * GH, B * GH);
                var a = acts.AsSpan(t * B * GH, B * GH);
                var hp = hPrevAll.AsSpan(t * B * P, B * P);
                if (lstm) K.LstmBackward<T>(dg, dcPrev, a, tanhC.AsSpan(t * B * H, B * H), cPrevAll.AsSpan(t * B * H, B * H), dhCell, dc, B, H);
                else if (gru) K.GruBackward<T>(dg, dGh.AsSpan(t * B * GH, B * GH), dhNext, a, hidAll.AsSpan(t * B * GH, B * GH), hp, dhCell, B, H);
                else K.RnnBackward<T>(dg, a, dhCell, relu);
                if (lengths is not null)
                    for (int b = 0; b < B; b++)
                        if (t >= lengths[b])
                        {
                            dg.Slice(b * GH, GH).Clear();
                            if (gru) dGh.AsSpan(t * B * GH + b * GH, GH).Clear();
                        }
                K.Mm<T>(dhNext, P, dGh.AsSpan(t * B * GH, B * GH), GH, false, whh, P, false, B, P, GH, accumulate: gru);
                if (lengths is not null)
                    for (int b = 0; b < B; b++)
                        if (t >= lengths[b])
                        {
                            dh.AsSpan(b * P, P).CopyTo(dhNext.AsSpan(b * P, P));
                            if (lstm) dc.AsSpan(b * H, H).CopyTo(dcPrev.AsSpan(b * H, H));
                        }
                (dh, dhNext) = (dhNext, dh);
                if (lstm) (dc, dcPrev) = (dcPrev, dc);
            }

            var grads = new Tensor?[inArr.Length];
            int k = 0;
            if (x.RequiresGrad)
            {
                var dx = new Tensor([steps, B, I], x.DType);
                K.Mm<T>(dx.Span<T>(), I, dGi, GH, false, wih, I, false, rows, I, GH, accumulate: false);
                grads[k] = dx;
            }
            k++;
            var dWih = new Tensor([GH, I], x.DType);
            K.Mm<T>(dWih.Span<T>(), I, dGi, GH, true, xc.Span<T>(), I, false, GH, I, rows, accumulate: false);
            grads[k++] = dWih;
            var dWhh = new Tensor([GH, P], x.DType);
            K.Mm<T>(dWhh.Span<T>(), P, dGh, GH, true, hPrevAll, P, false, GH, P, rows, accumulate: false);
            grads[k++] = dWhh;
            if (w.Bih is not null) grads[k++] = ColumnSums<T>(dGi, rows, GH, x.DType);
            if (w.Bhh is not null) grads[k++] = ColumnSums<T>(dGh, rows, GH, x.DType);
            if (proj)
            {
                var dWhr = new Tensor([P, H], x.DType);
                K.Mm<T>(dWhr.Span<T>(), H, dHp, P, true, huAll, H, false, P, H, rows, accumulate: false);
                grads[k++] = dWhr;
            }
            grads[k++] = FromArray<T>(dh, [B, P], x.DType);
            if (lstm) grads[k++] = FromArray<T>(dc!, [B, H], x.DType);
            return grads;
        }, [xc, .. inArr.Skip(1)]);

        var yOut = node.Narrow(0, 0, rows * P).Reshape(steps, B, P);
        var hOut = node.Narrow(0, rows * P, B * P).Reshape(B, P);
        var cOut = lstm ? node.Narrow(0, rows * P + B * P, B * H).Reshape(B, H) : null;
        return (yOut, hOut, cOut);
    }

    private static Tensor FromArray<T>(T[] data, int[] shape, DType dtype) where T : unmanaged
    {
        var t = new Tensor(shape, dtype);
        data.AsSpan().CopyTo(t.Span<T>());
        return t;
    }

    private static Tensor ColumnSums<T>(T[] m, int rows, int cols, DType dtype) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = new Tensor([cols], dtype);
        var sp = s.Span<T>();
        for (int r = 0; r < rows; r++) System.Numerics.Tensors.TensorPrimitives.Add(sp, m.AsSpan(r * cols, cols), sp);
        return s;
    }
}
