namespace Glassbox.NN;

/// <summary>
/// A stack of <see cref="TransformerDecoderLayer"/>s, each attending to the same memory, optionally followed by a final
/// layer norm (<c>torch.nn.TransformerDecoder</c>). Built like <see cref="TransformerEncoder"/>: N clones of one layer
/// (equal starting weights, as PyTorch's deep copies) or one layer per factory call.
/// </summary>
/// <remarks>State-dict names: <c>layers.0.self_attn.*</c>, <c>layers.0.multihead_attn.*</c>, …, <c>norm.weight</c>, <c>norm.bias</c>.</remarks>
public sealed class TransformerDecoder : Module<Tensor, Tensor, Tensor>
{
    /// <summary>Stacks <paramref name="numLayers"/> copies of <paramref name="decoderLayer"/> (which itself is not registered).</summary>
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, LayerNorm? norm = null)
        : this(_ => (decoderLayer ?? throw new ArgumentNullException(nameof(decoderLayer))).Clone(), numLayers, norm) { }

    /// <summary>Stacks <c>layerFactory(0) … layerFactory(numLayers − 1)</c>.</summary>
    public TransformerDecoder(Func<int, TransformerDecoderLayer> layerFactory, int numLayers, LayerNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(layerFactory);
        if (numLayers < 0) throw new ArgumentOutOfRangeException(nameof(numLayers), $"TransformerDecoder: num_layers must be non-negative, got {numLayers}");
        Layers = RegisterModule("layers", new ModuleList<TransformerDecoderLayer>());
        for (int i = 0; i < numLayers; i++) Layers.Add(layerFactory(i));
        if (norm is not null) Norm = RegisterModule("norm", norm);
    }

    /// <summary>The layers, in order.</summary>
    public ModuleList<TransformerDecoderLayer> Layers { get; }
    /// <summary>Number of layers.</summary>
    public int NumLayers => Layers.Count;
    /// <summary>The final layer norm, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>The stack without masks.</summary>
    public override Tensor Forward(Tensor tgt, Tensor memory) => Forward(tgt, memory, null);

    /// <summary>
    /// Runs every layer on the same memory and masks, then the final norm; see
    /// <see cref="TransformerDecoderLayer.Forward(Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor?, bool, bool)"/> for shapes.
    /// </summary>
    public Tensor Forward(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null, Tensor? tgtKeyPaddingMask = null,
        Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        var x = tgt;
        foreach (var layer in Layers)
            x = layer.Forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
        return Norm is null ? x : Norm.Call(x);
    }
}
