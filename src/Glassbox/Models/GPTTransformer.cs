using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// The body of a <see cref="GPT"/>, registered under the name <c>transformer</c> so that the state-dict keys are
/// nanoGPT's and GPT-2's (<c>transformer.wte.weight</c>, <c>transformer.h.0.ln_1.weight</c>, …). nanoGPT keeps these
/// in an <c>nn.ModuleDict</c>; here they are typed properties. It has no forward: <see cref="GPT"/> runs the pieces.
/// </summary>
public sealed class GPTTransformer : Module
{
    /// <summary>Creates the embeddings, the blocks and the final norm for <paramref name="config"/>.</summary>
    public GPTTransformer(GPTConfig config, DType dtype = DType.Float32, Generator? generator = null)
    {
        config.Validate();
        Wte = RegisterModule("wte", new Embedding(config.VocabSize, config.NEmbd, dtype, generator));
        Wpe = RegisterModule("wpe", new Embedding(config.BlockSize, config.NEmbd, dtype, generator));
        Drop = RegisterModule("drop", new Dropout(config.Dropout, generator));
        H = RegisterModule("h", new ModuleList<GPTBlock>());
        for (int i = 0; i < config.NLayer; i++) H.Add(new GPTBlock(config, dtype, generator));
        LnF = RegisterModule("ln_f", new LayerNorm(config.NEmbd, dtype: dtype, bias: config.Bias));
    }

    /// <summary>Token embedding table [vocab_size, C]; also the output layer's weight (weight tying).</summary>
    public Embedding Wte { get; }
    /// <summary>Learned position embedding table [block_size, C].</summary>
    public Embedding Wpe { get; }
    /// <summary>Dropout on the summed embeddings.</summary>
    public Dropout Drop { get; }
    /// <summary>The blocks, applied in order.</summary>
    public ModuleList<GPTBlock> H { get; }
    /// <summary>Final norm before the output layer.</summary>
    public LayerNorm LnF { get; }
}
