using Glassbox.NN;

namespace Glassbox.RL.Networks;

/// <summary>
/// The critic Q(s, a) of DDPG, TD3 and SAC for continuous actions: the observation and the action are concatenated
/// and passed through an MLP with two ReLU hidden layers to one output (CleanRL's <c>QNetwork</c>, 256 × 256 by default).
/// </summary>
/// <remarks>
/// Layers are named <c>fc1</c>, <c>fc2</c>, <c>fc3</c> as in CleanRL, so state dicts line up with its checkpoints. The
/// action enters at the first layer — the simplest choice, and the one these recipes were tuned with. Output shape is [B].
/// </remarks>
public sealed class ContinuousQNetwork : Module<Tensor, Tensor, Tensor>
{
    private readonly Linear fc1, fc2, fc3;

    /// <summary>Creates the critic for <paramref name="observationSize"/>-d observations and <paramref name="actionSize"/>-d actions.</summary>
    public ContinuousQNetwork(int observationSize, int actionSize, int hidden = 256, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (observationSize <= 0 || actionSize <= 0 || hidden <= 0)
            throw new ArgumentOutOfRangeException(nameof(observationSize), $"ContinuousQNetwork: sizes must be positive, got observation {observationSize}, action {actionSize}, hidden {hidden}");
        ObservationSize = observationSize;
        ActionSize = actionSize;
        fc1 = RegisterModule("fc1", new Linear(observationSize + actionSize, hidden, dtype: dtype, generator: generator));
        fc2 = RegisterModule("fc2", new Linear(hidden, hidden, dtype: dtype, generator: generator));
        fc3 = RegisterModule("fc3", new Linear(hidden, 1, dtype: dtype, generator: generator));
    }

    /// <summary>Observation dimension.</summary>
    public int ObservationSize { get; }
    /// <summary>Action dimension.</summary>
    public int ActionSize { get; }

    /// <summary>Q(s, a) for observations [B, obs] and actions [B, act]; returns [B].</summary>
    public override Tensor Forward(Tensor observations, Tensor actions)
    {
        if (observations.NDim != 2 || actions.NDim != 2 || observations.Shape[0] != actions.Shape[0]
            || observations.Shape[1] != ObservationSize || actions.Shape[1] != ActionSize)
            throw new ArgumentException($"ContinuousQNetwork: expected observations [B, {ObservationSize}] and actions [B, {ActionSize}], got {ShapeUtil.Format(observations.ShapeArray)} and {ShapeUtil.Format(actions.ShapeArray)}");
        var x = Tensor.Cat([observations, actions], 1);
        var h = fc2.Forward(fc1.Forward(x).Relu()).Relu();
        return fc3.Forward(h).Reshape([observations.Shape[0]]);
    }
}
