namespace Glassbox.RL;

/// <summary>
/// A fixed-capacity ring buffer of transitions (s, a, r, s', terminated) for off-policy learning: once full, each
/// new transition overwrites the oldest. Storage is preallocated float32, so adding allocates nothing.
/// </summary>
/// <remarks>
/// <para>Store <c>terminated</c>, not <c>terminated || truncated</c>: a time-limit cut is not a terminal state, and
/// the target <c>r + γ·(1 − terminated)·V(s')</c> must still bootstrap from it. Store the true next observation of
/// the step (the final observation of the episode), not the reset observation that follows it.</para>
/// <para><see cref="Sample"/> draws indices uniformly with replacement from the filled part with the given
/// <see cref="Generator"/>, so a seeded learner samples the same minibatches on every run.</para>
/// </remarks>
public sealed class ReplayBuffer
{
    private readonly float[] obs, nextObs, actions, rewards, terminated;
    private int next;

    /// <summary>A buffer for <paramref name="capacity"/> transitions of the given dimensions (a discrete action has dimension 1).</summary>
    public ReplayBuffer(int capacity, int obsDim, int actDim)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"ReplayBuffer: capacity must be at least 1, got {capacity}");
        if (obsDim < 1) throw new ArgumentOutOfRangeException(nameof(obsDim), obsDim, $"ReplayBuffer: obsDim must be at least 1, got {obsDim}");
        if (actDim < 1) throw new ArgumentOutOfRangeException(nameof(actDim), actDim, $"ReplayBuffer: actDim must be at least 1, got {actDim}");
        Capacity = capacity; ObsDim = obsDim; ActDim = actDim;
        obs = new float[(long)capacity * obsDim];
        nextObs = new float[(long)capacity * obsDim];
        actions = new float[(long)capacity * actDim];
        rewards = new float[capacity];
        terminated = new float[capacity];
    }

    /// <summary>Maximum number of stored transitions.</summary>
    public int Capacity { get; }

    /// <summary>Observation length.</summary>
    public int ObsDim { get; }

    /// <summary>Action length.</summary>
    public int ActDim { get; }

    /// <summary>Number of transitions stored (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Stores one transition (copied).</summary>
    public void Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, double reward, ReadOnlySpan<float> nextObservation, bool isTerminated)
    {
        if (observation.Length != ObsDim) throw new ArgumentException($"ReplayBuffer.Add: observation has {observation.Length} values, expected {ObsDim}", nameof(observation));
        if (nextObservation.Length != ObsDim) throw new ArgumentException($"ReplayBuffer.Add: next observation has {nextObservation.Length} values, expected {ObsDim}", nameof(nextObservation));
        if (action.Length != ActDim) throw new ArgumentException($"ReplayBuffer.Add: action has {action.Length} values, expected {ActDim}", nameof(action));
        observation.CopyTo(obs.AsSpan(next * ObsDim, ObsDim));
        nextObservation.CopyTo(nextObs.AsSpan(next * ObsDim, ObsDim));
        action.CopyTo(actions.AsSpan(next * ActDim, ActDim));
        rewards[next] = (float)reward;
        terminated[next] = isTerminated ? 1f : 0f;
        next = (next + 1) % Capacity;
        if (Count < Capacity) Count++;
    }

    /// <summary>Stores a transition with a discrete action (kept as a float in a one-dimensional action).</summary>
    public void Add(ReadOnlySpan<float> observation, int action, double reward, ReadOnlySpan<float> nextObservation, bool isTerminated)
    {
        if (ActDim != 1) throw new InvalidOperationException($"ReplayBuffer.Add: a discrete action needs actDim 1, this buffer has {ActDim}");
        Span<float> a = [action];
        Add(observation, a, reward, nextObservation, isTerminated);
    }

    /// <summary>
    /// <paramref name="batchSize"/> transitions drawn uniformly with replacement: tensors
    /// <c>[B, obsDim]</c>, <c>[B, actDim]</c>, <c>[B]</c>, <c>[B, obsDim]</c>, <c>[B]</c> (terminated as 0/1), float32.
    /// </summary>
    public ReplayBatch Sample(int batchSize, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (Count == 0) throw new InvalidOperationException("ReplayBuffer.Sample: the buffer is empty");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"ReplayBuffer.Sample: batchSize must be at least 1, got {batchSize}");
        var idx = new int[batchSize];
        for (int i = 0; i < batchSize; i++) idx[i] = generator.NextInt(Count);
        return Gather(idx);
    }

    /// <summary>The transitions at the given storage indices (for prioritised or hindsight samplers).</summary>
    public ReplayBatch Gather(ReadOnlySpan<int> indices)
    {
        int b = indices.Length;
        var o = new float[b * ObsDim]; var no = new float[b * ObsDim]; var a = new float[b * ActDim];
        var r = new float[b]; var t = new float[b];
        for (int i = 0; i < b; i++)
        {
            int j = indices[i];
            if ((uint)j >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), j, $"ReplayBuffer.Gather: index {j} is outside the {Count} stored transitions");
            obs.AsSpan(j * ObsDim, ObsDim).CopyTo(o.AsSpan(i * ObsDim));
            nextObs.AsSpan(j * ObsDim, ObsDim).CopyTo(no.AsSpan(i * ObsDim));
            actions.AsSpan(j * ActDim, ActDim).CopyTo(a.AsSpan(i * ActDim));
            r[i] = rewards[j];
            t[i] = terminated[j];
        }
        return new ReplayBatch(Tensor.FromArray(o, b, ObsDim), Tensor.FromArray(a, b, ActDim), Tensor.FromArray(r, b),
                               Tensor.FromArray(no, b, ObsDim), Tensor.FromArray(t, b));
    }
}
