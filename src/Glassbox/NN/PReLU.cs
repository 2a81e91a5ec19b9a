namespace Glassbox.NN;

/// <summary>
/// Parametric ReLU (He et al., 2015; <c>torch.nn.PReLU</c>): x for x &gt; 0, a·x otherwise, with a learned.
/// One slope shared by all channels (numParameters = 1) or one per channel, where the channel is dimension 1
/// of the input. Slopes start at 0.25.
/// </summary>
public sealed class PReLU : Module<Tensor, Tensor>
{
    /// <summary>Creates the activation with <paramref name="numParameters"/> slopes set to <paramref name="init"/>.</summary>
    public PReLU(int numParameters = 1, double init = 0.25, DType dtype = DType.Float32)
    {
        if (numParameters <= 0) throw new ArgumentOutOfRangeException(nameof(numParameters), $"PReLU: numParameters must be positive, got {numParameters}");
        NumParameters = numParameters;
        Weight = RegisterParameter("weight", Tensor.Full([numParameters], init, dtype));
    }

    /// <summary>Number of slopes.</summary>
    public int NumParameters { get; }
    /// <summary>The slopes a, shape [numParameters].</summary>
    public Tensor Weight { get; }

    /// <summary>max(0, x) + a·min(0, x), with a broadcast along dimension 1.</summary>
    public override Tensor Forward(Tensor input)
    {
        var a = Weight;
        if (NumParameters > 1)
        {
            if (input.NDim < 2 || input.Shape[1] != NumParameters)
                throw new ArgumentException($"PReLU: {NumParameters} parameters need an input with {NumParameters} channels in dimension 1, got {ShapeUtil.Format(input.ShapeArray)}");
            var shape = Enumerable.Repeat(1, input.NDim).ToArray();
            shape[1] = NumParameters;
            a = Weight.Reshape(shape);
        }
        return Tensor.Where(input.Gt(0.0), input, input * a);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"num_parameters={NumParameters}";
}
