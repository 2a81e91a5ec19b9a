using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// One pre-norm transformer block of a GPT (nanoGPT's <c>Block</c>; keys <c>ln_1</c>, <c>attn</c>, <c>ln_2</c>,
/// <c>mlp</c>): x ← x + attn(ln_1(x)); x ← x + mlp(ln_2(x)), shape [B, T, C] throughout.
/// </summary>
/// <remarks>Pre-norm (GPT-2's arrangement, unlike the original transformer's post-norm) keeps an un-normalised
/// residual path from the embeddings to the output, so gradients reach early layers undiminished and deep stacks
/// train without warm-up tricks; the price is the extra <c>ln_f</c> before the output layer.</remarks>
public sealed class GPTBlock : Module<Tensor, Tensor>
{
    /// <summary>Creates the block for <paramref name="config"/>.</summary>
    public GPTBlock(GPTConfig config, DType dtype = DType.Float32, Generator? generator = null)
    {
        config.Validate();
        Ln1 = RegisterModule("ln_1", new LayerNorm(config.NEmbd, dtype: dtype, bias: config.Bias));
        Attn = RegisterModule("attn", new CausalSelfAttention(config, dtype, generator));
        Ln2 = RegisterModule("ln_2", new LayerNorm(config.NEmbd, dtype: dtype, bias: config.Bias));
        Mlp = RegisterModule("mlp", new GPTMLP(config, dtype, generator));
    }

    /// <summary>Norm before attention.</summary>
    public LayerNorm Ln1 { get; }
    /// <summary>Causal self-attention.</summary>
    public CausalSelfAttention Attn { get; }
    /// <summary>Norm before the MLP.</summary>
    public LayerNorm Ln2 { get; }
    /// <summary>Position-wise feed-forward network.</summary>
    public GPTMLP Mlp { get; }

    /// <summary>The block over a whole sequence.</summary>
    public override Tensor Forward(Tensor input)
    {
        var x = input + Attn.Call(Ln1.Call(input));
        return x + Mlp.Call(Ln2.Call(x));
    }

    /// <summary>The block over new positions, attending through <paramref name="cache"/> (see <see cref="CausalSelfAttention.Forward(Tensor, KVCache, int)"/>).</summary>
    public Tensor Forward(Tensor input, KVCache cache, int layer)
    {
        var x = input + Attn.Forward(Ln1.Call(input), cache, layer);
        return x + Mlp.Call(Ln2.Call(x));
    }
}
