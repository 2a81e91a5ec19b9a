using Glassbox.Autograd;

namespace Glassbox.NN;

/// <summary>
/// Batch normalisation over a [N, C] or [N, C, L] input (Ioffe &amp; Szegedy, 2015; <c>torch.nn.BatchNorm1d</c>):
/// y = (x − μ)/√(σ² + ε)·γ + β per channel C.
/// </summary>
/// <remarks>
/// <para>In training μ and σ² are the batch statistics over N (and L), with the <i>biased</i> variance
/// (divide by n) used to normalise, and the running averages updated as
/// running = (1 − momentum)·running + momentum·stat with the <i>unbiased</i> variance (divide by n − 1) —
/// exactly PyTorch's asymmetry. momentum = null gives the cumulative average (factor 1/num_batches_tracked).
/// In eval mode the running statistics are used instead.</para>
/// <para>Buffers "running_mean", "running_var" and "num_batches_tracked" (int64) are in the state dict, as in PyTorch.</para>
/// </remarks>
public sealed class BatchNorm1d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    public BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, DType dtype = DType.Float32)
    {
        if (numFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(numFeatures), $"BatchNorm1d: numFeatures must be positive, got {numFeatures}");
        (NumFeatures, Eps, Momentum, Affine) = (numFeatures, eps, momentum, affine);
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones([numFeatures], dtype));
            Bias = RegisterParameter("bias", Tensor.Zeros([numFeatures], dtype));
        }
        else { RegisterNullParameter("weight"); RegisterNullParameter("bias"); }
        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros([numFeatures], dtype));
        RunningVar = RegisterBuffer("running_var", Tensor.Ones([numFeatures], dtype));
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Zeros([], DType.Int64));
    }

    /// <summary>Channel count C.</summary>
    public int NumFeatures { get; }
    /// <summary>Added to the variance for numerical stability.</summary>
    public double Eps { get; }
    /// <summary>Running-average factor, or null for a cumulative average.</summary>
    public double? Momentum { get; }
    /// <summary>Whether γ and β are learned.</summary>
    public bool Affine { get; }
    /// <summary>Scale γ, shape [C] (null when not affine).</summary>
    public Tensor? Weight { get; }
    /// <summary>Shift β, shape [C] (null when not affine).</summary>
    public Tensor? Bias { get; }
    /// <summary>Running mean, shape [C].</summary>
    public Tensor RunningMean { get; }
    /// <summary>Running (unbiased) variance, shape [C].</summary>
    public Tensor RunningVar { get; }
    /// <summary>Number of training batches seen (int64 scalar).</summary>
    public Tensor NumBatchesTracked { get; }

    /// <summary>Normalises per channel; see the class remarks for train/eval behaviour.</summary>
    public override Tensor Forward(Tensor input)
    {
        if ((input.NDim != 2 && input.NDim != 3) || input.Shape[1] != NumFeatures)
            throw new ArgumentException($"BatchNorm1d: expected input of shape [N, {NumFeatures}] or [N, {NumFeatures}, L], got {ShapeUtil.Format(input.ShapeArray)}");
        int[] dims = input.NDim == 2 ? [0] : [0, 2];
        int[] bshape = input.NDim == 2 ? [1, NumFeatures] : [1, NumFeatures, 1];
        Tensor xhat;
        if (Training)
        {
            int n = input.Numel / NumFeatures;
            if (n <= 1) throw new ArgumentException($"BatchNorm1d: expected more than 1 value per channel when training, got input shape {ShapeUtil.Format(input.ShapeArray)}");
            var mean = input.Mean(dims, keepDim: true);
            var xc = input - mean;
            var var = (xc * xc).Mean(dims, keepDim: true);
            xhat = xc / (var + Eps).Sqrt();
            using (GradMode.NoGrad())
            {
                NumBatchesTracked.AddInPlace(Tensor.Scalar(1, DType.Int64));
                double m = Momentum ?? 1.0 / NumBatchesTracked.Item();
                var unbiased = var.Detach().Reshape(NumFeatures) * ((double)n / (n - 1));
                RunningMean.MulInPlace(1 - m).AddInPlace(mean.Detach().Reshape(NumFeatures), m);
                RunningVar.MulInPlace(1 - m).AddInPlace(unbiased, m);
            }
        }
        else
            xhat = (input - RunningMean.Reshape(bshape)) / (RunningVar.Reshape(bshape) + Eps).Sqrt();
        return Affine ? xhat * Weight!.Reshape(bshape) + Bias!.Reshape(bshape) : xhat;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"{NumFeatures}, eps={PyFormat.Float(Eps)}, momentum={(Momentum is double m ? PyFormat.Float(m) : "None")}, affine={PyFormat.Bool(Affine)}, track_running_stats=True";
}
