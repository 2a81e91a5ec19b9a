using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Models;

/// <summary>What <see cref="GPT.Forward(Tensor, Tensor?)"/> returns.</summary>
/// <param name="Logits">Unnormalised next-token scores [B, T, vocab_size]: entry [b, t] predicts token t + 1 of sequence b.</param>
/// <param name="Loss">Mean cross-entropy against the targets (positions with target −1 ignored), or null without targets.</param>
public sealed record GPTOutput(Tensor Logits, Tensor? Loss);

/// <summary>
/// A decoder-only transformer language model with GPT-2's architecture (Radford et al., 2019), written after
/// nanoGPT's <c>model.py</c>; parameter names, and therefore state-dict keys, are nanoGPT's and GPT-2's:
/// <code>
/// idx [B, T] (int64 token ids, T ≤ block_size)
/// x = drop(wte(idx) + wpe(0..T−1))                        [B, T, C]   transformer.wte, transformer.wpe
/// x = h[i](x) for each of n_layer pre-norm blocks          [B, T, C]   transformer.h.{i}.ln_1/attn.c_attn/attn.c_proj/ln_2/mlp.c_fc/mlp.c_proj
/// logits = lm_head(ln_f(x)) = ln_f(x)·wteᵀ                [B, T, V]   transformer.ln_f, lm_head (tied to wte)
/// loss = cross_entropy(logits, targets, ignore_index = −1)
/// </code>
/// </summary>
/// <remarks>
/// <para><b>Initialisation</b> (GPT-2's, as nanoGPT's <c>_init_weights</c>): every Linear weight and both embedding
/// tables ~ N(0, 0.02), every bias 0, LayerNorm γ = 1 and β = 0; then the two residual projections of each block
/// (<c>attn.c_proj.weight</c> and <c>mlp.c_proj.weight</c>) are redrawn ~ N(0, 0.02/√(2·n_layer)). Each block adds two
/// branch outputs onto the residual stream, so without the scaling its variance would grow with 2·n_layer; with it
/// the stream's variance at the output stays about that of the embeddings.</para>
/// <para><b>Weight tying</b>: the output layer uses the token embedding table as its weight (<see cref="TiedLMHead"/>),
/// which saves V·C parameters (38.6 M of GPT-2 small's 124.4 M) and lets rare tokens' output vectors learn from
/// their input occurrences too.</para>
/// <para>Unlike nanoGPT, <see cref="Forward(Tensor, Tensor?)"/> returns the logits of every position even without
/// targets (nanoGPT then keeps only the last); generation calls <see cref="Forward(Tensor, KVCache)"/> or takes
/// the last position itself (<see cref="GPTSampler"/>).</para>
/// </remarks>
public sealed class GPT : Module<Tensor, Tensor?, GPTOutput>
{
    /// <summary>Builds the model for <paramref name="config"/> in <paramref name="dtype"/>, initialised from
    /// <paramref name="generator"/> (or <see cref="Generator.Default"/>), which also drives dropout.</summary>
    public GPT(GPTConfig config, DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        Transformer = RegisterModule("transformer", new GPTTransformer(config, dtype, generator));
        LmHead = RegisterModule("lm_head", new TiedLMHead(Transformer.Wte));
        ResetParameters(generator);
    }

    /// <summary>The hyperparameters.</summary>
    public GPTConfig Config { get; }
    /// <summary>Embeddings, blocks and the final norm (<c>transformer.*</c>).</summary>
    public GPTTransformer Transformer { get; }
    /// <summary>The output layer, sharing <c>transformer.wte.weight</c>.</summary>
    public TiedLMHead LmHead { get; }

    /// <summary>Re-draws every parameter with GPT-2's initialisation (see the class remarks).</summary>
    public void ResetParameters(Generator? generator = null)
    {
        foreach (var m in Modules())
        {
            switch (m)
            {
                case Linear lin:
                    Init.Normal(lin.Weight, 0, 0.02, generator);
                    if (lin.Bias is not null) Init.Zeros(lin.Bias);
                    break;
                case Embedding emb:
                    Init.Normal(emb.Weight, 0, 0.02, generator);
                    break;
                case LayerNorm ln:
                    if (ln.Weight is not null) Init.Ones(ln.Weight);
                    if (ln.Bias is not null) Init.Zeros(ln.Bias);
                    break;
            }
        }
        double residualStd = 0.02 / Math.Sqrt(2.0 * Math.Max(1, Config.NLayer));
        foreach (var block in Transformer.H)
        {
            Init.Normal(block.Attn.CProj.Weight, 0, residualStd, generator);
            Init.Normal(block.Mlp.CProj.Weight, 0, residualStd, generator);
        }
    }

    /// <summary>
    /// Runs the model over token ids <paramref name="idx"/> [B, T] and, with <paramref name="targets"/> [B, T]
    /// (int64, −1 = ignore), the mean cross-entropy loss.
    /// </summary>
    /// <exception cref="ArgumentException">idx is not int64 [B, T], T exceeds the block size, or targets' shape differs.</exception>
    public override GPTOutput Forward(Tensor idx, Tensor? targets)
    {
        CheckIdx(idx, "GPT");
        int t = idx.Size(1);
        if (t > Config.BlockSize)
            throw new ArgumentException($"GPT: cannot forward a sequence of length {t}, the block size is only {Config.BlockSize}");
        if (targets is not null && !ShapeUtil.SameShape(targets.ShapeArray, idx.ShapeArray))
            throw new ArgumentException($"GPT: targets of shape {ShapeUtil.Format(targets.ShapeArray)} do not match idx of shape {ShapeUtil.Format(idx.ShapeArray)}");
        var x = Embed(idx, 0);
        foreach (var block in Transformer.H) x = block.Call(x);
        var logits = LmHead.Call(Transformer.LnF.Call(x));
        if (targets is null) return new GPTOutput(logits, null);
        int v = Config.VocabSize;
        var loss = F.CrossEntropy(logits.Reshape(-1, v), targets.Reshape(-1), ignoreIndex: -1);
        return new GPTOutput(logits, loss);
    }

    /// <summary>Logits [B, T, vocab_size] of <paramref name="idx"/> without a loss.</summary>
    public Tensor Forward(Tensor idx) => Forward(idx, (Tensor?)null).Logits;

    /// <summary>
    /// Runs the model over the positions that follow those already in <paramref name="cache"/>: idx [B, Tn] holds
    /// tokens at positions cache.Length … cache.Length + Tn − 1. Returns their logits [B, Tn, V] — the same, in exact
    /// arithmetic, as the last Tn positions of <see cref="Forward(Tensor, Tensor?)"/> over the whole sequence — and
    /// advances the cache by Tn. Meant for inference: call it under <see cref="Autograd.GradMode.NoGrad"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The positions run past the cache's capacity, or the batch size differs.</exception>
    public Tensor Forward(Tensor idx, KVCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        CheckIdx(idx, "GPT");
        int past = cache.Length, tn = idx.Size(1);
        if (past + tn > cache.Capacity)
            throw new ArgumentException($"GPT: {past} cached + {tn} new positions exceed the KV cache's capacity {cache.Capacity} (block size {Config.BlockSize})");
        var x = Embed(idx, past);
        int layer = 0;
        foreach (var block in Transformer.H) x = block.Forward(x, cache, layer++);
        cache.Advance(tn);
        return LmHead.Call(Transformer.LnF.Call(x));
    }

    /// <summary>
    /// An empty KV cache for <paramref name="batchSize"/> sequences of up to <paramref name="capacity"/> positions
    /// (default and maximum: the block size), in the model's dtype.
    /// </summary>
    public KVCache CreateCache(int batchSize = 1, int? capacity = null)
    {
        int cap = capacity ?? Config.BlockSize;
        if (cap > Config.BlockSize)
            throw new ArgumentOutOfRangeException(nameof(capacity), $"GPT.CreateCache: capacity {cap} exceeds the block size {Config.BlockSize} (the position table ends there)");
        return new KVCache(Config.NLayer, batchSize, Config.NHead, cap, Config.HeadSize, Transformer.Wte.Weight.DType);
    }

    /// <summary>
    /// nanoGPT's <c>configure_optimizers</c>: AdamW over two parameter groups, weight decay on every parameter with
    /// at least two dimensions (the Linear weights and the embedding tables) and none on the rest (biases, LayerNorm
    /// γ and β) — decaying a bias or a norm's scale only pulls it towards a value with no special meaning, whereas
    /// shrinking a weight matrix regularises the function.
    /// </summary>
    public AdamW ConfigureOptimizer(double weightDecay, double learningRate, (double Beta1, double Beta2) betas, double eps = 1e-8)
    {
        var ps = Parameters().ToList();
        var decay = ps.Where(p => p.NDim >= 2).ToList();
        var noDecay = ps.Where(p => p.NDim < 2).ToList();
        return new AdamW(
            [new ParamGroup<AdamOptions>(decay, o => o with { WeightDecay = weightDecay }),
             new ParamGroup<AdamOptions>(noDecay, o => o with { WeightDecay = 0.0 })],
            new AdamWOptions { Lr = learningRate, Betas = betas, Eps = eps, WeightDecay = weightDecay });
    }

    /// <summary>Token plus position embeddings for positions start … start + T − 1, then the embedding dropout.</summary>
    private Tensor Embed(Tensor idx, int start)
    {
        int t = idx.Size(1);
        var pos = Tensor.Arange(start, start + t, 1, DType.Int64);
        var tok = Transformer.Wte.Call(idx);
        var pe = Transformer.Wpe.Call(pos);
        return Transformer.Drop.Call(tok + pe);
    }

    private static void CheckIdx(Tensor idx, string op)
    {
        ArgumentNullException.ThrowIfNull(idx);
        if (idx.DType != DType.Int64 || idx.NDim != 2)
            throw new ArgumentException($"{op}: idx must be int64 [B, T], got {idx.DType.TorchName()} {ShapeUtil.Format(idx.ShapeArray)}");
    }
}
