namespace Glassbox.NN;

/// <summary>
/// Fully connected layer y = x·Wᵀ + b (<c>torch.nn.Linear</c>). W has shape [out, in] as in PyTorch; the
/// input is [*, in] and the output [*, out].
/// </summary>
/// <remarks>
/// Default initialisation is exactly PyTorch's <c>reset_parameters</c>: W ~ kaiming_uniform(a = √5), which
/// works out to U(−1/√in, 1/√in), and b ~ U(−1/√in, 1/√in). (Neither is the "He" init for ReLU nets; it is
/// PyTorch's historical default, kept so that models behave the same out of the box.)
/// </remarks>
public sealed class Linear : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer and initialises it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (inFeatures < 0 || outFeatures < 0) throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear: feature counts must be non-negative, got in={inFeatures}, out={outFeatures}");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Tensor.Zeros([outFeatures, inFeatures], dtype));
        if (bias) Bias = RegisterParameter("bias", Tensor.Zeros([outFeatures], dtype));
        else RegisterNullParameter("bias");
        ResetParameters(generator);
    }

    /// <summary>Input features (<c>in_features</c>).</summary>
    public int InFeatures { get; }
    /// <summary>Output features (<c>out_features</c>).</summary>
    public int OutFeatures { get; }
    /// <summary>The weight W, shape [out, in].</summary>
    public Tensor Weight { get; }
    /// <summary>The bias b, shape [out], or null when created with bias = false.</summary>
    public Tensor? Bias { get; }

    /// <summary>Re-draws W ~ kaiming_uniform(a=√5) and b ~ U(−1/√fan_in, 1/√fan_in), as PyTorch's <c>reset_parameters</c>.</summary>
    public void ResetParameters(Generator? generator = null)
    {
        Init.KaimingUniform(Weight, a: Math.Sqrt(5), generator: generator);
        if (Bias is not null)
        {
            int fanIn = InFeatures;
            double bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0;
            Init.Uniform(Bias, -bound, bound, generator);
        }
    }

    /// <summary>y = x·Wᵀ + b.</summary>
    public override Tensor Forward(Tensor input)
    {
        if (input.NDim == 0 || input.Shape[^1] != InFeatures)
            throw new ArgumentException($"Linear: expected input of shape [*, {InFeatures}], got {ShapeUtil.Format(input.ShapeArray)}");
        return Tensor.Linear(input, Weight, Bias);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={PyFormat.Bool(Bias is not null)}";
}
