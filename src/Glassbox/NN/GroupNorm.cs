namespace Glassbox.NN;

/// <summary>
/// Group normalisation (Wu &amp; He, 2018; <c>torch.nn.GroupNorm</c>) of an [N, C, *] input: the channels are split
/// into <see cref="NumGroups"/> consecutive groups and each sample's group is normalised by its own mean and biased
/// variance, then scaled and shifted per channel by γ, β (shape [C]). Independent of the batch, so it behaves the
/// same in training and eval and works at batch size 1 — where batch statistics are noise. G = 1 normalises over
/// (C, *) like a layer norm with per-channel affine; G = C is instance norm with affine.
/// </summary>
public sealed class GroupNorm : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; γ = 1, β = 0.</summary>
    /// <exception cref="ArgumentException">numChannels not divisible by numGroups, or a count not positive.</exception>
    public GroupNorm(int numGroups, int numChannels, double eps = 1e-5, bool affine = true, DType dtype = DType.Float32)
    {
        if (numGroups <= 0 || numChannels <= 0 || numChannels % numGroups != 0)
            throw new ArgumentException($"GroupNorm: num_channels must be divisible by num_groups (both positive), got num_channels={numChannels}, num_groups={numGroups}");
        (NumGroups, NumChannels, Eps, Affine) = (numGroups, numChannels, eps, affine);
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones([numChannels], dtype));
            Bias = RegisterParameter("bias", Tensor.Zeros([numChannels], dtype));
        }
        else { RegisterNullParameter("weight"); RegisterNullParameter("bias"); }
    }

    /// <summary>Number of channel groups G.</summary>
    public int NumGroups { get; }
    /// <summary>Channel count C.</summary>
    public int NumChannels { get; }
    /// <summary>Added to the variance for numerical stability.</summary>
    public double Eps { get; }
    /// <summary>Whether γ and β are learned.</summary>
    public bool Affine { get; }
    /// <summary>Scale γ, shape [C] (null when not affine).</summary>
    public Tensor? Weight { get; }
    /// <summary>Shift β, shape [C] (null when not affine).</summary>
    public Tensor? Bias { get; }

    /// <summary>Normalises each (sample, group); see <see cref="F.GroupNorm"/>.</summary>
    public override Tensor Forward(Tensor input)
    {
        if (input.NDim < 2 || input.Shape[1] != NumChannels)
            throw new ArgumentException($"GroupNorm: expected input of shape [N, {NumChannels}, *], got {ShapeUtil.Format(input.ShapeArray)}");
        return F.GroupNorm(input, NumGroups, Weight, Bias, Eps);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{NumGroups}, {NumChannels}, eps={PyFormat.Float(Eps)}, affine={PyFormat.Bool(Affine)}";
}
