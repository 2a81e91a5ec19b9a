using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.RL.Distributions;
using Glassbox.RL.Networks;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Behaviour cloning: imitation as supervised learning of the expert's action from the state, on the
/// (s, a_E) pairs of <see cref="Demonstrations"/> (Pomerleau's ALVINN, 1989; the <c>imitation</c> library's <c>BC</c>).
/// </summary>
/// <remarks>
/// <para><b>Objective.</b> For discrete actions, the cross-entropy of the policy's logits against the expert action,
/// L = −mean log π_θ(a_E | s) (<c>F.cross_entropy</c>); for continuous actions either the Gaussian negative
/// log-likelihood −mean log N(a_E; μ_θ(s), diag σ²) with a learned state-independent log σ, or the squared error
/// mean ‖μ_θ(s) − a_E‖² (<see cref="ContinuousCloningLoss"/>). Minibatch Adam over shuffled demonstrations for a fixed
/// number of epochs; the learner never touches the environment.</para>
/// <para><b>Compounding error</b> (Ross, Gordon &amp; Bagnell, 2011, "A Reduction of Imitation Learning and Structured
/// Prediction to No-Regret Online Learning"). The training states come from the expert's state distribution, but the
/// clone is run on its own: one mistake carries it to a state the expert never visited, where it has no data and
/// errs more. If the clone errs with probability ε per step on the expert's distribution, its cost over a horizon T
/// can grow like T²·ε instead of the T·ε a learner on its own distribution would pay. This is why BC needs many
/// demonstrations and why it degrades much faster than GAIL when demonstrations are few or subsampled; DAgger fixes it
/// by querying the expert on the learner's states, and GAIL by letting the learner practise in the environment.</para>
/// <para><b>Acting.</b> <see cref="Greedy"/> takes the most probable action and <see cref="Mean"/> the Gaussian mean:
/// the clone is evaluated deterministically, as the expert was recorded. Everything random (initialisation,
/// shuffling) draws from one <see cref="Generator"/> seeded with the seed.</para>
/// </remarks>
public sealed class BehaviorCloning
{
    private readonly Generator generator;
    private readonly Adam optimizer;

    /// <summary>
    /// Builds the policy for observations of <paramref name="observationSize"/> features and either
    /// <paramref name="actionCount"/> discrete actions (<paramref name="actionSize"/> = 0) or a continuous action of
    /// <paramref name="actionSize"/> dimensions (<paramref name="actionCount"/> = 0).
    /// </summary>
    public BehaviorCloning(int observationSize, int actionCount, int actionSize, BehaviorCloningOptions? options = null, ulong seed = 1)
    {
        Options = options ?? new BehaviorCloningOptions();
        Options.Validate("BehaviorCloning");
        if (observationSize < 1) throw new ArgumentOutOfRangeException(nameof(observationSize), $"BehaviorCloning: observationSize must be positive, got {observationSize}");
        if ((actionCount > 0) == (actionSize > 0) || actionCount < 0 || actionSize < 0)
            throw new ArgumentException($"BehaviorCloning: give exactly one of actionCount (discrete, got {actionCount}) and actionSize (continuous, got {actionSize})");
        generator = new Generator(seed);
        ObservationSize = observationSize;
        ActionCount = actionCount;
        ActionSize = actionSize;
        // A policy head of gain 0.01 starts near-uniform (discrete) or near-zero mean (continuous), as the PPO actor.
        Network = PolicyMlp.Build(observationSize, Options.Hidden, actionCount > 0 ? actionCount : actionSize, Options.Activation, 0.01, generator);
        var parameters = Network.Parameters().ToList();
        if (actionSize > 0)
        {
            LogStd = Tensor.Zeros([1, actionSize]);
            LogStd.RequiresGrad = true;
            if (Options.ContinuousLoss == ContinuousCloningLoss.GaussianLogLikelihood) parameters.Add(LogStd);
        }
        optimizer = new Adam(parameters, lr: Options.LearningRate);
    }

    /// <summary>The recipe in use.</summary>
    public BehaviorCloningOptions Options { get; }
    /// <summary>The policy MLP: observations [B, obs] → logits [B, actions] or means [B, act].</summary>
    public Sequential Network { get; }
    /// <summary>The learned log σ [1, act] of a continuous policy (trained only with the Gaussian likelihood); null for discrete.</summary>
    public Tensor? LogStd { get; }
    /// <summary>Observation features.</summary>
    public int ObservationSize { get; }
    /// <summary>Number of discrete actions (0 when continuous).</summary>
    public int ActionCount { get; }
    /// <summary>Continuous action dimension (0 when discrete).</summary>
    public int ActionSize { get; }
    /// <summary>Mean training loss of every epoch so far.</summary>
    public List<double> EpochLosses { get; } = [];

    /// <summary>
    /// The behaviour-cloning loss of a minibatch for the configured action kind: cross-entropy of the logits against int64
    /// actions [B], or the configured continuous loss of the means against float32 actions [B, act].
    /// </summary>
    public Tensor Loss(Tensor observations, Tensor actions)
    {
        var output = Network.Forward(observations);
        if (ActionCount > 0) return F.CrossEntropy(output, actions);
        return Options.ContinuousLoss == ContinuousCloningLoss.MeanSquaredError
            ? F.MseLoss(output, actions)
            : -new DiagonalGaussian(output, LogStd!).LogProb(actions).Mean();
    }

    /// <summary>
    /// Trains for <see cref="BehaviorCloningOptions.Epochs"/> passes over <paramref name="demonstrations"/> (reshuffled
    /// each epoch, the last minibatch possibly smaller), calling <paramref name="onEpoch"/> with the 1-based epoch and its
    /// mean minibatch loss; returns the last epoch's mean loss (NaN when there were no epochs).
    /// </summary>
    public double Fit(Demonstrations demonstrations, Action<int, double>? onEpoch = null) => Fit(demonstrations, Options.Epochs, onEpoch);

    /// <summary>Runs <paramref name="epochs"/> more epochs of <see cref="Fit(Demonstrations, Action{int, double}?)"/>.</summary>
    /// <exception cref="ArgumentException">The demonstrations' observation or action shape does not fit this policy.</exception>
    public double Fit(Demonstrations demonstrations, int epochs, Action<int, double>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(demonstrations);
        if (demonstrations.ObservationSize != ObservationSize)
            throw new ArgumentException($"BehaviorCloning.Fit: demonstrations have {demonstrations.ObservationSize} observation features, the policy {ObservationSize}");
        if (ActionCount > 0 && demonstrations.ActionCount != ActionCount)
            throw new ArgumentException($"BehaviorCloning.Fit: demonstrations have {demonstrations.ActionCount} discrete actions, the policy {ActionCount}");
        if (ActionSize > 0 && (demonstrations.IsDiscrete || demonstrations.Actions.Size(1) != ActionSize))
            throw new ArgumentException($"BehaviorCloning.Fit: the policy needs continuous actions of {ActionSize} dimensions, the demonstrations have "
                + (demonstrations.IsDiscrete ? $"{demonstrations.ActionCount} discrete actions" : $"{demonstrations.Actions.Size(1)} dimensions"));
        int n = demonstrations.Count, batch = Options.BatchSize;
        var indices = Enumerable.Range(0, n).ToArray();
        double last = double.NaN;
        for (int k = 0; k < epochs; k++)
        {
            Ppo.Shuffle(indices, generator);
            double sum = 0;
            int batches = 0;
            for (int start = 0; start < n; start += batch)
            {
                using var scope = new TensorScope();
                int len = Math.Min(batch, n - start);
                var idx = Tensor.FromArray(indices[start..(start + len)], len);
                var loss = Loss(demonstrations.Observations.IndexSelect(0, idx), demonstrations.Actions.IndexSelect(0, idx));
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
                sum += loss.Item();
                batches++;
            }
            last = sum / batches;
            EpochLosses.Add(last);
            onEpoch?.Invoke(EpochLosses.Count, last);
        }
        return last;
    }

    /// <summary>The most probable action (0-based) for one observation of a discrete policy.</summary>
    public int Greedy(float[] observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (ActionCount == 0) throw new InvalidOperationException("BehaviorCloning.Greedy: the policy is continuous; use Mean");
        using var scope = new TensorScope();
        using var _ = GradMode.NoGrad();
        return (int)Network.Forward(Tensor.FromArray(observation, 1, observation.Length)).ArgMax(1).ToArray<long>()[0];
    }

    /// <summary>The action mean μ_θ(s) for one observation of a continuous policy.</summary>
    public float[] Mean(float[] observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (ActionSize == 0) throw new InvalidOperationException("BehaviorCloning.Mean: the policy is discrete; use Greedy");
        using var scope = new TensorScope();
        using var _ = GradMode.NoGrad();
        return Network.Forward(Tensor.FromArray(observation, 1, observation.Length)).ToArray<float>();
    }
}
