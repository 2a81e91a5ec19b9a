using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// Multi-head causal self-attention of a GPT block (nanoGPT's <c>CausalSelfAttention</c>, state-dict keys
/// <c>c_attn.weight/bias</c>, <c>c_proj.weight/bias</c>). For x [B, T, C] with H heads of size D = C/H:
/// <code>
/// q, k, v = split(c_attn(x), C)                  each [B, T, C] → [B, H, T, D]
/// y = softmax(q·kᵀ/√D + causal mask)·v          [B, H, T, D]   (future positions get −∞)
/// out = resid_dropout(c_proj(merge heads of y))  [B, T, C]
/// </code>
/// with dropout on the attention weights in training (<c>attn_dropout</c>, applied inside
/// <see cref="F.ScaledDotProductAttention"/>).
/// </summary>
/// <remarks>
/// One Linear of width 3C computes q, k and v together (GPT-2's <c>c_attn</c>): one GEMM over the inputs instead of
/// three, and the checkpoint layout of GPT-2. <see cref="Forward(Tensor, KVCache, int)"/> is the incremental form used
/// in generation: the keys and values of earlier positions come from the cache instead of being recomputed.
/// </remarks>
public sealed class CausalSelfAttention : Module<Tensor, Tensor>
{
    private readonly double dropout;
    private readonly Generator? generator;

    /// <summary>Creates the layer for <paramref name="config"/>; the Linear layers get PyTorch's default init until <see cref="GPT"/> re-initialises them.</summary>
    public CausalSelfAttention(GPTConfig config, DType dtype = DType.Float32, Generator? generator = null)
    {
        config.Validate();
        (NEmbd, NHead, dropout, this.generator) = (config.NEmbd, config.NHead, config.Dropout, generator);
        CAttn = RegisterModule("c_attn", new Linear(NEmbd, 3 * NEmbd, config.Bias, dtype, generator));
        CProj = RegisterModule("c_proj", new Linear(NEmbd, NEmbd, config.Bias, dtype, generator));
        ResidDropout = RegisterModule("resid_dropout", new Dropout(config.Dropout, generator));
    }

    /// <summary>Residual width C.</summary>
    public int NEmbd { get; }
    /// <summary>Number of heads H.</summary>
    public int NHead { get; }
    /// <summary>The joint q/k/v projection, weight [3C, C] (rows 0..C−1 make q, then k, then v).</summary>
    public Linear CAttn { get; }
    /// <summary>The output projection, weight [C, C]; a residual projection, so GPT-2 initialises it with a smaller std.</summary>
    public Linear CProj { get; }
    /// <summary>Dropout on the output before it joins the residual stream.</summary>
    public Dropout ResidDropout { get; }

    /// <summary>Attends over the whole sequence x [B, T, C] with the causal mask → [B, T, C].</summary>
    public override Tensor Forward(Tensor input)
    {
        var (q, k, v) = Heads(input, "CausalSelfAttention");
        double p = Training ? dropout : 0.0;
        var y = F.ScaledDotProductAttention(q, k, v, dropoutP: p, isCausal: true, generator: generator);
        return Output(y);
    }

    /// <summary>
    /// The incremental form: x [B, Tn, C] holds the Tn positions after the cache's <see cref="KVCache.Length"/>
    /// earlier ones. Their keys and values are written into the cache at <paramref name="layer"/>, and each new
    /// position attends over every cached position up to and including itself. Gives the same output (in exact
    /// arithmetic) as <see cref="Forward(Tensor)"/> over the whole prefix, for the last Tn positions. Does not advance
    /// the cache's length (the model does that once all layers have run).
    /// </summary>
    /// <exception cref="ArgumentException">The batch size differs from the cache's or the positions do not fit in it.</exception>
    public Tensor Forward(Tensor input, KVCache cache, int layer)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var (q, k, v) = Heads(input, "CausalSelfAttention");
        int b = input.Size(0), tn = input.Size(1), past = cache.Length;
        if (b != cache.BatchSize)
            throw new ArgumentException($"CausalSelfAttention: input batch {b} (shape {ShapeUtil.Format(input.ShapeArray)}) does not match the KV cache's batch {cache.BatchSize}");
        if (past + tn > cache.Capacity)
            throw new ArgumentException($"CausalSelfAttention: {past} cached + {tn} new positions exceed the KV cache's capacity {cache.Capacity}");
        var (keys, values) = cache.Layer(layer);
        using (Autograd.GradMode.NoGrad())
        {
            keys.Narrow(2, past, tn).CopyFrom(k);
            values.Narrow(2, past, tn).CopyFrom(v);
        }
        var kAll = keys.Narrow(2, 0, past + tn);
        var vAll = values.Narrow(2, 0, past + tn);
        // New position i (absolute past + i) may see keys 0..past + i. PyTorch's is_causal aligns the triangle to the
        // top-left corner (query i sees keys 0..i), which is wrong here as soon as past > 0, so the mask is explicit;
        // a single new position sees everything cached and needs none.
        Tensor? mask = tn == 1 ? null : CachedMask(tn, past);
        var y = F.ScaledDotProductAttention(q, kAll, vAll, attnMask: mask);
        return Output(y);
    }

    /// <summary>Bool mask [tn, past + tn], true where new position i may attend key j (j ≤ past + i).</summary>
    internal static Tensor CachedMask(int tn, int past)
    {
        int s = past + tn;
        var m = new bool[tn * s];
        for (int i = 0; i < tn; i++)
            for (int j = 0; j <= past + i; j++) m[i * s + j] = true;
        return Tensor.FromArray(m, tn, s);
    }

    /// <summary>c_attn, then q, k, v as [B, H, T, D] each.</summary>
    private (Tensor Q, Tensor K, Tensor V) Heads(Tensor x, string op)
    {
        if (x.NDim != 3 || x.Size(2) != NEmbd)
            throw new ArgumentException($"{op}: expected input of shape [B, T, {NEmbd}], got {ShapeUtil.Format(x.ShapeArray)}");
                // [B, T, 3C] rearranged to [3, B, H, T, D] in one copy (HeadLayout): q, k and v are each a contiguous
        // [B, H, T, D] slice of it.
        var qkv = HeadLayout.Split(CAttn.Call(x), NHead);
        return (qkv.Select(0, 0), qkv.Select(0, 1), qkv.Select(0, 2));
    }

    /// <summary>Heads [B, H, T, D] back to [B, T, C], then c_proj and the residual dropout.</summary>
    private Tensor Output(Tensor y)
    {
        var merged = HeadLayout.Merge(y);
        return ResidDropout.Call(CProj.Call(merged));
    }
}
