using Glassbox.Kernels;

namespace Glassbox.NN;

// Scaled dot-product attention, the core of every transformer layer: softmax(q·kᵀ·scale + mask)·v.
public static partial class F
{
    /// <summary>
    /// Scaled dot-product attention (<c>torch.nn.functional.scaled_dot_product_attention</c>):
    /// out = softmax(Q·Kᵀ·scale + M)·V, with query [..., L, E], key [..., S, E], value [..., S, Ev] and output
    /// [..., L, Ev]. Leading (batch, head) dimensions broadcast as in <see cref="Tensor.MatMul"/>; an unbatched
    /// [L, E] query is allowed.
    /// </summary>
    /// <param name="query">Q, [..., L, E]: one row per position that asks.</param>
    /// <param name="key">K, [..., S, E]: one row per position that can be looked up.</param>
    /// <param name="value">V, [..., S, Ev]: what each looked-up position returns.</param>
    /// <param name="attnMask">
    /// Optional mask broadcastable to [..., L, S]. A <b>bool</b> mask says where a query <i>may</i> attend (true =
    /// attend, false = blocked, i.e. its score becomes −∞) — SDPA's convention, the opposite of
    /// <c>MultiheadAttention</c>'s bool masks, where true means "ignore". A <b>float</b> mask is added to the
    /// scores (−∞ blocks, finite values bias, e.g. ALiBi); it is cast to the query's dtype.
    /// </param>
    /// <param name="dropoutP">Dropout probability applied to the attention weights (after the softmax), with the
    /// survivors scaled by 1/(1 − p). There is no training flag: pass 0 in evaluation (modules pass
    /// <c>Training ? p : 0</c>), exactly as PyTorch's functional form.</param>
    /// <param name="isCausal">Applies the causal mask: query i attends only keys j ≤ i. The mask is aligned to the
    /// <b>upper-left</b> corner (PyTorch's <c>ones(L, S).tril()</c>), so with L &lt; S the queries do not see the
    /// last S − L keys; for decoding with a KV cache (queries at the end of the sequence) build the mask yourself.
    /// Cannot be combined with <paramref name="attnMask"/>.</param>
    /// <param name="scale">Multiplier of the scores; default 1/√E, which keeps the score variance near 1 when the
    /// entries of Q and K have unit variance (a sum of E products has variance E), so that the softmax does not
    /// saturate into a near one-hot distribution with vanishing gradients.</param>
    /// <param name="generator">Source of the dropout mask (one uniform per weight, row-major; keep when u ≥ p), or
    /// <see cref="Generator.Default"/>.</param>
    /// <remarks>
    /// <para>A query row whose keys are <b>all</b> blocked has every score −∞, and the softmax of such a row is
    /// 0/0 = NaN; the output row is NaN, as in PyTorch 1.13's composed attention (and in later PyTorch's math
    /// path). Padding masks that can block a whole row must be handled by the caller (e.g. unmask one key, or
    /// zero the row afterwards) — a silently made-up value would hide the bug.</para>
    /// <para>Two implementations compute this: the composed graph (matmul, mask, softmax, dropout, matmul; it
    /// materialises the [..., L, S] weights, and its backward is the chain of those ops' backwards) and a fused kernel
    /// (<see cref="Kernels.AttentionKernels"/>: an online softmax over key tiles that keeps only a log-sum-exp per query
    /// row and recomputes the weights in the backward). <see cref="AttentionBackend"/> chooses; under
    /// <see cref="NN.AttentionBackend.Auto"/> the rule is: fused whenever it applies — no dropout, no gradient wanted
    /// for the mask (bool masks, causal, and float masks that do not require grad are fine), L, S and E all non-zero.
    /// The rule is "always when possible" because the fused path does the same GEMM work in cache-sized tiles and
    /// never writes or reads an [L, S] tensor (four of them in the composed forward and backward), so it saves memory
    /// traffic at every size; <c>glassbox bench attention</c> measures both paths to check this.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Ranks, inner sizes or the mask's shape or dtype do not fit, or both a
    /// mask and <paramref name="isCausal"/> are given.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dropoutP"/> outside [0, 1].</exception>
    public static Tensor ScaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor? attnMask = null,
        double dropoutP = 0.0, bool isCausal = false, double? scale = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        const string op = "scaled_dot_product_attention";
        if (!(dropoutP >= 0 && dropoutP <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropoutP), $"{op}: dropout_p has to be between 0 and 1, but got {dropoutP}");
        query.RequireFloat(op);
        key.RequireFloat(op);
        value.RequireFloat(op);
        if (query.NDim < 2 || key.NDim < 2 || value.NDim < 2)
            throw new ArgumentException($"{op}: query, key and value need at least 2 dimensions ([..., L, E], [..., S, E], [..., S, Ev]), got {Shapes(query, key, value)}");
        if (query.DType != key.DType || query.DType != value.DType)
            throw new ArgumentException($"{op}: query, key and value must have the same dtype, got {query.DType.TorchName()}, {key.DType.TorchName()} and {value.DType.TorchName()}");
        int l = query.Shape[^2], e = query.Shape[^1], s = key.Shape[^2];
        if (key.Shape[^1] != e)
            throw new ArgumentException($"{op}: query and key must have the same embedding size E (last dim), got {Shapes(query, key, value)}");
        if (value.Shape[^2] != s)
            throw new ArgumentException($"{op}: key and value must have the same sequence length S (dim -2), got {Shapes(query, key, value)}");
        var batch = ShapeUtil.Broadcast(ShapeUtil.Broadcast(query.ShapeArray[..^2], key.ShapeArray[..^2], op), value.ShapeArray[..^2], op);
        if (attnMask is not null)
        {
            if (isCausal) throw new ArgumentException($"{op}: pass either attn_mask or is_causal, not both (is_causal builds its own mask)");
            if (attnMask.DType == DType.Int64)
                throw new ArgumentException($"{op}: attn_mask must be bool (true = attend) or floating point (added to the scores), got int64");
            var target = new int[batch.Length + 2];
            batch.CopyTo(target, 0);
            target[^2] = l;
            target[^1] = s;
            if (attnMask.NDim > target.Length || !ShapeUtil.SameShape(ShapeUtil.Broadcast(attnMask.ShapeArray, target, op), target))
                throw new ArgumentException($"{op}: attn_mask of shape {ShapeUtil.Format(attnMask.ShapeArray)} does not broadcast to the scores' shape {ShapeUtil.Format(target)}");
        }
        double sc = scale ?? 1.0 / Math.Sqrt(e);
        string? whyNot = dropoutP > 0 ? "dropout_p > 0"
            : attnMask is { RequiresGrad: true } ? "attn_mask requires grad"
            : l == 0 || s == 0 || e == 0 ? "an empty dimension" : null;
        var backend = AttentionBackend;
        if (backend == NN.AttentionBackend.Fused && whyNot is not null)
            throw new ArgumentException($"{op}: the fused kernel was forced (F.AttentionBackend = Fused) but does not support this call: {whyNot}");
        if (backend == NN.AttentionBackend.Composed || whyNot is not null)
            return ComposedAttention(query, key, value, attnMask, dropoutP, isCausal, sc, generator);
        return FusedAttention(query, key, value, attnMask, isCausal, sc, batch);
    }

    private static readonly AsyncLocal<AttentionBackend> attentionBackend = new();

    /// <summary>
    /// The implementation <see cref="ScaledDotProductAttention"/> uses: <see cref="NN.AttentionBackend.Auto"/> (the
    /// default; see the rule there), or force <see cref="NN.AttentionBackend.Composed"/> /
    /// <see cref="NN.AttentionBackend.Fused"/>. The setting belongs to the current thread and async flow, so a test or
    /// lesson that forces one path does not change what code on other threads runs.
    /// </summary>
    public static AttentionBackend AttentionBackend
    {
        get => attentionBackend.Value;
        set => attentionBackend.Value = value;
    }

    /// <summary>The fused kernel behind an autograd node: inputs broadcast to the batch shape, gradients summed back.</summary>
    private static Tensor FusedAttention(Tensor query, Tensor key, Tensor value, Tensor? attnMask, bool isCausal, double scale, int[] batch)
    {
        int l = query.Shape[^2], e = query.Shape[^1], s = key.Shape[^2], ev = value.Shape[^1];
        int bh = ShapeUtil.Numel(batch);
        var dtype = query.DType;
        int[] With(int a, int b) => [.. batch, a, b];
        var (qs, ks, vs, os) = (With(l, e), With(s, e), With(s, ev), With(l, ev));
        var (qd, kd, vd) = (Dense(query, qs), Dense(key, ks), Dense(value, vs));
        Tensor? maskAdd = attnMask is null ? null
            : attnMask.DType == DType.Bool ? Tensor.Zeros(attnMask.ShapeArray, dtype).MaskedFill(attnMask.LogicalNot(), double.NegativeInfinity)
            : attnMask.Detach().To(dtype);
        var output = new Tensor(os, dtype);
        var lse = new Tensor([bh * l], dtype);
        if (dtype == DType.Float32)
            AttentionKernels.Forward(qd.Data<float>(), kd.Data<float>(), vd.Data<float>(), output.Data<float>(), lse.Data<float>(),
                bh, l, s, e, ev, (float)scale, isCausal, MaskView<float>(maskAdd, batch, l, s));
        else
            AttentionKernels.Forward(qd.Data<double>(), kd.Data<double>(), vd.Data<double>(), output.Data<double>(), lse.Data<double>(),
                bh, l, s, e, ev, scale, isCausal, MaskView<double>(maskAdd, batch, l, s));
        return Tensor.Record(output, "scaled_dot_product_attention", [query, key, value], g =>
        {
            var gd = Dense(g.To(dtype), os);
            var (dq, dk, dv) = (new Tensor(qs, dtype), new Tensor(ks, dtype), new Tensor(vs, dtype));
            if (dtype == DType.Float32)
                AttentionKernels.Backward(qd.Data<float>(), kd.Data<float>(), vd.Data<float>(), output.Data<float>(), lse.Data<float>(), gd.Data<float>(),
                    dq.Data<float>(), dk.Data<float>(), dv.Data<float>(), bh, l, s, e, ev, (float)scale, isCausal, MaskView<float>(maskAdd, batch, l, s));
            else
                AttentionKernels.Backward(qd.Data<double>(), kd.Data<double>(), vd.Data<double>(), output.Data<double>(), lse.Data<double>(), gd.Data<double>(),
                    dq.Data<double>(), dk.Data<double>(), dv.Data<double>(), bh, l, s, e, ev, scale, isCausal, MaskView<double>(maskAdd, batch, l, s));
            return [
                query.RequiresGrad ? Tensor.SumTo(dq, query.ShapeArray) : null,
                key.RequiresGrad ? Tensor.SumTo(dk, key.ShapeArray) : null,
                value.RequiresGrad ? Tensor.SumTo(dv, value.ShapeArray) : null];
        }, query, key, value, output);
    }

    /// <summary>The tensor broadcast to <paramref name="shape"/> as a dense row-major array starting at index 0 (copied only when needed).</summary>
    private static Tensor Dense(Tensor t, int[] shape)
    {
        var b = ShapeUtil.SameShape(t.ShapeArray, shape) ? t : t.BroadcastRaw(shape);
        return b.IsContiguous && b.Offset == 0 ? b : b.CopyRaw();
    }

    /// <summary>Strided view of an additive mask over the [B, L, S] scores: per-batch offsets, row and column strides.</summary>
    private static AttentionMask<T>? MaskView<T>(Tensor? mask, int[] batch, int l, int s)
    {
        if (mask is null) return null;
        int[] target = [.. batch, l, s];
        var strides = ShapeUtil.BroadcastStrides(mask.ShapeArray, mask.Strides.ToArray(), target);
        var offsets = new int[Math.Max(ShapeUtil.Numel(batch), 1)];
        for (int b = 0; b < offsets.Length; b++)
        {
            int rest = b, off = mask.Offset;
            for (int d = batch.Length - 1; d >= 0; d--)
            {
                off += rest % batch[d] * strides[d];
                rest /= batch[d];
            }
            offsets[b] = off;
        }
        return new AttentionMask<T>(mask.Data<T>(), offsets, strides[^2], strides[^1]);
    }

    /// <summary>The reference graph: scores = Q·Kᵀ·scale, masked, softmax over keys, dropout, times V.</summary>
    private static Tensor ComposedAttention(Tensor query, Tensor key, Tensor value, Tensor? attnMask, double dropoutP,
        bool isCausal, double scale, Generator? generator)
    {
        int l = query.Shape[^2], s = key.Shape[^2];
        var scores = query.MatMul(key.Transpose(-2, -1)) * scale;
        if (isCausal) scores = scores.MaskedFill(CausalBlocked(l, s), double.NegativeInfinity);
        else if (attnMask is not null)
        {
            scores = attnMask.DType == DType.Bool
                ? scores.MaskedFill(attnMask.LogicalNot(), double.NegativeInfinity)
                : scores + attnMask.To(scores.DType);
        }
        var weights = scores.Softmax(-1);
        if (dropoutP > 0) weights = weights * DropoutMask(weights.ShapeArray, dropoutP, weights.DType, generator);
        return weights.MatMul(value);
    }

    /// <summary>[L, S] bool, true where key j lies after query i (j &gt; i): the entries a causal mask blocks.</summary>
    internal static Tensor CausalBlocked(int l, int s)
    {
        var m = new bool[l * s];
        for (int i = 0; i < l; i++)
            for (int j = i + 1; j < s; j++) m[i * s + j] = true;
        return Tensor.FromArray(m, l, s);
    }

    /// <summary>The scaled Bernoulli keep mask of inverted dropout: 1/(1 − p) where u ≥ p, else 0 (all 0 when p = 1).</summary>
    internal static Tensor DropoutMask(int[] shape, double p, DType dtype, Generator? generator)
    {
        var g = generator ?? Generator.Default;
        double keep = p < 1 ? 1.0 / (1.0 - p) : 0.0;
        var mask = new double[ShapeUtil.Numel(shape)];
        for (int i = 0; i < mask.Length; i++) mask[i] = g.NextDouble() >= p ? keep : 0.0;
        return Tensor.FromArray(mask, shape).To(dtype);
    }

    private static string Shapes(Tensor q, Tensor k, Tensor v) =>
        $"query {ShapeUtil.Format(q.ShapeArray)}, key {ShapeUtil.Format(k.ShapeArray)}, value {ShapeUtil.Format(v.ShapeArray)}";
}
