namespace Glassbox.Models;

/// <summary>
/// The hyperparameters of a <see cref="GPT"/> (nanoGPT's <c>GPTConfig</c>; the names in brackets are GPT-2's).
/// The defaults are GPT-2 small: 12 layers, 12 heads, 768 channels, a 1,024-token context and the 50,257-token
/// byte-level BPE vocabulary, with biases and no dropout.
/// </summary>
/// <remarks>nanoGPT defaults the vocabulary to 50,304 (50,257 padded up to a multiple of 64 so its GPU matmuls tile
/// evenly); here the default is the real GPT-2 size, which is what a checkpoint of GPT-2 has.</remarks>
public sealed record GPTConfig
{
    /// <summary>Longest context the position table covers (<c>block_size</c> [n_ctx]).</summary>
    public int BlockSize { get; init; } = 1024;
    /// <summary>Number of tokens (<c>vocab_size</c>).</summary>
    public int VocabSize { get; init; } = 50257;
    /// <summary>Number of transformer blocks (<c>n_layer</c>).</summary>
    public int NLayer { get; init; } = 12;
    /// <summary>Attention heads per block (<c>n_head</c>); must divide <see cref="NEmbd"/>.</summary>
    public int NHead { get; init; } = 12;
    /// <summary>Width of the residual stream (<c>n_embd</c>).</summary>
    public int NEmbd { get; init; } = 768;
    /// <summary>Dropout probability on embeddings, attention weights, and each residual branch (<c>dropout</c>).</summary>
    public double Dropout { get; init; }
    /// <summary>Whether the Linear and LayerNorm layers have biases (<c>bias</c>; GPT-2 has them; nanoGPT reports
    /// that a model without them trains a little better and faster).</summary>
    public bool Bias { get; init; } = true;

    /// <summary>The per-head width n_embd / n_head.</summary>
    public int HeadSize => NEmbd / NHead;

    /// <summary>Throws naming the setting that cannot make a model.</summary>
    /// <exception cref="ArgumentException">A size is not positive, n_head does not divide n_embd, or dropout is outside [0, 1).</exception>
    public void Validate()
    {
        if (BlockSize <= 0 || VocabSize <= 0 || NLayer < 0 || NHead <= 0 || NEmbd <= 0)
            throw new ArgumentException($"GPTConfig: sizes must be positive, got block_size={BlockSize}, vocab_size={VocabSize}, n_layer={NLayer}, n_head={NHead}, n_embd={NEmbd}");
        if (NEmbd % NHead != 0)
            throw new ArgumentException($"GPTConfig: n_embd={NEmbd} is not divisible by n_head={NHead}");
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentException($"GPTConfig: dropout must be in [0, 1), got {Dropout}");
    }

    /// <summary>
    /// Number of distinct parameters of the model this config builds, without building it. With C = n_embd,
    /// V = vocab_size, L = n_layer, b = 1 with biases else 0:
    /// <code>
    /// V·C (wte, shared with lm_head) + block_size·C (wpe)
    /// + L·[ (2 + 2b)·C (ln_1, ln_2) + 3C² + 3bC (c_attn) + C² + bC (attn c_proj) + 4C² + 4bC (c_fc) + 4C² + bC (mlp c_proj) ]
    /// + (1 + b)·C (ln_f)
    /// = V·C + block_size·C + L·(12C² + (2 + 11b)·C) + (1 + b)·C.
    /// </code>
    /// GPT-2 small (the defaults) gives 124,439,808. With <paramref name="nonEmbedding"/> the position table is left out,
    /// as nanoGPT's <c>get_num_params</c> reports by default (the token table stays: it is also the output layer).
    /// </summary>
    public long ParameterCount(bool nonEmbedding = false)
    {
        long c = NEmbd, b = Bias ? 1 : 0;
        long total = (long)VocabSize * c + (nonEmbedding ? 0 : (long)BlockSize * c)
            + NLayer * (12 * c * c + (2 + 11 * b) * c) + (1 + b) * c;
        return total;
    }
}
