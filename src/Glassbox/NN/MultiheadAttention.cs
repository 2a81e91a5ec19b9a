namespace Glassbox.NN;

/// <summary>
/// Multi-head attention (Vaswani et al., 2017; <c>torch.nn.MultiheadAttention</c>): the inputs are projected to
/// queries, keys and values, split into <c>numHeads</c> heads of size d = embedDim / numHeads, each head runs
/// <see cref="F.ScaledDotProductAttention"/> on its own slice, and the heads' outputs are concatenated and projected
/// back: out = concat(head₁, …, head_h)·W_oᵀ + b_o with headᵢ = softmax(QᵢKᵢᵀ/√d + M)·Vᵢ.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> Sequence-first by default, as PyTorch: query [L, N, E], key [S, N, kdim], value [S, N, vdim],
/// output [L, N, E]; with <c>batchFirst</c> the batch comes first ([N, L, E]); a 2-d query is one unbatched sequence
/// [L, E]. The attention weights come back as [N, L, S] (averaged over heads) or [N, H, L, S].</para>
/// <para><b>Parameters (state-dict keys as PyTorch).</b> When kdim = vdim = embedDim the three input projections are
/// packed in <c>in_proj_weight</c> [3E, E] (rows 0..E-1 for q, then k, then v); otherwise they are separate
/// <c>q_proj_weight</c> [E, E], <c>k_proj_weight</c> [E, kdim], <c>v_proj_weight</c> [E, vdim]. Then
/// <c>in_proj_bias</c> [3E], <c>bias_k</c>/<c>bias_v</c> [1, 1, E] (with addBiasKv) and the child <c>out_proj</c>
/// (a <see cref="Linear"/>: <c>out_proj.weight</c>, <c>out_proj.bias</c>). Initialisation as PyTorch's
/// <c>_reset_parameters</c>: xavier_uniform on the projection weights (on the packed [3E, E] matrix as a whole, so
/// its bound is √(6/(4E))), zero in_proj and out_proj biases, xavier_normal bias_k/bias_v; out_proj.weight keeps
/// Linear's default init.</para>
/// <para><b>Mask conventions — a trap.</b> Here a <b>bool</b> mask (key_padding_mask or attn_mask) marks what must be
/// <b>ignored</b>: true = NOT allowed. That is the opposite of <see cref="F.ScaledDotProductAttention"/>, where true
/// means "may attend"; passing a mask from one API to the other unchanged inverts it. Float masks mean the same in
/// both: they are added to the scores. <c>keyPaddingMask</c> is [N, S] ([S] unbatched) and blocks keys per sample;
/// <c>attnMask</c> is [L, S] (shared by the batch) or [N·H, L, S] (per sample and head, sample-major: entry n·H + h);
/// both are combined by adding their float forms (a bool true becomes −∞). A query row with every key blocked gives
/// NaN, as PyTorch.</para>
/// <para><b>addBiasKv</b> appends one learned key/value (bias_k, bias_v) to every sequence and <b>addZeroAttn</b>
/// one all-zero key/value per head (after the heads are split); the masks are extended by an attendable column for
/// each, so S grows by one each and so does the weights' last dimension.</para>
/// <para><b>isCausal</b>: with no attnMask, applies the causal mask (query i attends keys j ≤ i, upper-left aligned as
/// <see cref="F.ScaledDotProductAttention"/>). With an attnMask the mask is used as given: PyTorch treats is_causal
/// as a hint that the mask already is causal.</para>
/// <para><b>Dropout</b> acts on the attention weights in training mode, one uniform per weight of the [N, H, L, S]
/// tensor in row-major order from the module's generator. The returned weights are the dropped-out ones (PyTorch
/// 1.13 returns those too). With <c>needWeights</c> false the weights are not materialised by this layer and the
/// attention itself goes through <see cref="F.ScaledDotProductAttention"/> (so the fused kernel can serve it).</para>
/// <para>PyTorch 1.13 scales q by 1/√d before the product while this layer lets the attention scale the scores:
/// the same value up to rounding. PyTorch 1.13 rejects a float key_padding_mask combined with a float attn_mask;
/// here they are simply added (later PyTorch does the same).</para>
/// </remarks>
public sealed class MultiheadAttention : Module
{
    private readonly Generator? generator;

    /// <summary>Creates the layer; <paramref name="generator"/> (or <see cref="Generator.Default"/>) draws the initial
    /// weights and the dropout masks.</summary>
    /// <exception cref="ArgumentException">embedDim not divisible by numHeads, or non-positive sizes.</exception>
    public MultiheadAttention(int embedDim, int numHeads, double dropout = 0.0, bool bias = true, bool addBiasKv = false,
        bool addZeroAttn = false, int? kdim = null, int? vdim = null, bool batchFirst = false, DType dtype = DType.Float32,
        Generator? generator = null)
    {
        if (embedDim <= 0 || numHeads <= 0)
            throw new ArgumentException($"MultiheadAttention: embed_dim and num_heads must be positive, got embed_dim={embedDim}, num_heads={numHeads}");
        if (embedDim % numHeads != 0)
            throw new ArgumentException($"MultiheadAttention: embed_dim must be divisible by num_heads, got embed_dim={embedDim}, num_heads={numHeads}");
        if (!(dropout >= 0 && dropout <= 1)) throw new ArgumentOutOfRangeException(nameof(dropout), $"MultiheadAttention: dropout has to be between 0 and 1, but got {dropout}");
        EmbedDim = embedDim;
        NumHeads = numHeads;
        HeadDim = embedDim / numHeads;
        Kdim = kdim ?? embedDim;
        Vdim = vdim ?? embedDim;
        if (Kdim <= 0 || Vdim <= 0) throw new ArgumentException($"MultiheadAttention: kdim and vdim must be positive, got kdim={Kdim}, vdim={Vdim}");
        Dropout = dropout;
        BatchFirst = batchFirst;
        AddZeroAttn = addZeroAttn;
        this.generator = generator;
        QkvSameEmbedDim = Kdim == embedDim && Vdim == embedDim;
        if (QkvSameEmbedDim)
        {
            InProjWeight = RegisterParameter("in_proj_weight", Tensor.Zeros([3 * embedDim, embedDim], dtype));
            RegisterNullParameter("q_proj_weight");
            RegisterNullParameter("k_proj_weight");
            RegisterNullParameter("v_proj_weight");
        }
        else
        {
            QProjWeight = RegisterParameter("q_proj_weight", Tensor.Zeros([embedDim, embedDim], dtype));
            KProjWeight = RegisterParameter("k_proj_weight", Tensor.Zeros([embedDim, Kdim], dtype));
            VProjWeight = RegisterParameter("v_proj_weight", Tensor.Zeros([embedDim, Vdim], dtype));
            RegisterNullParameter("in_proj_weight");
        }
        if (bias) InProjBias = RegisterParameter("in_proj_bias", Tensor.Zeros([3 * embedDim], dtype));
        else RegisterNullParameter("in_proj_bias");
        if (addBiasKv)
        {
            BiasK = RegisterParameter("bias_k", Tensor.Zeros([1, 1, embedDim], dtype));
            BiasV = RegisterParameter("bias_v", Tensor.Zeros([1, 1, embedDim], dtype));
        }
        else
        {
            RegisterNullParameter("bias_k");
            RegisterNullParameter("bias_v");
        }
        OutProj = RegisterModule("out_proj", new Linear(embedDim, embedDim, bias, dtype, generator));
        ResetParameters(generator);
    }

    /// <summary>Model width E (<c>embed_dim</c>).</summary>
    public int EmbedDim { get; }
    /// <summary>Number of heads H (<c>num_heads</c>).</summary>
    public int NumHeads { get; }
    /// <summary>Size of one head, E / H (<c>head_dim</c>).</summary>
    public int HeadDim { get; }
    /// <summary>Feature size of the key input (<c>kdim</c>).</summary>
    public int Kdim { get; }
    /// <summary>Feature size of the value input (<c>vdim</c>).</summary>
    public int Vdim { get; }
    /// <summary>Dropout probability on the attention weights in training mode.</summary>
    public double Dropout { get; }
    /// <summary>Inputs and output are [N, L, E] instead of [L, N, E] (<c>batch_first</c>).</summary>
    public bool BatchFirst { get; }
    /// <summary>Whether an all-zero key/value is appended per head (<c>add_zero_attn</c>).</summary>
    public bool AddZeroAttn { get; }
    /// <summary>True when kdim = vdim = embedDim and the projections are packed in <see cref="InProjWeight"/>.</summary>
    public bool QkvSameEmbedDim { get; }
    /// <summary>Packed [3E, E] q/k/v projection (<c>in_proj_weight</c>), or null when kdim/vdim differ.</summary>
    public Tensor? InProjWeight { get; }
    /// <summary>Query projection [E, E] (<c>q_proj_weight</c>) when kdim/vdim differ, else null.</summary>
    public Tensor? QProjWeight { get; }
    /// <summary>Key projection [E, kdim] (<c>k_proj_weight</c>) when kdim/vdim differ, else null.</summary>
    public Tensor? KProjWeight { get; }
    /// <summary>Value projection [E, vdim] (<c>v_proj_weight</c>) when kdim/vdim differ, else null.</summary>
    public Tensor? VProjWeight { get; }
    /// <summary>Packed [3E] q/k/v projection bias (<c>in_proj_bias</c>), or null with bias = false.</summary>
    public Tensor? InProjBias { get; }
    /// <summary>Learned extra key [1, 1, E] (<c>bias_k</c>) with addBiasKv, else null.</summary>
    public Tensor? BiasK { get; }
    /// <summary>Learned extra value [1, 1, E] (<c>bias_v</c>) with addBiasKv, else null.</summary>
    public Tensor? BiasV { get; }
    /// <summary>The output projection (<c>out_proj</c>).</summary>
    public Linear OutProj { get; }

    /// <summary>Re-initialises as PyTorch's <c>_reset_parameters</c> (see the class remarks); out_proj.weight is left as is.</summary>
    public void ResetParameters(Generator? generator = null)
    {
        if (InProjWeight is not null) Init.XavierUniform(InProjWeight, generator: generator);
        else
        {
            Init.XavierUniform(QProjWeight!, generator: generator);
            Init.XavierUniform(KProjWeight!, generator: generator);
            Init.XavierUniform(VProjWeight!, generator: generator);
        }
        if (InProjBias is not null)
        {
            Init.Zeros(InProjBias);
            Init.Zeros(OutProj.Bias!);
        }
        if (BiasK is not null) Init.XavierNormal(BiasK, generator: generator);
        if (BiasV is not null) Init.XavierNormal(BiasV, generator: generator);
    }

    /// <summary>Runs the layer: the C# spelling of <c>mha(query, key, value, ...)</c>; same as <see cref="Forward"/>.</summary>
    public (Tensor Output, Tensor? Weights) Call(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null,
        bool needWeights = true, Tensor? attnMask = null, bool averageAttnWeights = true, bool isCausal = false) =>
        Forward(query, key, value, keyPaddingMask, needWeights, attnMask, averageAttnWeights, isCausal);

    /// <summary>
    /// Attends from <paramref name="query"/> to <paramref name="key"/>/<paramref name="value"/> (<c>forward</c>); shapes
    /// and mask conventions in the class remarks (bool masks: true = ignore).
    /// </summary>
    /// <returns>The output, shaped like the query but with E features, and the attention weights ([N, L, S] averaged
    /// over heads, or [N, H, L, S]; without N when unbatched), or null when <paramref name="needWeights"/> is false.</returns>
    /// <exception cref="ArgumentException">Ranks, sizes or mask shapes do not fit.</exception>
    public (Tensor Output, Tensor? Weights) Forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null,
        bool needWeights = true, Tensor? attnMask = null, bool averageAttnWeights = true, bool isCausal = false)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        const string op = "MultiheadAttention";
        bool batched = query.NDim == 3;
        if (query.NDim != 2 && query.NDim != 3)
            throw new ArgumentException($"{op}: query should be unbatched 2-D [L, E] or batched 3-D, got {query.NDim}-D {ShapeUtil.Format(query.ShapeArray)}");
        if (key.NDim != query.NDim || value.NDim != query.NDim)
            throw new ArgumentException($"{op}: for a {query.NDim}-D query, key and value must also be {query.NDim}-D, got {Shapes(query, key, value)}");
        // Everything below works batch-first: [N, L, E].
        Tensor ToBatchFirst(Tensor t) => !batched ? t.Unsqueeze(0) : BatchFirst ? t : t.Transpose(0, 1);
        var (q, k, v) = (ToBatchFirst(query), ToBatchFirst(key), ToBatchFirst(value));
        int n = q.Shape[0], l = q.Shape[1], s = k.Shape[1];
        int e = EmbedDim, h = NumHeads, d = HeadDim;
        if (q.Shape[2] != e || k.Shape[2] != Kdim || v.Shape[2] != Vdim)
            throw new ArgumentException($"{op}: expected query/key/value feature sizes {e}/{Kdim}/{Vdim}, got {Shapes(query, key, value)}");
        if (k.Shape[0] != n || v.Shape[0] != n || v.Shape[1] != s)
            throw new ArgumentException($"{op}: query, key and value must share the batch size, and key and value the sequence length, got {Shapes(query, key, value)}");

        // Masks, first in their given shapes (checked against the original S), as additive float masks.
        var dtype = q.DType;
        Tensor? attn = null;
        if (attnMask is null && isCausal) attnMask = F.CausalBlocked(l, s);
        else isCausal = false;
        if (attnMask is not null)
        {
            if (attnMask.NDim == 2)
            {
                if (attnMask.Shape[0] != l || attnMask.Shape[1] != s)
                    throw new ArgumentException($"{op}: the 2-D attn_mask should be [{l}, {s}], got {ShapeUtil.Format(attnMask.ShapeArray)}");
                attn = Additive(attnMask, dtype, "attn_mask");
            }
            else if (attnMask.NDim == 3)
            {
                if (attnMask.Shape[0] != n * h || attnMask.Shape[1] != l || attnMask.Shape[2] != s)
                    throw new ArgumentException($"{op}: the 3-D attn_mask should be [{n * h}, {l}, {s}] (batch·heads, L, S), got {ShapeUtil.Format(attnMask.ShapeArray)}");
                attn = Additive(attnMask, dtype, "attn_mask").Reshape(n, h, l, s);
            }
            else throw new ArgumentException($"{op}: attn_mask should be 2-D or 3-D, got {attnMask.NDim}-D {ShapeUtil.Format(attnMask.ShapeArray)}");
        }
        Tensor? padding = null;
        if (keyPaddingMask is not null)
        {
            int[] want = batched ? [n, s] : [s];
            if (!ShapeUtil.SameShape(keyPaddingMask.ShapeArray, want))
                throw new ArgumentException($"{op}: key_padding_mask should be {ShapeUtil.Format(want)}, got {ShapeUtil.Format(keyPaddingMask.ShapeArray)}");
            padding = Additive(keyPaddingMask, dtype, "key_padding_mask").Reshape(n, 1, 1, s);
        }

        // Projections [N, L, E], [N, S, E], [N, S, E].
        Tensor? bq = InProjBias?.Narrow(0, 0, e), bk = InProjBias?.Narrow(0, e, e), bv = InProjBias?.Narrow(0, 2 * e, e);
        q = Tensor.Linear(q, InProjWeight?.Narrow(0, 0, e) ?? QProjWeight!, bq);
        k = Tensor.Linear(k, InProjWeight?.Narrow(0, e, e) ?? KProjWeight!, bk);
        v = Tensor.Linear(v, InProjWeight?.Narrow(0, 2 * e, e) ?? VProjWeight!, bv);
        int extra = 0;
        if (BiasK is not null)
        {
            k = Tensor.Cat([k, BiasK.Expand(n, 1, e)], 1);
            v = Tensor.Cat([v, BiasV!.Expand(n, 1, e)], 1);
            extra++;
        }
        // Split heads: [N, T, E] → [N, H, T, d].
        q = q.Reshape(n, l, h, d).Permute(0, 2, 1, 3);
        k = k.Reshape(n, s + extra, h, d).Permute(0, 2, 1, 3);
        v = v.Reshape(n, s + extra, h, d).Permute(0, 2, 1, 3);
        if (AddZeroAttn)
        {
            var zeros = Tensor.Zeros([n, h, 1, d], dtype);
            k = Tensor.Cat([k, zeros], 2);
            v = Tensor.Cat([v, zeros], 2);
            extra++;
        }
        // The appended keys are attendable: extend the masks by zero columns.
        if (extra > 0)
        {
            attn = attn?.Pad([0, extra]);
            padding = padding?.Pad([0, extra]);
        }
        var mask = attn is null ? padding : padding is null ? attn : attn + padding;
        double p = Training ? Dropout : 0.0;

        Tensor heads;
        Tensor? weights = null;
        if (needWeights)
        {
            var scores = q.MatMul(k.Transpose(-2, -1)) * (1.0 / Math.Sqrt(d));
            if (mask is not null) scores = scores + mask;
            weights = scores.Softmax(-1);
            if (p > 0) weights = weights * F.DropoutMask(weights.ShapeArray, p, dtype, generator);
            heads = weights.MatMul(v);
        }
        else
        {
            bool causalOnly = isCausal && extra == 0 && padding is null;
            heads = F.ScaledDotProductAttention(q, k, v, causalOnly ? null : mask, p, causalOnly, generator: generator);
        }
        // Merge heads: [N, H, L, d] → [N, L, E], project, and restore the caller's layout.
        var output = OutProj.Forward(heads.Permute(0, 2, 1, 3).Reshape(n, l, e));
        output = !batched ? output.Squeeze(0) : BatchFirst ? output : output.Transpose(0, 1);
        if (weights is not null)
        {
            if (averageAttnWeights) weights = weights.Mean(1);
            if (!batched) weights = weights.Squeeze(0);
        }
        return (output, weights);
    }

    /// <summary>A mask as an additive float mask: bool true (= ignore) → −∞, false → 0; a float mask is cast.</summary>
    private static Tensor Additive(Tensor mask, DType dtype, string what)
    {
        if (mask.DType == DType.Bool) return Tensor.Zeros(mask.ShapeArray, dtype).MaskedFill(mask, double.NegativeInfinity);
        if (!mask.DType.IsFloatingPoint())
            throw new ArgumentException($"MultiheadAttention: {what} must be bool (true = ignore) or floating point (added to the scores), got {mask.DType.TorchName()}");
        return mask.To(dtype);
    }

    private static string Shapes(Tensor q, Tensor k, Tensor v) =>
        $"query {ShapeUtil.Format(q.ShapeArray)}, key {ShapeUtil.Format(k.ShapeArray)}, value {ShapeUtil.Format(v.ShapeArray)}";
}
