namespace Glassbox.NN;

/// <summary>Adaptive 1-d average pooling of [N, C, L] or [C, L] to a fixed length (<c>torch.nn.AdaptiveAvgPool1d</c>).</summary>
public sealed class AdaptiveAvgPool1d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public AdaptiveAvgPool1d(int outputSize) => OutputSize = outputSize;

    /// <summary>Output length.</summary>
    public int OutputSize { get; }

    /// <summary>Pools the last dimension to <see cref="OutputSize"/>.</summary>
    public override Tensor Forward(Tensor input) => F.AdaptiveAvgPool1d(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size={OutputSize}";
}
