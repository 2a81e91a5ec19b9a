namespace Glassbox.RL;

/// <summary>A minibatch from <see cref="ReplayBuffer"/>; every tensor is float32 with B rows.</summary>
public readonly record struct ReplayBatch(Tensor Observations, Tensor Actions, Tensor Rewards, Tensor NextObservations, Tensor Terminated);
