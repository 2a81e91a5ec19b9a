using Glassbox.NN;

namespace Glassbox.RL.Networks;

/// <summary>
/// The deterministic policy μ(s) of DDPG and TD3: an MLP with two ReLU hidden layers whose output goes through tanh and is
/// mapped onto the action box, μ(s) = tanh(f(s))·s_a + b_a with s_a = (high − low)/2, b_a = (high + low)/2 (CleanRL's
/// <c>Actor</c> in <c>ddpg_continuous_action.py</c> and <c>td3_continuous_action.py</c>).
/// </summary>
/// <remarks>Layers <c>fc1</c>, <c>fc2</c>, <c>fc_mu</c>; the scale and bias are non-persistent buffers, as in CleanRL.</remarks>
public sealed class DeterministicActor : Module<Tensor, Tensor>
{
    private readonly Linear fc1, fc2, fcMu;

    /// <summary>Creates the actor for the action box [<paramref name="actionLow"/>, <paramref name="actionHigh"/>].</summary>
    public DeterministicActor(int observationSize, float[] actionLow, float[] actionHigh, int hidden = 256, DType dtype = DType.Float32, Generator? generator = null)
    {
        (ActionScale, ActionBias) = ActionBox.ScaleAndBias(actionLow, actionHigh, dtype, "DeterministicActor");
        if (observationSize <= 0 || hidden <= 0)
            throw new ArgumentOutOfRangeException(nameof(observationSize), $"DeterministicActor: sizes must be positive, got observation {observationSize}, hidden {hidden}");
        ObservationSize = observationSize;
        fc1 = RegisterModule("fc1", new Linear(observationSize, hidden, dtype: dtype, generator: generator));
        fc2 = RegisterModule("fc2", new Linear(hidden, hidden, dtype: dtype, generator: generator));
        fcMu = RegisterModule("fc_mu", new Linear(hidden, actionLow.Length, dtype: dtype, generator: generator));
        RegisterBuffer("action_scale", ActionScale, persistent: false);
        RegisterBuffer("action_bias", ActionBias, persistent: false);
    }

    /// <summary>Observation dimension.</summary>
    public int ObservationSize { get; }
    /// <summary>(high − low)/2, shape [A].</summary>
    public Tensor ActionScale { get; }
    /// <summary>(high + low)/2, shape [A].</summary>
    public Tensor ActionBias { get; }

    /// <summary>μ(s) for observations [B, obs]; returns actions [B, A] inside the box.</summary>
    public override Tensor Forward(Tensor observations)
    {
        if (observations.NDim != 2 || observations.Shape[1] != ObservationSize)
            throw new ArgumentException($"DeterministicActor: expected observations [B, {ObservationSize}], got {ShapeUtil.Format(observations.ShapeArray)}");
        var h = fc2.Forward(fc1.Forward(observations).Relu()).Relu();
        return fcMu.Forward(h).Tanh() * ActionScale + ActionBias;
    }
}
