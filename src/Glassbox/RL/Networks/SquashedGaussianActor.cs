using Glassbox.NN;
using Glassbox.RL.Distributions;

namespace Glassbox.RL.Networks;

/// <summary>
/// SAC's stochastic policy: an MLP with two ReLU hidden layers and two heads, the mean μ(s) and log σ(s) of a
/// <see cref="TanhGaussian"/> over the action box (CleanRL's <c>Actor</c> in <c>sac_continuous_action.py</c>).
/// </summary>
/// <remarks>
/// log σ is bounded smoothly: log σ = min + ½(max − min)(tanh(h) + 1) with [min, max] = [−5, 2], CleanRL's choice
/// (after SpinningUp's clamp to [−20, 2]). Without a bound, σ can collapse towards 0 where Q is sharp, and the
/// log-density (and so the entropy term) diverges. Layers <c>fc1</c>, <c>fc2</c>, <c>fc_mean</c>, <c>fc_logstd</c>.
/// </remarks>
public sealed class SquashedGaussianActor : Module<Tensor, TanhGaussian>
{
    /// <summary>Lower bound of log σ.</summary>
    public const double LogStdMin = -5;
    /// <summary>Upper bound of log σ.</summary>
    public const double LogStdMax = 2;

    private readonly Linear fc1, fc2, fcMean, fcLogStd;

    /// <summary>Creates the actor for the action box [<paramref name="actionLow"/>, <paramref name="actionHigh"/>].</summary>
    public SquashedGaussianActor(int observationSize, float[] actionLow, float[] actionHigh, int hidden = 256, DType dtype = DType.Float32, Generator? generator = null)
    {
        (ActionScale, ActionBias) = ActionBox.ScaleAndBias(actionLow, actionHigh, dtype, "SquashedGaussianActor");
        if (observationSize <= 0 || hidden <= 0)
            throw new ArgumentOutOfRangeException(nameof(observationSize), $"SquashedGaussianActor: sizes must be positive, got observation {observationSize}, hidden {hidden}");
        ObservationSize = observationSize;
        fc1 = RegisterModule("fc1", new Linear(observationSize, hidden, dtype: dtype, generator: generator));
        fc2 = RegisterModule("fc2", new Linear(hidden, hidden, dtype: dtype, generator: generator));
        fcMean = RegisterModule("fc_mean", new Linear(hidden, actionLow.Length, dtype: dtype, generator: generator));
        fcLogStd = RegisterModule("fc_logstd", new Linear(hidden, actionLow.Length, dtype: dtype, generator: generator));
        RegisterBuffer("action_scale", ActionScale, persistent: false);
        RegisterBuffer("action_bias", ActionBias, persistent: false);
    }

    /// <summary>Observation dimension.</summary>
    public int ObservationSize { get; }
    /// <summary>(high − low)/2, shape [A].</summary>
    public Tensor ActionScale { get; }
    /// <summary>(high + low)/2, shape [A].</summary>
    public Tensor ActionBias { get; }

    /// <summary>The policy π(·|s) for observations [B, obs].</summary>
    public override TanhGaussian Forward(Tensor observations)
    {
        if (observations.NDim != 2 || observations.Shape[1] != ObservationSize)
            throw new ArgumentException($"SquashedGaussianActor: expected observations [B, {ObservationSize}], got {ShapeUtil.Format(observations.ShapeArray)}");
        var h = fc2.Forward(fc1.Forward(observations).Relu()).Relu();
        var mean = fcMean.Forward(h);
        var logStd = LogStdMin + 0.5 * (LogStdMax - LogStdMin) * (fcLogStd.Forward(h).Tanh() + 1.0);
        return new TanhGaussian(mean, logStd, ActionScale, ActionBias);
    }
}
