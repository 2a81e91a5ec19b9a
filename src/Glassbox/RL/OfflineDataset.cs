using System.Globalization;
using Glassbox.Training;

namespace Glassbox.RL;

/// <summary>
/// A fixed dataset of transitions (s, a, r, s′, terminated) for offline reinforcement learning — the counterpart of a
/// D4RL dataset's <c>observations</c>, <c>actions</c>, <c>rewards</c>, <c>next_observations</c> and <c>terminals</c> —
/// together with the returns of the episodes it contains, so a learner can be compared with the data's own behaviour.
/// </summary>
/// <remarks>
/// <para><b>File format.</b> A safetensors file (see <see cref="SafeTensors"/>) with float32 tensors
/// <c>observations</c> [N, obs], <c>actions</c> [N, A], <c>rewards</c> [N], <c>next_observations</c> [N, obs],
/// <c>terminated</c> [N] (0 or 1) and float64 <c>episode_returns</c> [E], and metadata <c>format</c> =
/// <c>glassbox-offline-rl/v1</c>, <c>env</c> (the environment id) and <c>recipe</c> (how the data were collected).
/// Writes are atomic. <see cref="Load"/> rejects a file whose tensors are missing, of the wrong dtype, of inconsistent
/// shapes or non-finite, or whose terminated flags are not 0/1, naming the file and the tensor.</para>
/// <para><b>Terminated, not done.</b> As in <see cref="ReplayBuffer"/>, a time-limit cut is not terminal: the flag is 1
/// only where the environment itself ended the episode, so learners bootstrap through truncations.</para>
/// </remarks>
public sealed class OfflineDataset
{
    /// <summary>The format tag stored in the file's metadata.</summary>
    public const string Format = "glassbox-offline-rl/v1";

    private readonly float[] observations, actions, rewards, nextObservations, terminated;

    /// <summary>A dataset from row-major arrays (copied): N·obs observations, N·A actions, N rewards, N·obs next observations, N flags.</summary>
    /// <param name="observationSize">obs.</param>
    /// <param name="actionSize">A.</param>
    /// <param name="observations">s, row-major [N, obs].</param>
    /// <param name="actions">a, row-major [N, A].</param>
    /// <param name="rewards">r, [N].</param>
    /// <param name="nextObservations">s′, row-major [N, obs].</param>
    /// <param name="terminated">1 where s′ is terminal, else 0, [N].</param>
    /// <param name="episodeReturns">Undiscounted returns of the complete episodes in the data.</param>
    /// <param name="envId">The environment's id (e.g. Pendulum-v1).</param>
    /// <param name="recipe">How the data were collected, in words (also the cache key of a collected dataset).</param>
    public OfflineDataset(int observationSize, int actionSize, float[] observations, float[] actions, float[] rewards, float[] nextObservations,
        float[] terminated, double[] episodeReturns, string envId, string recipe)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(nextObservations);
        ArgumentNullException.ThrowIfNull(terminated);
        ArgumentNullException.ThrowIfNull(episodeReturns);
        ArgumentNullException.ThrowIfNull(envId);
        ArgumentNullException.ThrowIfNull(recipe);
        if (observationSize < 1 || actionSize < 1) throw new ArgumentException($"OfflineDataset: sizes must be positive, got observation {observationSize}, action {actionSize}");
        int n = rewards.Length;
        if (n == 0) throw new ArgumentException("OfflineDataset: the dataset is empty");
        if (observations.Length != (long)n * observationSize || nextObservations.Length != (long)n * observationSize || actions.Length != (long)n * actionSize || terminated.Length != n)
            throw new ArgumentException($"OfflineDataset: {n} rewards need {n}×{observationSize} observations and next observations, {n}×{actionSize} actions and {n} flags; got {observations.Length}, {nextObservations.Length}, {actions.Length}, {terminated.Length}");
        ObservationSize = observationSize;
        ActionSize = actionSize;
        this.observations = (float[])observations.Clone();
        this.actions = (float[])actions.Clone();
        this.rewards = (float[])rewards.Clone();
        this.nextObservations = (float[])nextObservations.Clone();
        this.terminated = (float[])terminated.Clone();
        EpisodeReturns = (double[])episodeReturns.Clone();
        EnvId = envId;
        Recipe = recipe;
    }

    /// <summary>Number of transitions N.</summary>
    public int Count => rewards.Length;
    /// <summary>Observation length.</summary>
    public int ObservationSize { get; }
    /// <summary>Action length.</summary>
    public int ActionSize { get; }
    /// <summary>Undiscounted returns of the complete episodes in the data, in collection order.</summary>
    public IReadOnlyList<double> EpisodeReturns { get; }
    /// <summary>Mean of <see cref="EpisodeReturns"/> (NaN when the data hold no complete episode): the behaviour's own score.</summary>
    public double AverageReturn => EpisodeReturns.Count == 0 ? double.NaN : EpisodeReturns.Average();
    /// <summary>The environment's id.</summary>
    public string EnvId { get; }
    /// <summary>How the data were collected.</summary>
    public string Recipe { get; }

    /// <summary>The first <paramref name="count"/> transitions of <paramref name="buffer"/>, in storage order (a buffer never full holds them in collection order).</summary>
    public static OfflineDataset FromReplay(ReplayBuffer buffer, int count, IEnumerable<double> episodeReturns, string envId, string recipe)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (count < 1 || count > buffer.Count) throw new ArgumentOutOfRangeException(nameof(count), count, $"OfflineDataset.FromReplay: count must be in [1, {buffer.Count}], got {count}");
        using var scope = new TensorScope();
        var batch = buffer.Gather(Enumerable.Range(0, count).ToArray());
        return new OfflineDataset(buffer.ObsDim, buffer.ActDim, batch.Observations.ToArray<float>(), batch.Actions.ToArray<float>(), batch.Rewards.ToArray<float>(),
            batch.NextObservations.ToArray<float>(), batch.Terminated.ToArray<float>(), [.. episodeReturns], envId, recipe);
    }

    /// <summary>A replay buffer holding exactly the dataset, for uniform minibatches (<see cref="ReplayBuffer.Sample"/>).</summary>
    public ReplayBuffer ToReplayBuffer()
    {
        var buffer = new ReplayBuffer(Count, ObservationSize, ActionSize);
        for (int i = 0; i < Count; i++)
            buffer.Add(observations.AsSpan(i * ObservationSize, ObservationSize), actions.AsSpan(i * ActionSize, ActionSize), rewards[i],
                nextObservations.AsSpan(i * ObservationSize, ObservationSize), terminated[i] != 0);
        return buffer;
    }

    /// <summary>Writes the dataset to <paramref name="path"/> (atomically; see the class remarks for the format).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var scope = new TensorScope();
        int n = Count;
        var tensors = new Dictionary<string, Tensor>
        {
            ["observations"] = Tensor.FromArray(observations, n, ObservationSize),
            ["actions"] = Tensor.FromArray(actions, n, ActionSize),
            ["rewards"] = Tensor.FromArray(rewards, n),
            ["next_observations"] = Tensor.FromArray(nextObservations, n, ObservationSize),
            ["terminated"] = Tensor.FromArray(terminated, n),
            ["episode_returns"] = Tensor.FromArray(EpisodeReturns.ToArray(), EpisodeReturns.Count),
        };
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = Format, ["env"] = EnvId, ["recipe"] = Recipe });
    }

    /// <summary>Reads a dataset written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid dataset; the message names the file and what is wrong.</exception>
    public static OfflineDataset Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var scope = new TensorScope();
        var tensors = SafeTensors.Load(path, out var metadata);
        if (!metadata.TryGetValue("format", out var format) || format != Format)
            throw Bad(path, $"metadata 'format' is {(format is null ? "missing" : $"'{format}'")}, expected '{Format}' (not an offline RL dataset)");
        if (!metadata.TryGetValue("env", out var env)) throw Bad(path, "metadata 'env' is missing");
        if (!metadata.TryGetValue("recipe", out var recipe)) throw Bad(path, "metadata 'recipe' is missing");
        var obs = Get(tensors, path, "observations", DType.Float32, 2);
        int n = obs.Shape[0], obsDim = obs.Shape[1];
        if (n == 0 || obsDim == 0) throw Bad(path, $"tensor 'observations' has shape {ShapeUtil.Format(obs.ShapeArray)}, expected at least one transition of at least one value");
        var act = Get(tensors, path, "actions", DType.Float32, 2);
        var rew = Get(tensors, path, "rewards", DType.Float32, 1);
        var next = Get(tensors, path, "next_observations", DType.Float32, 2);
        var term = Get(tensors, path, "terminated", DType.Float32, 1);
        var returns = Get(tensors, path, "episode_returns", DType.Float64, 1);
        if (act.Shape[0] != n || act.Shape[1] == 0 || rew.Shape[0] != n || term.Shape[0] != n || next.Shape[0] != n || next.Shape[1] != obsDim)
            throw Bad(path, $"inconsistent shapes: observations {ShapeUtil.Format(obs.ShapeArray)}, actions {ShapeUtil.Format(act.ShapeArray)}, rewards {ShapeUtil.Format(rew.ShapeArray)}, next_observations {ShapeUtil.Format(next.ShapeArray)}, terminated {ShapeUtil.Format(term.ShapeArray)} (all need {n} rows; next_observations {obsDim} columns)");
        var arrays = new Dictionary<string, float[]>
        {
            ["observations"] = obs.ToArray<float>(), ["actions"] = act.ToArray<float>(), ["rewards"] = rew.ToArray<float>(),
            ["next_observations"] = next.ToArray<float>(), ["terminated"] = term.ToArray<float>(),
        };
        foreach (var (name, values) in arrays)
        {
            int bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0) throw Bad(path, $"tensor '{name}': element {bad} is {values[bad].ToString(CultureInfo.InvariantCulture)}, expected a finite value");
        }
        int flag = Array.FindIndex(arrays["terminated"], v => v != 0f && v != 1f);
        if (flag >= 0) throw Bad(path, $"tensor 'terminated': element {flag} is {arrays["terminated"][flag].ToString(CultureInfo.InvariantCulture)}, expected 0 or 1");
        var episodeReturns = returns.ToArray<double>();
        int badReturn = Array.FindIndex(episodeReturns, v => !double.IsFinite(v));
        if (badReturn >= 0) throw Bad(path, $"tensor 'episode_returns': element {badReturn} is not finite");
        return new OfflineDataset(obsDim, act.Shape[1], arrays["observations"], arrays["actions"], arrays["rewards"], arrays["next_observations"],
            arrays["terminated"], episodeReturns, env, recipe);
    }

    private static Tensor Get(Dictionary<string, Tensor> tensors, string path, string name, DType dtype, int ndim)
    {
        if (!tensors.TryGetValue(name, out var t)) throw Bad(path, $"tensor '{name}' is missing");
        if (t.DType != dtype) throw Bad(path, $"tensor '{name}' is {t.DType.TorchName()}, expected {dtype.TorchName()}");
        if (t.NDim != ndim) throw Bad(path, $"tensor '{name}' has shape {ShapeUtil.Format(t.ShapeArray)}, expected {ndim} dimensions");
        return t;
    }

    private static InvalidDataException Bad(string path, string problem) => new($"{path}: offline dataset: {problem}");
}
