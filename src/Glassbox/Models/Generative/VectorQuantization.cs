namespace Glassbox.Models.Generative;

/// <summary>One forward of a <see cref="VectorQuantizer"/>.</summary>
/// <param name="Quantized">z_q with the straight-through gradient, shaped like the input: value e_{k*}, gradient to z_e the identity.</param>
/// <param name="Indices">The chosen code of each vector, int64, shaped like the input without its code dimension ([N, H, W] or [M]).</param>
/// <param name="CodebookLoss">‖sg[z_e] − e‖² as a mean over elements (a zero scalar when the codebook is updated by EMA).</param>
/// <param name="CommitmentLoss">‖z_e − sg[e]‖² as a mean over elements, before the weight β.</param>
/// <param name="Loss">The quantiser's share of the training loss: codebook loss + β · commitment loss.</param>
/// <param name="Counts">How many vectors chose each code, [K].</param>
public sealed record VectorQuantization(Tensor Quantized, Tensor Indices, Tensor CodebookLoss, Tensor CommitmentLoss, Tensor Loss, long[] Counts)
{
    /// <summary>Perplexity and share of codes in use of this batch's assignments.</summary>
    public CodebookUsage Usage => CodebookUsage.FromCounts(Counts);
}
