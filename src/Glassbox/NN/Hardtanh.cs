namespace Glassbox.NN;

/// <summary>Clamps into [minVal, maxVal] (<c>torch.nn.Hardtanh</c>); the gradient is 1 inside and 0 outside.</summary>
public sealed class Hardtanh : Module<Tensor, Tensor>
{
    /// <summary>Creates the activation.</summary>
    public Hardtanh(double minVal = -1.0, double maxVal = 1.0)
    {
        if (!(maxVal > minVal)) throw new ArgumentException($"Hardtanh: maxVal ({maxVal}) must be greater than minVal ({minVal})");
        (MinVal, MaxVal) = (minVal, maxVal);
    }

    /// <summary>Lower bound.</summary>
    public double MinVal { get; }
    /// <summary>Upper bound.</summary>
    public double MaxVal { get; }

    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.Clamp(MinVal, MaxVal);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"min_val={PyFormat.Float(MinVal)}, max_val={PyFormat.Float(MaxVal)}";
}
