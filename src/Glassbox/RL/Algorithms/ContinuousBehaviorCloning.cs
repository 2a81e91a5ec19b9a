using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.RL.Networks;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Behaviour cloning for continuous actions: a deterministic policy μ(s) fitted to the dataset's actions by least squares,
/// L = mean ‖μ(s) − a_D‖², with Adam — the baseline every offline RL method is compared with (the "BC" rows of D4RL).
/// </summary>
/// <remarks>
/// <para>The policy is a <see cref="DeterministicActor"/> (two ReLU hidden layers, tanh onto the action box), so its
/// actions always lie inside the box. Regression to the mean action is the maximum-likelihood fit of a Gaussian policy
/// with fixed variance; on a dataset mixing several behaviours it imitates their average, which is why BC is only as good
/// as the typical action of the data — it cannot pick out the better episodes, as a method that reads the rewards can.</para>
/// <para>It implements <see cref="IContinuousOffPolicyAgent"/> so that the offline loop can train and evaluate it like the
/// value-based learners: <see cref="Update(Tensor, Tensor, Tensor, Tensor, Tensor)"/> ignores rewards, next observations and flags, and
/// <see cref="Act"/> returns μ(s) with or without exploration (it is never used to collect data).</para>
/// </remarks>
public sealed class ContinuousBehaviorCloning : IContinuousOffPolicyAgent
{
    private readonly Adam optimizer;
    private readonly DType dtype;

    /// <summary>Creates the policy, initialised from <paramref name="seed"/>.</summary>
    /// <param name="observationSize">Observation dimension.</param>
    /// <param name="actionLow">Lower bounds of the action box.</param>
    /// <param name="actionHigh">Upper bounds of the action box.</param>
    /// <param name="hidden">Width of the two hidden layers.</param>
    /// <param name="batchSize">Minibatch size.</param>
    /// <param name="lr">Adam learning rate.</param>
    /// <param name="seed">Seed of the initialisation.</param>
    /// <param name="dtype">Floating dtype of the network.</param>
    public ContinuousBehaviorCloning(int observationSize, float[] actionLow, float[] actionHigh, int hidden = 256, int batchSize = 256, double lr = 1e-3,
        ulong seed = 0, DType dtype = DType.Float32)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"ContinuousBehaviorCloning: batchSize must be positive, got {batchSize}");
        if (!(lr > 0)) throw new ArgumentOutOfRangeException(nameof(lr), lr, $"ContinuousBehaviorCloning: lr must be positive, got {lr}");
        this.dtype = dtype;
        Policy = new DeterministicActor(observationSize, actionLow, actionHigh, hidden, dtype, new Generator(seed));
        optimizer = new Adam(Policy.Parameters(), lr: lr);
        BatchSize = batchSize;
    }

    /// <summary>The policy μ.</summary>
    public DeterministicActor Policy { get; }
    /// <inheritdoc/>
    public int BatchSize { get; }
    /// <summary>0: behaviour cloning never collects data.</summary>
    public int LearningStarts => 0;

    /// <summary>μ(s) for observations [B, obs] (the same with or without <paramref name="explore"/>).</summary>
    public Tensor Act(Tensor observations, bool explore)
    {
        using var _ = GradMode.NoGrad();
        return Policy.Forward(observations);
    }

    /// <summary>One Adam step on mean ‖μ(s) − a‖² (summed over action dimensions, averaged over the batch); reported as the actor loss.</summary>
    public OffPolicyUpdateStats Update(Tensor observations, Tensor actions, Tensor rewards, Tensor nextObservations, Tensor terminated)
    {
        OffPolicyChecks.Batch("ContinuousBehaviorCloning", dtype, observations, actions, rewards, nextObservations, terminated);
        using var scope = new TensorScope();
        var diff = Policy.Forward(observations) - actions;
        var loss = (diff * diff).Sum(1).Mean();
        optimizer.ZeroGrad();
        loss.Backward();
        optimizer.Step();
        return new OffPolicyUpdateStats(double.NaN, double.NaN, loss.Item(), double.NaN);
    }
}
