using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// The feed-forward half of a GPT block (nanoGPT's <c>MLP</c>; keys <c>c_fc</c>, <c>c_proj</c>): per position,
/// x [*, C] → c_fc → [*, 4C] → GELU (exact, erf form) → c_proj → [*, C] → dropout.
/// </summary>
/// <remarks>GPT-2 itself used the tanh approximation of GELU; nanoGPT, and this model, use the exact one
/// (<c>nn.GELU()</c>), so loading GPT-2 weights gives logits that differ in about the fourth digit.</remarks>
public sealed class GPTMLP : Module<Tensor, Tensor>
{
    /// <summary>Creates the two projections for <paramref name="config"/>.</summary>
    public GPTMLP(GPTConfig config, DType dtype = DType.Float32, Generator? generator = null)
    {
        config.Validate();
        CFc = RegisterModule("c_fc", new Linear(config.NEmbd, 4 * config.NEmbd, config.Bias, dtype, generator));
        Gelu = RegisterModule("gelu", new GELU());
        CProj = RegisterModule("c_proj", new Linear(4 * config.NEmbd, config.NEmbd, config.Bias, dtype, generator));
        Dropout = RegisterModule("dropout", new Dropout(config.Dropout, generator));
    }

    /// <summary>Expansion C → 4C.</summary>
    public Linear CFc { get; }
    /// <summary>The non-linearity.</summary>
    public GELU Gelu { get; }
    /// <summary>Projection 4C → C; a residual projection (smaller init std).</summary>
    public Linear CProj { get; }
    /// <summary>Dropout on the output.</summary>
    public Dropout Dropout { get; }

    /// <summary>dropout(c_proj(gelu(c_fc(x)))).</summary>
    public override Tensor Forward(Tensor input) => Dropout.Call(CProj.Call(Gelu.Call(CFc.Call(input))));
}
