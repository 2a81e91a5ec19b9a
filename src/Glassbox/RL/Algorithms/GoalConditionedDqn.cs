using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// DQN on goal-conditioned inputs [s ‖ g] with discrete actions, the learner of HER's bit-flipping experiment
/// (Andrychowicz et al. 2017), trained from <see cref="HindsightReplay"/> minibatches.
/// </summary>
/// <remarks>
/// <para><b>Update</b> on a minibatch ([s‖g], a, r, [s'‖g], d): y = clip(r + γ·(1 − d)·maxₐ' Q'([s'‖g], a'), −1/(1 − γ), 0),
/// loss mean((Q([s‖g], a) − y)²), one Adam step. The clip is the paper's: with rewards in [−1, 0] every true value lies in
/// [−1/(1 − γ), 0], and clipping keeps bootstrapped errors from leaving that range early in training.</para>
/// <para><b>Target network</b>: Q' ← τ·Q + (1 − τ)·Q' when <see cref="UpdateTarget"/> is called (once per optimisation cycle).</para>
/// <para><b>Acting</b>: ε-greedy, argmaxₐ Q([s‖g], a) with probability 1 − ε, else uniform.</para>
/// The clip assumes rewards in [−1, 0] (the paper's sparse reward); <see cref="Update"/> does not check it.
/// </remarks>
public sealed class GoalConditionedDqn
{
    private readonly Generator generator;
    private readonly Adam optimizer;

    /// <summary>Creates the Q-network and its target for <paramref name="inputSize"/> = |s| + |g| inputs and <paramref name="actionCount"/> actions.</summary>
    public GoalConditionedDqn(int inputSize, int actionCount, GoalConditionedDqnOptions? options = null, ulong seed = 0)
    {
        Options = options ?? new GoalConditionedDqnOptions();
        Options.Validate();
        if (inputSize <= 0 || actionCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"GoalConditionedDqn: sizes must be positive, got input {inputSize}, actions {actionCount}");
        InputSize = inputSize;
        ActionCount = actionCount;
        generator = new Generator(seed);
        QNetwork = new Sequential(new Linear(inputSize, Options.Hidden, generator: generator), new ReLU(), new Linear(Options.Hidden, actionCount, generator: generator));
        TargetNetwork = new Sequential(new Linear(inputSize, Options.Hidden, generator: generator), new ReLU(), new Linear(Options.Hidden, actionCount, generator: generator));
        Polyak.Copy(TargetNetwork, QNetwork);
        foreach (var p in TargetNetwork.Parameters()) p.RequiresGrad = false;
        optimizer = new Adam(QNetwork.Parameters(), lr: Options.LearningRate);
    }

    /// <summary>The hyperparameters.</summary>
    public GoalConditionedDqnOptions Options { get; }
    /// <summary>|s| + |g|.</summary>
    public int InputSize { get; }
    /// <summary>Number of discrete actions.</summary>
    public int ActionCount { get; }
    /// <summary>Q([s‖g], ·).</summary>
    public Sequential QNetwork { get; }
    /// <summary>The target Q'.</summary>
    public Sequential TargetNetwork { get; }

    /// <summary>ε-greedy actions for inputs [B, |s| + |g|]; ε = 0 gives the greedy policy.</summary>
    public int[] Act(Tensor inputs, double epsilon)
    {
        if (!(epsilon >= 0 && epsilon <= 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"GoalConditionedDqn.Act: epsilon must be in [0, 1], got {epsilon}");
        if (inputs.NDim != 2 || inputs.Shape[1] != InputSize)
            throw new ArgumentException($"GoalConditionedDqn.Act: expected inputs [B, {InputSize}], got {ShapeUtil.Format(inputs.ShapeArray)}");
        using var scope = new TensorScope();
        using var _ = GradMode.NoGrad();
        var greedy = QNetwork.Forward(inputs).ArgMax(1).ToArray<long>();
        var actions = new int[greedy.Length];
        for (int i = 0; i < actions.Length; i++)
            actions[i] = epsilon > 0 && generator.NextDouble() < epsilon ? generator.NextInt(ActionCount) : (int)greedy[i];
        return actions;
    }

    /// <summary>The clipped target y = clip(r + γ(1 − d)·maxₐ' Q'(s', a'), −1/(1 − γ), 0) of a minibatch.</summary>
    public Tensor Target(ReplayBatch batch)
    {
        using var _ = GradMode.NoGrad();
        var nextMax = TargetNetwork.Forward(batch.NextObservations).Max(1).Values;
        return (batch.Rewards + (1.0 - batch.Terminated) * Options.Gamma * nextMax).Clamp(-1.0 / (1 - Options.Gamma), 0.0);
    }

    /// <summary>One Adam step on the squared TD error of <paramref name="batch"/>; returns the loss.</summary>
    public double Update(ReplayBatch batch)
    {
        if (batch.Observations.NDim != 2 || batch.Observations.Shape[1] != InputSize || batch.Actions.NDim != 2 || batch.Actions.Shape[1] != 1)
            throw new ArgumentException($"GoalConditionedDqn.Update: expected observations [B, {InputSize}] and actions [B, 1], got {ShapeUtil.Format(batch.Observations.ShapeArray)} and {ShapeUtil.Format(batch.Actions.ShapeArray)}");
        using var scope = new TensorScope();
        var y = Target(batch);
        var index = batch.Actions.To(DType.Int64);
        var q = QNetwork.Forward(batch.Observations).Gather(1, index).Reshape([index.Shape[0]]);
        var loss = F.MseLoss(q, y);
        optimizer.ZeroGrad();
        loss.Backward();
        optimizer.Step();
        return loss.Item();
    }

    /// <summary>Q' ← τ·Q + (1 − τ)·Q'.</summary>
    public void UpdateTarget() => Polyak.Update(TargetNetwork, QNetwork, Options.Tau);
}
