using Glassbox.Autograd;

namespace Glassbox.NN;

/// <summary>
/// Shared state and forward of <see cref="BatchNorm1d"/>, <see cref="BatchNorm2d"/> and <see cref="BatchNorm3d"/>
/// (PyTorch's <c>_BatchNorm</c>): y = (x − μ)/√(σ² + ε)·γ + β per channel, computed by <see cref="F.BatchNorm"/>.
/// The subclasses differ only in the input rank they accept.
/// </summary>
/// <remarks>
/// <para>In training μ and σ² are the batch statistics over N and every spatial position, with the <i>biased</i>
/// variance used to normalise and the running averages updated as
/// running = (1 − momentum)·running + momentum·stat with the <i>unbiased</i> variance — exactly PyTorch's asymmetry.
/// momentum = null gives the cumulative average (factor 1/num_batches_tracked). In eval mode the running statistics
/// are used instead.</para>
/// <para>With <see cref="TrackRunningStats"/> false there are no running buffers (registered as null, so absent from
/// the state dict, as in PyTorch) and the batch statistics are used in eval mode too.</para>
/// <para>Buffers "running_mean", "running_var" and "num_batches_tracked" (int64) are in the state dict, as in PyTorch.</para>
/// </remarks>
public abstract class BatchNorm : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    protected BatchNorm(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats, DType dtype)
    {
        if (numFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(numFeatures), $"{GetType().Name}: numFeatures must be positive, got {numFeatures}");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"{GetType().Name}: dtype must be floating point, got {dtype.TorchName()}");
        (NumFeatures, Eps, Momentum, Affine, TrackRunningStats) = (numFeatures, eps, momentum, affine, trackRunningStats);
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones([numFeatures], dtype));
            Bias = RegisterParameter("bias", Tensor.Zeros([numFeatures], dtype));
        }
        else { RegisterNullParameter("weight"); RegisterNullParameter("bias"); }
        if (trackRunningStats)
        {
            RunningMean = RegisterBuffer("running_mean", Tensor.Zeros([numFeatures], dtype));
            RunningVar = RegisterBuffer("running_var", Tensor.Ones([numFeatures], dtype));
            NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Zeros([], DType.Int64));
        }
        else { RegisterNullBuffer("running_mean"); RegisterNullBuffer("running_var"); RegisterNullBuffer("num_batches_tracked"); }
    }

    /// <summary>Channel count C.</summary>
    public int NumFeatures { get; }
    /// <summary>Added to the variance for numerical stability.</summary>
    public double Eps { get; }
    /// <summary>Running-average factor, or null for a cumulative average.</summary>
    public double? Momentum { get; }
    /// <summary>Whether γ and β are learned.</summary>
    public bool Affine { get; }
    /// <summary>Whether running statistics are kept (and used in eval mode).</summary>
    public bool TrackRunningStats { get; }
    /// <summary>Scale γ, shape [C] (null when not affine).</summary>
    public Tensor? Weight { get; }
    /// <summary>Shift β, shape [C] (null when not affine).</summary>
    public Tensor? Bias { get; }
    /// <summary>Running mean, shape [C] (null without running statistics).</summary>
    public Tensor? RunningMean { get; }
    /// <summary>Running (unbiased) variance, shape [C] (null without running statistics).</summary>
    public Tensor? RunningVar { get; }
    /// <summary>Number of training batches seen (int64 scalar; null without running statistics).</summary>
    public Tensor? NumBatchesTracked { get; }

    /// <summary>Throws unless the input has a rank this layer accepts (PyTorch's <c>_check_input_dim</c>).</summary>
    protected abstract void CheckInputDim(Tensor input);

    /// <summary>Running mean 0, running variance 1 and no batches seen (<c>reset_running_stats</c>); nothing without running statistics.</summary>
    public void ResetRunningStats()
    {
        if (!TrackRunningStats) return;
        using (GradMode.NoGrad())
        {
            RunningMean!.CopyFrom(Tensor.Zeros([NumFeatures], RunningMean.DType));
            RunningVar!.CopyFrom(Tensor.Ones([NumFeatures], RunningVar.DType));
            NumBatchesTracked!.CopyFrom(Tensor.Zeros([], DType.Int64));
        }
    }

    /// <summary>Normalises per channel; see the class remarks for train/eval behaviour.</summary>
    public override Tensor Forward(Tensor input)
    {
        CheckInputDim(input);
        if (input.Shape[1] != NumFeatures)
            throw new ArgumentException($"{GetType().Name}: expected {NumFeatures} channels in dimension 1, got input of shape {ShapeUtil.Format(input.ShapeArray)}");
        double factor = Momentum ?? 0.0;
        if (Training && TrackRunningStats)
        {
            using (GradMode.NoGrad()) NumBatchesTracked!.AddInPlace(Tensor.Scalar(1, DType.Int64));
            if (Momentum is null) factor = 1.0 / NumBatchesTracked!.Item();
        }
        // Batch statistics in training, and in eval too when there are no running statistics to use.
        bool useBatch = Training || !TrackRunningStats;
        bool update = Training && TrackRunningStats;
        return F.BatchNorm(input, update || !useBatch ? RunningMean : null, update || !useBatch ? RunningVar : null, Weight, Bias, useBatch, factor, Eps);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"{NumFeatures}, eps={PyFormat.Float(Eps)}, momentum={(Momentum is double m ? PyFormat.Float(m) : "None")}, affine={PyFormat.Bool(Affine)}, track_running_stats={PyFormat.Bool(TrackRunningStats)}";
}
