namespace Glassbox.NN;

/// <summary>
/// Shared state and forward of <see cref="InstanceNorm1d"/> and <see cref="InstanceNorm2d"/> (PyTorch's
/// <c>_InstanceNorm</c>): each (sample, channel) is normalised by its own spatial mean and biased variance
/// (<see cref="F.InstanceNorm"/>), then the optional per-channel affine is applied.
/// </summary>
/// <remarks>
/// <para>PyTorch's defaults differ from batch norm's: no affine and no running statistics. With
/// <see cref="TrackRunningStats"/> the running mean/variance are updated in training with the batch average of the
/// per-instance statistics (unbiased variance) and used in eval mode, which then is eval-mode batch norm.</para>
/// <para>An input without the batch dimension ([C, L] or [C, H, W]) is treated as a batch of one.</para>
/// </remarks>
public abstract class InstanceNorm : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; γ = 1, β = 0, running mean 0 and running variance 1 where present.</summary>
    protected InstanceNorm(int numFeatures, double eps, double momentum, bool affine, bool trackRunningStats, DType dtype)
    {
        if (numFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(numFeatures), $"{GetType().Name}: numFeatures must be positive, got {numFeatures}");
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
            // Present (and saved) as in PyTorch, whose instance norm inherits it but never advances it.
            RegisterBuffer("num_batches_tracked", Tensor.Zeros([], DType.Int64));
        }
        else { RegisterNullBuffer("running_mean"); RegisterNullBuffer("running_var"); RegisterNullBuffer("num_batches_tracked"); }
    }

    /// <summary>Channel count C.</summary>
    public int NumFeatures { get; }
    /// <summary>Added to the variance for numerical stability.</summary>
    public double Eps { get; }
    /// <summary>Running-average factor for the running statistics.</summary>
    public double Momentum { get; }
    /// <summary>Whether γ and β are learned (default false).</summary>
    public bool Affine { get; }
    /// <summary>Whether running statistics are kept and used in eval mode (default false).</summary>
    public bool TrackRunningStats { get; }
    /// <summary>Scale γ, shape [C] (null when not affine).</summary>
    public Tensor? Weight { get; }
    /// <summary>Shift β, shape [C] (null when not affine).</summary>
    public Tensor? Bias { get; }
    /// <summary>Running mean, shape [C] (null without running statistics).</summary>
    public Tensor? RunningMean { get; }
    /// <summary>Running (unbiased) variance, shape [C] (null without running statistics).</summary>
    public Tensor? RunningVar { get; }

    /// <summary>Rank of an unbatched input ([C, L] → 2, [C, H, W] → 3); a batched one has one more.</summary>
    protected abstract int NoBatchDim { get; }

    /// <summary>Normalises each (sample, channel); see the class remarks.</summary>
    public override Tensor Forward(Tensor input)
    {
        if (input.NDim != NoBatchDim && input.NDim != NoBatchDim + 1)
            throw new ArgumentException($"{GetType().Name}: expected {NoBatchDim}D or {NoBatchDim + 1}D input (got {input.NDim}D input of shape {ShapeUtil.Format(input.ShapeArray)})");
        int featureDim = input.NDim - NoBatchDim;
        // PyTorch only warns on a channel mismatch without affine; here it is an error either way, since a
        // mismatch means the layer was built for a different tensor (and running statistics would not fit either).
        if (input.Shape[featureDim] != NumFeatures)
            throw new ArgumentException($"{GetType().Name}: expected input's size at dim={featureDim} to match num_features ({NumFeatures}), got input of shape {ShapeUtil.Format(input.ShapeArray)}");
        bool unbatched = input.NDim == NoBatchDim;
        var x = unbatched ? input.Unsqueeze(0) : input;
        var y = F.InstanceNorm(x, RunningMean, RunningVar, Weight, Bias, Training || !TrackRunningStats, Momentum, Eps);
        return unbatched ? y.Squeeze(0) : y;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"{NumFeatures}, eps={PyFormat.Float(Eps)}, momentum={PyFormat.Float(Momentum)}, affine={PyFormat.Bool(Affine)}, track_running_stats={PyFormat.Bool(TrackRunningStats)}";
}

/// <summary>Instance normalisation over [N, C, L] or [C, L] input (<c>torch.nn.InstanceNorm1d</c>); see <see cref="InstanceNorm"/>.</summary>
public sealed class InstanceNorm1d : InstanceNorm
{
    /// <summary>Creates the layer with PyTorch's defaults (no affine, no running statistics).</summary>
    public InstanceNorm1d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = false, bool trackRunningStats = false, DType dtype = DType.Float32)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, dtype) { }

    /// <inheritdoc/>
    protected override int NoBatchDim => 2;
}

/// <summary>Instance normalisation over [N, C, H, W] or [C, H, W] input (<c>torch.nn.InstanceNorm2d</c>); see <see cref="InstanceNorm"/>.</summary>
public sealed class InstanceNorm2d : InstanceNorm
{
    /// <summary>Creates the layer with PyTorch's defaults (no affine, no running statistics).</summary>
    public InstanceNorm2d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = false, bool trackRunningStats = false, DType dtype = DType.Float32)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, dtype) { }

    /// <inheritdoc/>
    protected override int NoBatchDim => 3;
}
