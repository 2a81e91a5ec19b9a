namespace Glassbox.NN;

/// <summary>
/// A stack of <see cref="TransformerEncoderLayer"/>s applied in turn, optionally followed by a final layer norm
/// (<c>torch.nn.TransformerEncoder</c>). Every layer receives the same masks.
/// </summary>
/// <remarks>
/// <para><b>Building the stack.</b> PyTorch's <c>TransformerEncoder(encoder_layer, num_layers)</c> deep-copies one layer
/// N times, so all layers start with <i>equal</i> weights (<see cref="Transformer"/> re-initialises them afterwards).
/// The constructor taking a layer does the same with <see cref="TransformerEncoderLayer.Clone"/>; the one taking a
/// factory calls it once per index, giving independently initialised layers.</para>
/// <para><b>Final norm.</b> A pre-norm stack leaves its output un-normalised (each layer adds to the residual stream), so
/// it is normally given a final <see cref="LayerNorm"/>; <see cref="Transformer"/> always adds one.</para>
/// <para>State-dict names: <c>layers.0.self_attn.in_proj_weight</c>, …, <c>norm.weight</c>, <c>norm.bias</c>.</para>
/// </remarks>
public sealed class TransformerEncoder : Module<Tensor, Tensor>
{
    /// <summary>Stacks <paramref name="numLayers"/> copies of <paramref name="encoderLayer"/> (which itself is not registered).</summary>
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, LayerNorm? norm = null)
        : this(_ => (encoderLayer ?? throw new ArgumentNullException(nameof(encoderLayer))).Clone(), numLayers, norm) { }

    /// <summary>Stacks <c>layerFactory(0) … layerFactory(numLayers − 1)</c>.</summary>
    public TransformerEncoder(Func<int, TransformerEncoderLayer> layerFactory, int numLayers, LayerNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(layerFactory);
        if (numLayers < 0) throw new ArgumentOutOfRangeException(nameof(numLayers), $"TransformerEncoder: num_layers must be non-negative, got {numLayers}");
        Layers = RegisterModule("layers", new ModuleList<TransformerEncoderLayer>());
        for (int i = 0; i < numLayers; i++) Layers.Add(layerFactory(i));
        if (norm is not null) Norm = RegisterModule("norm", norm);
    }

    /// <summary>The layers, in order.</summary>
    public ModuleList<TransformerEncoderLayer> Layers { get; }
    /// <summary>Number of layers.</summary>
    public int NumLayers => Layers.Count;
    /// <summary>The final layer norm, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>The stack without masks.</summary>
    public override Tensor Forward(Tensor src) => Forward(src, null, null);

    /// <summary>
    /// Runs every layer with the same masks, then the final norm (<c>forward(src, mask, src_key_padding_mask,
    /// is_causal)</c>); see <see cref="TransformerEncoderLayer.Forward(Tensor, Tensor?, Tensor?, bool)"/> for shapes.
    /// </summary>
    public Tensor Forward(Tensor src, Tensor? mask = null, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        var x = src;
        foreach (var layer in Layers) x = layer.Forward(x, mask, srcKeyPaddingMask, isCausal);
        return Norm is null ? x : Norm.Call(x);
    }
}
