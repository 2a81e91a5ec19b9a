using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// The output layer of a language model whose weight is the token embedding table itself (weight tying, Press &amp;
/// Wolf 2017): logits = x·Eᵀ for x [*, C] and E [vocab, C], so logit v is the dot product of the final hidden state
/// with token v's embedding. Equivalent to nanoGPT's <c>lm_head = nn.Linear(C, vocab, bias=False)</c> with
/// <c>transformer.wte.weight = lm_head.weight</c>.
/// </summary>
/// <remarks>The shared tensor is registered here as <c>weight</c>, so the state dict has both <c>transformer.wte.weight</c>
/// and <c>lm_head.weight</c> (as PyTorch's does) while <see cref="Module.Parameters"/> lists it once; its gradient is the
/// sum of the embedding's scatter and this layer's GEMM, accumulated into one <see cref="Tensor.Grad"/>.</remarks>
public sealed class TiedLMHead : Module<Tensor, Tensor>
{
    /// <summary>Wraps <paramref name="embedding"/>'s weight as the output projection.</summary>
    public TiedLMHead(Embedding embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        Weight = RegisterParameter("weight", embedding.Weight);
    }

    /// <summary>The shared table [vocab, C].</summary>
    public Tensor Weight { get; }

    /// <summary>x·Wᵀ, [*, C] → [*, vocab].</summary>
    public override Tensor Forward(Tensor input)
    {
        if (input.NDim == 0 || input.Size(-1) != Weight.Size(1))
            throw new ArgumentException($"lm_head: expected input of shape [*, {Weight.Size(1)}], got {ShapeUtil.Format(input.ShapeArray)}");
        return Tensor.Linear(input, Weight);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"in_features={Weight.Size(1)}, out_features={Weight.Size(0)}, bias=False";
}
