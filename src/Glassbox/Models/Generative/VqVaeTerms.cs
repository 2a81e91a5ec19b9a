namespace Glassbox.Models.Generative;

/// <summary>One evaluation of a <see cref="VqVae"/>'s objective on a batch.</summary>
/// <param name="Reconstruction">x̂, the decoder output at the quantised latents, shaped like x.</param>
/// <param name="ReconstructionLoss">‖x − x̂‖² as a mean over every pixel (a scalar).</param>
/// <param name="Quantization">The quantiser's output: indices, its losses and the code counts.</param>
public sealed record VqVaeTerms(Tensor Reconstruction, Tensor ReconstructionLoss, VectorQuantization Quantization)
{
    /// <summary>The training loss: reconstruction + codebook + β · commitment.</summary>
    public Tensor Loss => ReconstructionLoss + Quantization.Loss;
}
