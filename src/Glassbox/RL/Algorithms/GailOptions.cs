namespace Glassbox.RL.Algorithms;

/// <summary>
/// Hyperparameters of <see cref="Gail"/>: the PPO recipe that trains the policy (CleanRL's <c>ppo.py</c> defaults,
/// <see cref="PpoOptions"/>) and the discriminator's. The discriminator follows Ho &amp; Ermon (2016): two hidden
/// layers of 100 tanh units, trained with Adam; here one pass of <see cref="DiscriminatorMinibatches"/> minibatches per
/// PPO rollout, each pairing a slice of the rollout with as many expert pairs drawn with replacement.
/// </summary>
public sealed record GailOptions
{
    /// <summary>The PPO recipe for the policy (CleanRL defaults).</summary>
    public PpoOptions Ppo { get; init; } = new();
    /// <summary>Hidden widths of the discriminator MLP ([100, 100], tanh, as in the paper).</summary>
    public IReadOnlyList<int> DiscriminatorHidden { get; init; } = [100, 100];
    /// <summary>Adam learning rate of the discriminator (3e-4).</summary>
    public double DiscriminatorLearningRate { get; init; } = 3e-4;
    /// <summary>Passes of the discriminator over each rollout (1).</summary>
    public int DiscriminatorEpochs { get; init; } = 1;
    /// <summary>Minibatches per pass (4, the same split as PPO's update, so minibatches of 128 policy + 128 expert pairs).</summary>
    public int DiscriminatorMinibatches { get; init; } = 4;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate(string who)
    {
        Ppo.Validate(who);
        void Check(bool ok, string what) { if (!ok) throw new ArgumentOutOfRangeException(what, $"{who}: {what} is out of range"); }
        Check(DiscriminatorHidden.All(h => h >= 1), $"DiscriminatorHidden = [{string.Join(", ", DiscriminatorHidden)}]");
        Check(DiscriminatorLearningRate > 0, $"DiscriminatorLearningRate = {DiscriminatorLearningRate}");
        Check(DiscriminatorEpochs >= 0, $"DiscriminatorEpochs = {DiscriminatorEpochs}");
        Check(DiscriminatorMinibatches >= 1 && Ppo.NumEnvs * Ppo.NumSteps % DiscriminatorMinibatches == 0,
            $"DiscriminatorMinibatches = {DiscriminatorMinibatches} (must divide the rollout of {Ppo.NumEnvs * Ppo.NumSteps})");
    }
}
