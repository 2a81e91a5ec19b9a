using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Glassbox.Kernels;

/// <summary>
/// An additive attention mask read in place through strides: element (b, i, j) of the [B, L, S] scores gets
/// <c>Data[BatchOffsets[b] + i·RowStride + j·ColStride]</c> added. Broadcast dimensions have stride 0, so a [L, S] or
/// [N, 1, 1, S] mask is never expanded to [B, L, S].
/// </summary>
internal readonly record struct AttentionMask<T>(T[] Data, int[] BatchOffsets, int RowStride, int ColStride);

/// <summary>
/// Fused scaled dot-product attention (the FlashAttention algorithm: Dao et al., 2022; Dao, 2023) for contiguous
/// q [B, L, E], k [B, S, E], v [B, S, Ev], B = batch·heads: out = softmax(scale·q·kᵀ + mask)·v without ever storing the
/// [L, S] score matrix. <see cref="AttentionReference"/> is the naive loop version it is tested against.
/// </summary>
/// <remarks>
/// <para><b>Forward (online softmax).</b> Each task owns one block of ≤ <see cref="BlockQ"/> query rows and walks the
/// keys in blocks of ≤ <see cref="BlockK"/>. For a row it keeps the running maximum m, the running sum ℓ = Σ e^(s − m)
/// and an unnormalised accumulator o = Σ e^(s − m)·v. A new block of scores s′ with maximum m′ = max(m, max s′)
/// rescales the old state by α = e^(m − m′) — ℓ ← α·ℓ + Σ e^(s′ − m′), o ← α·o + e^(s′ − m′)·V_block — which is exact:
/// every term ends up relative to the final maximum, the same numbers as the two-pass softmax. At the end o/ℓ is the
/// output and LSE = m + ln ℓ (the log of the softmax denominator) is saved per row: O(L) memory instead of O(L·S).
/// Both block products (scores = q·kᵀ and o += p·V) are GEMM calls on cache-resident tiles; exp, max and the sums are
/// vectorised with TensorPrimitives.</para>
/// <para><b>Backward.</b> With P = softmax(S), S = scale·QKᵀ + M, O = PV and G = ∂L/∂O:
/// dV = PᵀG, dP = GVᵀ, dS = P ⊙ (dP − D) where D_i = Σ_j P_ij dP_ij = rowsum(G ⊙ O)_i (the second form needs only
/// the saved output), dQ = scale·dS·K, dK = scale·dSᵀ·Q. P is recomputed tile by tile from the saved LSE as
/// e^(S − LSE) — no max or sum needed again. To keep every write owned by one task the backward runs two passes:
/// over (batch, query block) for dQ, then over (batch, key block) for dK and dV; the price is computing the score
/// tile and dP twice (7 block GEMMs instead of 5), in exchange for no locks and no per-thread copies of dQ.</para>
/// <para><b>Causal</b> (query i attends keys j ≤ i, upper-left aligned) skips whole key tiles past the query block's
/// last row and sets −∞ inside the diagonal tile. <b>Fully blocked rows</b> (every score −∞) give NaN output and
/// LSE = −∞, as the composed softmax; in the backward such a row's P is NaN (so dV is NaN, as PyTorch's composed
/// graph gives) and its dS is 0 (so dQ and dK are finite, as the masked_fill backward gives).</para>
/// </remarks>
internal static class AttentionKernels
{
    /// <summary>Query rows per task and per score tile.</summary>
    public const int BlockQ = 64;
    /// <summary>Keys per score tile.</summary>
    public const int BlockK = 64;

    /// <summary>A parallel task should carry at least this many multiply-adds to repay the hand-off (~10 µs).</summary>
    private const long TaskGrainFlops = 1 << 16;

    /// <summary>Forward: fills o [B, L, Ev] and lse [B, L] (natural-log log-sum-exp of each score row).</summary>
    public static void Forward<T>(T[] q, T[] k, T[] v, T[] o, T[] lse, int batch, int l, int s, int e, int ev, T scale,
        bool causal, AttentionMask<T>? mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int qBlocks = (l + BlockQ - 1) / BlockQ;
        long perTask = (long)Math.Min(l, BlockQ) * Math.Max(s, 1) * (e + ev);
        int grain = (int)Math.Max(1, TaskGrainFlops / Math.Max(perTask, 1));
        Par.For(batch * qBlocks, grain, (start, count) =>
        {
            using var single = Gemm.OnThisThreadOnly();
            var sc = new T[BlockQ * BlockK];
            var acc = new T[BlockQ * ev];
            var m = new T[BlockQ];
            var sum = new T[BlockQ];
            for (int t = start; t < start + count; t++)
            {
                int b = t / qBlocks, i0 = t % qBlocks * BlockQ, rows = Math.Min(BlockQ, l - i0);
                ForwardBlock(q, k, v, o, lse, b, i0, rows, l, s, e, ev, scale, causal, mask, sc, acc, m, sum);
            }
        });
    }

    private static void ForwardBlock<T>(T[] q, T[] k, T[] v, T[] o, T[] lse, int b, int i0, int rows, int l, int s, int e, int ev,
        T scale, bool causal, AttentionMask<T>? mask, T[] sc, T[] acc, T[] m, T[] sum) where T : unmanaged, IFloatingPointIeee754<T>
    {
        acc.AsSpan(0, rows * ev).Clear();
        m.AsSpan(0, rows).Fill(T.NegativeInfinity);
        sum.AsSpan(0, rows).Clear();
        var qBlock = q.AsSpan((b * l + i0) * e, rows * e);
        int kEnd = causal ? Math.Min(s, i0 + rows) : s;
        for (int j0 = 0; j0 < kEnd; j0 += BlockK)
        {
            int cols = Math.Min(BlockK, kEnd - j0);
            var tile = sc.AsSpan(0, rows * cols);
            Mm(tile, cols, qBlock, e, false, k.AsSpan((b * s + j0) * e, cols * e), e, true, rows, cols, e, scale, T.Zero);
            for (int r = 0; r < rows; r++)
            {
                var row = tile.Slice(r * cols, cols);
                ApplyMask(row, b, i0 + r, j0, causal, mask);
                T mNew = T.Max(m[r], TensorPrimitives.Max(row));
                if (T.IsNegativeInfinity(mNew)) { row.Clear(); continue; }  // nothing attendable yet: p = 0, state unchanged
                T alpha = T.Exp(m[r] - mNew);
                TensorPrimitives.Subtract(row, mNew, row);
                TensorPrimitives.Exp(row, row);
                sum[r] = sum[r] * alpha + TensorPrimitives.Sum(row);
                if (alpha != T.One) TensorPrimitives.Multiply(acc.AsSpan(r * ev, ev), alpha, acc.AsSpan(r * ev, ev));
                m[r] = mNew;
            }
            Mm(acc.AsSpan(0, rows * ev), ev, tile, cols, false, v.AsSpan((b * s + j0) * ev, cols * ev), ev, false, rows, ev, cols, T.One, T.One);
        }
        for (int r = 0; r < rows; r++)
        {
            // A row with no attendable key has ℓ = 0 and o = 0: 0·(1/0) = NaN, as the composed softmax's 0/0.
            TensorPrimitives.Multiply(acc.AsSpan(r * ev, ev), T.One / sum[r], o.AsSpan((b * l + i0 + r) * ev, ev));
            lse[b * l + i0 + r] = m[r] + T.Log(sum[r]);
        }
    }

    /// <summary>Adds the mask to one score row (key columns j0..j0+row.Length) and sets −∞ past the diagonal when causal.</summary>
    private static void ApplyMask<T>(Span<T> row, int b, int i, int j0, bool causal, AttentionMask<T>? mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (causal)
        {
            int valid = Math.Clamp(i - j0 + 1, 0, row.Length);
            row[valid..].Fill(T.NegativeInfinity);
        }
        if (mask is { } mk)
        {
            int at = mk.BatchOffsets[b] + i * mk.RowStride + j0 * mk.ColStride;
            if (mk.ColStride == 1) TensorPrimitives.Add(row, mk.Data.AsSpan(at, row.Length), row);
            else if (mk.ColStride == 0) TensorPrimitives.Add(row, mk.Data[at], row);
            else for (int j = 0; j < row.Length; j++) row[j] += mk.Data[at + j * mk.ColStride];
        }
    }

    /// <summary>
    /// Backward: from the saved lse and output o and the output gradient g, writes dq [B, L, E], dk [B, S, E] and
    /// dv [B, S, Ev] (overwritten).
    /// </summary>
    public static void Backward<T>(T[] q, T[] k, T[] v, T[] o, T[] lse, T[] g, T[] dq, T[] dk, T[] dv, int batch, int l, int s, int e,
        int ev, T scale, bool causal, AttentionMask<T>? mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // D_i = rowsum(G ⊙ O): the ⟨dP, P⟩ term of the softmax backward, per query row.
        var d = new T[batch * l];
        Par.For(batch * l, Math.Max(1, Par.ElementwiseGrain / Math.Max(ev, 1)), (start, count) =>
        {
            for (int r = start; r < start + count; r++) d[r] = TensorPrimitives.Dot(g.AsSpan(r * ev, ev), o.AsSpan(r * ev, ev));
        });
        int qBlocks = (l + BlockQ - 1) / BlockQ, kBlocks = (s + BlockK - 1) / BlockK;
        long perTask = (long)Math.Min(l, BlockQ) * Math.Max(s, 1) * (2 * e + ev);
        int grainQ = (int)Math.Max(1, TaskGrainFlops / Math.Max(perTask, 1));
        perTask = (long)Math.Min(s, BlockK) * Math.Max(l, 1) * (2 * e + 2 * ev);
        int grainK = (int)Math.Max(1, TaskGrainFlops / Math.Max(perTask, 1));
        var ctx = new BackwardContext<T>(q, k, v, lse, g, d, batch, l, s, e, ev, scale, causal, mask);
        // Pass 1: dQ, one task per (batch, query block).
        Par.For(batch * qBlocks, grainQ, (start, count) =>
        {
            using var single = Gemm.OnThisThreadOnly();
            var p = new T[BlockQ * BlockK];
            var dp = new T[BlockQ * BlockK];
            for (int t = start; t < start + count; t++)
            {
                int b = t / qBlocks, i0 = t % qBlocks * BlockQ, rows = Math.Min(BlockQ, l - i0);
                var dqBlock = dq.AsSpan((b * l + i0) * e, rows * e);
                dqBlock.Clear();
                int kEnd = causal ? Math.Min(s, i0 + rows) : s;
                for (int j0 = 0; j0 < kEnd; j0 += BlockK)
                {
                    int cols = Math.Min(BlockK, kEnd - j0);
                    ctx.ScoreGradTile(b, i0, rows, j0, cols, p, dp, out _);
                    Mm(dqBlock, e, dp.AsSpan(0, rows * cols), cols, false, k.AsSpan((b * s + j0) * e, cols * e), e, false, rows, e, cols, scale, T.One);
                }
            }
        });
        // Pass 2: dK and dV, one task per (batch, key block).
        Par.For(batch * kBlocks, grainK, (start, count) =>
        {
            using var single = Gemm.OnThisThreadOnly();
            var p = new T[BlockQ * BlockK];
            var dp = new T[BlockQ * BlockK];
            for (int t = start; t < start + count; t++)
            {
                int b = t / kBlocks, j0 = t % kBlocks * BlockK, cols = Math.Min(BlockK, s - j0);
                var dkBlock = dk.AsSpan((b * s + j0) * e, cols * e);
                var dvBlock = dv.AsSpan((b * s + j0) * ev, cols * ev);
                dkBlock.Clear();
                dvBlock.Clear();
                // Causal: key j is seen only by queries i ≥ j, so start at the block holding query j0.
                int iStart = causal ? j0 / BlockQ * BlockQ : 0;
                for (int i0 = iStart; i0 < l; i0 += BlockQ)
                {
                    int rows = Math.Min(BlockQ, l - i0);
                    ctx.ScoreGradTile(b, i0, rows, j0, cols, p, dp, out var probs);
                    Mm(dvBlock, ev, probs, cols, true, g.AsSpan((b * l + i0) * ev, rows * ev), ev, false, cols, ev, rows, T.One, T.One);
                    Mm(dkBlock, e, dp.AsSpan(0, rows * cols), cols, true, q.AsSpan((b * l + i0) * e, rows * e), e, false, cols, e, rows, scale, T.One);
                }
            }
        });
    }

    /// <summary>The read-only state of one backward call, shared by its tasks.</summary>
    private sealed record BackwardContext<T>(T[] Q, T[] K, T[] V, T[] Lse, T[] G, T[] D, int Batch, int L, int S, int E, int Ev,
        T Scale, bool Causal, AttentionMask<T>? Mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// For the tile (rows i0.., keys j0..) recomputes P = e^(S − LSE) into <paramref name="p"/> and writes
        /// dS = P ⊙ (G·Vᵀ − D) into <paramref name="ds"/> (both rows×cols, row-major); <paramref name="probs"/> views P.
        /// </summary>
        public void ScoreGradTile(int b, int i0, int rows, int j0, int cols, T[] p, T[] ds, out Span<T> probs)
        {
            probs = p.AsSpan(0, rows * cols);
            var dsTile = ds.AsSpan(0, rows * cols);
            Mm(probs, cols, Q.AsSpan((b * L + i0) * E, rows * E), E, false, K.AsSpan((b * S + j0) * E, cols * E), E, true, rows, cols, E, Scale, T.Zero);
            Mm(dsTile, cols, G.AsSpan((b * L + i0) * Ev, rows * Ev), Ev, false, V.AsSpan((b * S + j0) * Ev, cols * Ev), Ev, true, rows, cols, Ev, T.One, T.Zero);
            for (int r = 0; r < rows; r++)
            {
                int i = i0 + r;
                var pr = probs.Slice(r * cols, cols);
                var dr = dsTile.Slice(r * cols, cols);
                T rowLse = Lse[b * L + i];
                if (T.IsNegativeInfinity(rowLse))
                {
                    // Fully blocked row: P is 0/0 = NaN (the forward's output is NaN), but no score moved, so dS = 0.
                    pr.Fill(T.NaN);
                    dr.Clear();
                    continue;
                }
                ApplyMask(pr, b, i, j0, Causal, Mask);
                TensorPrimitives.Subtract(pr, rowLse, pr);
                TensorPrimitives.Exp(pr, pr);
                TensorPrimitives.Subtract(dr, D[b * L + i], dr);
                TensorPrimitives.Multiply(dr, pr, dr);
            }
        }
    }

    /// <summary>C = α·op(A)·op(B) + β·C on the calling thread's GEMM, for float or double.</summary>
    private static void Mm<T>(Span<T> c, int ldc, ReadOnlySpan<T> a, int lda, bool ta, ReadOnlySpan<T> b, int ldb, bool tb,
        int m, int n, int k, T alpha, T beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            Gemm.Sgemm(MemoryMarshal.Cast<T, float>(c), ldc, MemoryMarshal.Cast<T, float>(a), lda, ta, MemoryMarshal.Cast<T, float>(b), ldb, tb,
                m, n, k, float.CreateTruncating(alpha), float.CreateTruncating(beta));
        else
            Gemm.Dgemm(MemoryMarshal.Cast<T, double>(c), ldc, MemoryMarshal.Cast<T, double>(a), lda, ta, MemoryMarshal.Cast<T, double>(b), ldb, tb,
                m, n, k, double.CreateTruncating(alpha), double.CreateTruncating(beta));
    }
}
