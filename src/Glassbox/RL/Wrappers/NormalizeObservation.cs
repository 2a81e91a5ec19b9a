using Glassbox.RL.Spaces;

namespace Glassbox.RL.Wrappers;

/// <summary>
/// Standardises float32 observations with running statistics (Gymnasium's <c>NormalizeObservation</c>): each
/// observation (from <c>Reset</c> and <c>Step</c>) first updates a <see cref="RunningMeanStd"/>, then is returned as
/// <c>(x − μ) / √(σ² + ε)</c>, cast to float32.
/// </summary>
/// <remarks>The statistics keep updating unless <see cref="UpdateRunningMean"/> is turned off (do that for evaluation
/// with statistics frozen from training). The observation space becomes unbounded, as Gymnasium's.</remarks>
public sealed class NormalizeObservation<TAct> : Wrapper<float[], TAct>
{
    private readonly double epsilon;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="epsilon"/> keeps the division finite (Gymnasium's 1e-8).</summary>
    public NormalizeObservation(IEnv<float[], TAct> inner, double epsilon = 1e-8) : base(inner)
    {
        var box = inner.ObservationSpace as Box
            ?? throw new ArgumentException($"NormalizeObservation({inner.Id}): needs a Box observation space, got {inner.ObservationSpace}");
        this.epsilon = epsilon;
        Statistics = new RunningMeanStd(box.Size);
        ObservationSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, box.Size);
    }

    /// <inheritdoc/>
    public override Spaces.Space<float[]> ObservationSpace { get; }

    /// <summary>The running statistics.</summary>
    public RunningMeanStd Statistics { get; }

    /// <summary>Whether observations update the statistics (default true).</summary>
    public bool UpdateRunningMean { get; set; } = true;

    /// <inheritdoc/>
    public override ResetResult<float[]> Reset(long? seed = null)
    {
        var r = Inner.Reset(seed);
        return r with { Observation = Normalize(r.Observation) };
    }

    /// <inheritdoc/>
    public override StepResult<float[]> Step(TAct action)
    {
        var r = Inner.Step(action);
        return r with { Observation = Normalize(r.Observation) };
    }

    private float[] Normalize(float[] x)
    {
        if (UpdateRunningMean) Statistics.Update(x);
        var mean = Statistics.Mean;
        var var = Statistics.Var;
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = (float)((x[i] - mean[i]) / Math.Sqrt(var[i] + epsilon));
        return y;
    }
}
