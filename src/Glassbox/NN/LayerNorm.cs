namespace Glassbox.NN;

/// <summary>
/// Layer normalisation over the trailing dimensions (Ba, Kiros &amp; Hinton, 2016; <c>torch.nn.LayerNorm</c>):
/// y = (x − μ)/√(σ² + ε)·γ + β, where μ and the biased σ² are taken over the last
/// <c>normalizedShape.Length</c> dimensions of each sample, and γ, β have shape normalizedShape.
/// Unlike batch norm it behaves the same in training and eval. On an [N, C, H, W] input, normalizedShape [C, H, W]
/// normalises each image as a whole.
/// </summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    /// <summary>
    /// Creates the layer; γ = 1, β = 0. With <paramref name="bias"/> false (PyTorch 2.1's <c>bias=False</c>) only γ is
    /// learned and β is absent (y = (x − μ)/√(σ² + ε)·γ), as in the bias-free transformers.
    /// </summary>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, DType dtype = DType.Float32, bool bias = true)
    {
        if (normalizedShape.Length == 0) throw new ArgumentException("LayerNorm: normalizedShape must have at least one dimension");
        NormalizedShape = (int[])normalizedShape.Clone();
        (Eps, ElementwiseAffine) = (eps, elementwiseAffine);
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(NormalizedShape, dtype));
            if (bias) Bias = RegisterParameter("bias", Tensor.Zeros(NormalizedShape, dtype));
            else RegisterNullParameter("bias");
        }
        else { RegisterNullParameter("weight"); RegisterNullParameter("bias"); }
    }

    /// <summary>Normalises over the last dimension of size <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, DType dtype = DType.Float32, bool bias = true)
        : this([normalizedShape], eps, elementwiseAffine, dtype, bias) { }

    /// <summary>The trailing shape normalised over.</summary>
    public int[] NormalizedShape { get; }
    /// <summary>Added to the variance for numerical stability.</summary>
    public double Eps { get; }
    /// <summary>Whether γ and β are learned.</summary>
    public bool ElementwiseAffine { get; }
    /// <summary>Scale γ (null without affine).</summary>
    public Tensor? Weight { get; }
    /// <summary>Shift β (null without affine or with bias = false).</summary>
    public Tensor? Bias { get; }

    /// <summary>Normalises each sample over the trailing dimensions (<see cref="F.LayerNorm"/>).</summary>
    public override Tensor Forward(Tensor input)
    {
        int k = NormalizedShape.Length;
        if (input.NDim < k || !input.ShapeArray[^k..].SequenceEqual(NormalizedShape))
            throw new ArgumentException($"LayerNorm: expected input with shape [*, {string.Join(", ", NormalizedShape)}], got {ShapeUtil.Format(input.ShapeArray)}");
        return F.LayerNorm(input, NormalizedShape, Weight, Bias, Eps);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"{PyFormat.Tuple(NormalizedShape)}, eps={PyFormat.Float(Eps)}, elementwise_affine={PyFormat.Bool(ElementwiseAffine)}";
}
