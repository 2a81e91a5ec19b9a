namespace Glassbox.NN;

/// <summary>
/// Flattens dimensions startDim..endDim into one (<c>torch.nn.Flatten</c>). The default startDim = 1 keeps
/// the batch dimension: [N, C, H, W] → [N, C·H·W].
/// </summary>
public sealed class Flatten : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public Flatten(int startDim = 1, int endDim = -1) { StartDim = startDim; EndDim = endDim; }

    /// <summary>First flattened dimension.</summary>
    public int StartDim { get; }
    /// <summary>Last flattened dimension (inclusive; negative counts from the end).</summary>
    public int EndDim { get; }

    /// <summary>x.flatten(startDim, endDim).</summary>
    public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"start_dim={StartDim}, end_dim={EndDim}";
}
