namespace Glassbox.NN;

/// <summary>The cell a recurrent layer repeats (PyTorch's <c>mode</c> string: RNN_TANH, RNN_RELU, LSTM, GRU).</summary>
internal enum RecurrentKind { RnnTanh, RnnRelu, Lstm, Gru }

/// <summary>
/// The parameters of one direction of one layer, in PyTorch's layout: W_ih [G·H, in], W_hh [G·H, P], b_ih and b_hh
/// [G·H], and for an LSTM with a projection W_hr [P, H] (P = proj_size, else P = H). G is the number of gates.
/// </summary>
internal sealed record DirectionWeights(Tensor Wih, Tensor Whh, Tensor? Bih, Tensor? Bhh, Tensor? Whr)
{
    /// <summary>All present tensors in PyTorch's flat-weights order (w_ih, w_hh, b_ih, b_hh, w_hr).</summary>
    public IEnumerable<Tensor> All()
    {
        yield return Wih; yield return Whh;
        if (Bih is not null) yield return Bih;
        if (Bhh is not null) yield return Bhh;
        if (Whr is not null) yield return Whr;
    }
}

/// <summary>
/// One direction of one recurrent layer run over a whole sequence, in two implementations with the same results:
/// <see cref="Composed"/>, the cell equations written with Tensor ops one step at a time (the reference, recorded op
/// by op by autograd), and <see cref="Fused"/> (Recurrence.Fused.cs), one GEMM for the input projections of all
/// steps, per step the hidden GEMM and one fused gate kernel, and a hand-written backward through time.
/// </summary>
/// <remarks>
/// Input x is time-major [T, B, in]. With <c>lengths</c>, row b is active at time t when t &lt; lengths[b]: an active
/// step updates the state and emits it; an inactive step leaves the state untouched and emits zeros. The forward
/// direction therefore stops at each sequence's own end (h_n is the state at step lengths[b] − 1), and the reverse
/// direction, which walks t = T − 1 … 0, starts at each sequence's own last element — exactly as if every sequence
/// had been run alone (what PyTorch's packed sequences compute).
/// </remarks>
internal static partial class Recurrence
{
    /// <summary>Number of gate blocks stacked in W_ih and W_hh.</summary>
    public static int Gates(RecurrentKind kind) => kind switch { RecurrentKind.Lstm => 4, RecurrentKind.Gru => 3, _ => 1 };

    /// <summary>Elman step h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh).</summary>
    public static Tensor RnnStep(Tensor x, Tensor h, Tensor wih, Tensor whh, Tensor? bih, Tensor? bhh, bool relu)
    {
        var pre = Tensor.Linear(x, wih, bih) + Tensor.Linear(h, whh, bhh);
        return relu ? pre.Relu() : pre.Tanh();
    }

    /// <summary>
    /// LSTM step: (i, f, g, o) = (σ, σ, tanh, σ) of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh split in four; c' = f⊙c + i⊙g;
    /// h' = o⊙tanh(c'), then h' ← h'·W_hrᵀ when a projection is given.
    /// </summary>
    public static (Tensor H, Tensor C) LstmStep(Tensor x, Tensor h, Tensor c, Tensor wih, Tensor whh, Tensor? bih, Tensor? bhh, Tensor? whr)
    {
        int hs = c.Shape[^1];
        var pre = Tensor.Linear(x, wih, bih) + Tensor.Linear(h, whh, bhh);
        var i = pre.Narrow(-1, 0, hs).Sigmoid();
        var f = pre.Narrow(-1, hs, hs).Sigmoid();
        var g = pre.Narrow(-1, 2 * hs, hs).Tanh();
        var o = pre.Narrow(-1, 3 * hs, hs).Sigmoid();
        var c2 = f * c + i * g;
        var h2 = o * c2.Tanh();
        if (whr is not null) h2 = Tensor.Linear(h2, whr);
        return (h2, c2);
    }

    /// <summary>
    /// GRU step as PyTorch: r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r⊙h_n), h' = (1 − z)⊙n + z⊙h, where
    /// x_· are the blocks of x·W_ihᵀ + b_ih and h_· those of h·W_hhᵀ + b_hh — the reset gate multiplies the hidden
    /// term after its matrix product and bias.
    /// </summary>
    public static Tensor GruStep(Tensor x, Tensor h, Tensor wih, Tensor whh, Tensor? bih, Tensor? bhh)
    {
        int hs = h.Shape[^1];
        var gi = Tensor.Linear(x, wih, bih);
        var gh = Tensor.Linear(h, whh, bhh);
        var r = (gi.Narrow(-1, 0, hs) + gh.Narrow(-1, 0, hs)).Sigmoid();
        var z = (gi.Narrow(-1, hs, hs) + gh.Narrow(-1, hs, hs)).Sigmoid();
        var n = (gi.Narrow(-1, 2 * hs, hs) + r * gh.Narrow(-1, 2 * hs, hs)).Tanh();
        return n + z * (h - n);
    }

    /// <summary>
    /// The reference implementation: steps of the composed cell, masked per row when <paramref name="lengths"/> is
    /// given. Returns the outputs [T, B, P] in time order, the final h [B, P] and for an LSTM the final c [B, H].
    /// </summary>
    public static (Tensor Y, Tensor H, Tensor? C) Composed(RecurrentKind kind, Tensor x, DirectionWeights w, Tensor h0, Tensor? c0, int[]? lengths, bool reverse)
    {
        int steps = x.Shape[0], batch = x.Shape[1];
        var h = h0;
        var c = c0;
        var ys = new Tensor[steps];
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            var xt = x.Select(0, t);
            Tensor hn; Tensor? cn = null;
            switch (kind)
            {
                case RecurrentKind.Lstm: (hn, cn) = LstmStep(xt, h, c!, w.Wih, w.Whh, w.Bih, w.Bhh, w.Whr); break;
                case RecurrentKind.Gru: hn = GruStep(xt, h, w.Wih, w.Whh, w.Bih, w.Bhh); break;
                default: hn = RnnStep(xt, h, w.Wih, w.Whh, w.Bih, w.Bhh, kind == RecurrentKind.RnnRelu); break;
            }
            if (lengths is null)
            {
                (h, c) = (hn, cn);
                ys[t] = hn;
            }
            else
            {
                var active = new bool[batch];
                for (int b = 0; b < batch; b++) active[b] = t < lengths[b];
                var m = Tensor.FromArray(active.Select(a => a ? 1L : 0L).ToArray(), batch, 1).Bool();
                h = Tensor.Where(m, hn, h);
                if (cn is not null) c = Tensor.Where(m, cn, c!);
                ys[t] = Tensor.Where(m, hn, 0.0);
            }
        }
        return (Tensor.Stack(ys, 0), h, kind == RecurrentKind.Lstm ? c : null);
    }
}
