using System.Globalization;
using Glassbox.Training;

namespace Glassbox.RL;

/// <summary>
/// Expert demonstrations for imitation learning: the (state, action) pairs of whole episodes played by an expert,
/// with the episode boundaries and each episode's return — the data set that behaviour cloning regresses on and that
/// GAIL's discriminator tells apart from the learner's own play (the "expert trajectories" of the
/// <c>imitation</c> library's <c>Trajectory</c> / D4RL-style datasets).
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> <see cref="Observations"/> is float32 [N, obs]; <see cref="Actions"/> is int64 [N] (0-based
/// indices) for a discrete action space or float32 [N, act] for a continuous one; episode k owns rows
/// <c>EpisodeOffsets[k] .. EpisodeOffsets[k + 1]</c>. <see cref="Returns"/> are the undiscounted returns of the
/// episodes as played, and stay those of the whole episodes after <see cref="Subsample"/>.</para>
/// <para><b>File format</b> (<see cref="Save"/>): a safetensors file with tensors <c>observations</c> (F32 [N, obs]),
/// <c>actions</c> (I64 [N] or F32 [N, act]), <c>episode_offsets</c> (I64 [E + 1]) and <c>returns</c> (F64 [E]), and
/// metadata <c>format</c> = <c>glassbox-demonstrations/v1</c>, <c>env</c>, <c>action_kind</c> (<c>discrete</c> or
/// <c>continuous</c>) and, for discrete actions, <c>action_count</c>. <see cref="Load"/> checks every one of these
/// and names the file and the fault when something is off.</para>
/// </remarks>
public sealed class Demonstrations
{
    /// <summary>The format tag written to and required in the file metadata.</summary>
    public const string Format = "glassbox-demonstrations/v1";

    /// <summary>
    /// Wraps arrays as demonstrations, validating them. <paramref name="actionCount"/> is the number of discrete actions
    /// (for int64 actions) and must be 0 for continuous (float32) actions.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes, dtypes or boundaries are inconsistent (the message says which).</exception>
    public Demonstrations(string envId, Tensor observations, Tensor actions, long[] episodeOffsets, double[] returns, int actionCount)
    {
        ArgumentNullException.ThrowIfNull(envId);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(episodeOffsets);
        ArgumentNullException.ThrowIfNull(returns);
        var problem = Check(observations, actions, episodeOffsets, returns, actionCount);
        if (problem is not null) throw new ArgumentException($"Demonstrations: {problem}");
        EnvId = envId;
        Observations = observations;
        Actions = actions;
        EpisodeOffsets = (long[])episodeOffsets.Clone();
        Returns = (double[])returns.Clone();
        ActionCount = actionCount;
    }

    /// <summary>The environment the expert played (its Gymnasium id).</summary>
    public string EnvId { get; }
    /// <summary>States, float32 [N, obs].</summary>
    public Tensor Observations { get; }
    /// <summary>Expert actions: int64 [N] for discrete spaces, float32 [N, act] for continuous ones.</summary>
    public Tensor Actions { get; }
    /// <summary>Row offsets of the episodes, [E + 1], from 0 to N.</summary>
    public IReadOnlyList<long> EpisodeOffsets { get; }
    /// <summary>Undiscounted return of each episode as played, [E].</summary>
    public IReadOnlyList<double> Returns { get; }
    /// <summary>Number of discrete actions, or 0 for continuous actions.</summary>
    public int ActionCount { get; }
    /// <summary>True for a discrete action space.</summary>
    public bool IsDiscrete => ActionCount > 0;
    /// <summary>N, the number of (state, action) pairs.</summary>
    public int Count => Observations.Size(0);
    /// <summary>E, the number of episodes.</summary>
    public int EpisodeCount => Returns.Count;
    /// <summary>Observation features.</summary>
    public int ObservationSize => Observations.Size(1);

    /// <summary>
    /// Plays <paramref name="episodes"/> whole episodes of <paramref name="env"/> with <paramref name="policy"/> (which
    /// returns the environment's action, e.g. <c>Discrete.Start</c>-based) and records them; the first reset uses
    /// <paramref name="seed"/>, later ones continue the environment's generator. Actions are stored 0-based.
    /// </summary>
    public static Demonstrations Record(IEnv<float[], int> env, Func<float[], int> policy, int episodes, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        if (env.ActionSpace is not Spaces.Discrete discrete)
            throw new ArgumentException($"Demonstrations.Record: {env.Id} has action space {env.ActionSpace}, not Discrete");
        var actions = new List<long>();
        var (obs, offsets, returns) = Play(env, policy, episodes, seed, a => actions.Add(a - discrete.Start));
        return new Demonstrations(env.Id, obs, Tensor.FromArray(actions.ToArray(), actions.Count), offsets, returns, (int)discrete.N);
    }

    /// <summary>The continuous-action counterpart of <see cref="Record(IEnv{float[], int}, Func{float[], int}, int, long)"/>.</summary>
    public static Demonstrations Record(IEnv<float[], float[]> env, Func<float[], float[]> policy, int episodes, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        var actions = new List<float>();
        int width = -1;
        var (obs, offsets, returns) = Play(env, policy, episodes, seed, a =>
        {
            if (width >= 0 && a.Length != width) throw new ArgumentException($"Demonstrations.Record: the policy returned {a.Length} action values after {width}");
            width = a.Length;
            actions.AddRange(a);
        });
        return new Demonstrations(env.Id, obs, Tensor.FromArray(actions.ToArray(), obs.Size(0), width), offsets, returns, 0);
    }

    private static (Tensor Obs, long[] Offsets, double[] Returns) Play<TAct>(IEnv<float[], TAct> env, Func<float[], TAct> policy, int episodes, long seed,
        Action<TAct> store)
    {
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), $"Demonstrations.Record: episodes must be at least 1, got {episodes}");
        var obs = new List<float>();
        var offsets = new long[episodes + 1];
        var returns = new double[episodes];
        int width = 0;
        long rows = 0;
        for (int e = 0; e < episodes; e++)
        {
            var o = (e == 0 ? env.Reset(seed) : env.Reset()).Observation;
            width = o.Length;
            while (true)
            {
                var a = policy(o);
                obs.AddRange(o);
                store(a);
                rows++;
                var r = env.Step(a);
                returns[e] += r.Reward;
                if (r.Terminated || r.Truncated) break;
                o = r.Observation;
            }
            offsets[e + 1] = rows;
        }
        return (Tensor.FromArray(obs.ToArray(), (int)rows, width), offsets, returns);
    }

    /// <summary>The first <paramref name="episodes"/> episodes.</summary>
    public Demonstrations Take(int episodes)
    {
        if (episodes < 1 || episodes > EpisodeCount)
            throw new ArgumentOutOfRangeException(nameof(episodes), $"Demonstrations.Take: {episodes} episodes asked of {EpisodeCount}");
        int rows = (int)EpisodeOffsets[episodes];
        return new Demonstrations(EnvId, Observations.Narrow(0, 0, rows), Actions.Narrow(0, 0, rows), EpisodeOffsets.Take(episodes + 1).ToArray(),
            Returns.Take(episodes).ToArray(), ActionCount);
    }

    /// <summary>
    /// Keeps every <paramref name="every"/>-th step of each episode, starting at an offset in [0, every) drawn per episode
    /// from <paramref name="generator"/> — the subsampling of Ho &amp; Ermon's experiments, which removes the
    /// consecutive, nearly identical states that let a learner copy a trajectory rather than a policy. Returns are kept.
    /// </summary>
    public Demonstrations Subsample(int every, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), $"Demonstrations.Subsample: every must be at least 1, got {every}");
        var keep = new List<long>();
        var offsets = new long[EpisodeCount + 1];
        for (int e = 0; e < EpisodeCount; e++)
        {
            long start = EpisodeOffsets[e], end = EpisodeOffsets[e + 1];
            long first = start + Math.Min(generator.NextInt(every), end - start - 1);
            for (long i = first; i < end; i += every) keep.Add(i);
            offsets[e + 1] = keep.Count;
        }
        var idx = Tensor.FromArray(keep.ToArray(), keep.Count);
        return new Demonstrations(EnvId, Observations.IndexSelect(0, idx), Actions.IndexSelect(0, idx), offsets, Returns.ToArray(), ActionCount);
    }

    /// <summary>Writes the demonstrations to <paramref name="path"/> in the documented safetensors layout (atomically).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var tensors = new Dictionary<string, Tensor>
        {
            ["observations"] = Observations, ["actions"] = Actions,
            ["episode_offsets"] = Tensor.FromArray(EpisodeOffsets.ToArray(), EpisodeOffsets.Count),
            ["returns"] = Tensor.FromArray(Returns.ToArray(), Returns.Count),
        };
        var meta = new Dictionary<string, string> { ["format"] = Format, ["env"] = EnvId, ["action_kind"] = IsDiscrete ? "discrete" : "continuous" };
        if (IsDiscrete) meta["action_count"] = ActionCount.ToString(CultureInfo.InvariantCulture);
        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>Reads demonstrations written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid safetensors, lacks a tensor or metadata entry, or
    /// holds inconsistent shapes, offsets or actions; the message names the file and the fault.</exception>
    public static Demonstrations Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var tensors = SafeTensors.Load(path, out var meta);
        string Meta(string key) => meta.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"{path}: metadata entry '{key}' is missing");
        Tensor Get(string name, DType dtype, int rank)
        {
            if (!tensors.TryGetValue(name, out var t)) throw new InvalidDataException($"{path}: tensor '{name}' is missing");
            if (t.DType != dtype || t.NDim != rank)
                throw new InvalidDataException($"{path}: tensor '{name}' is {t.DType} with shape [{string.Join(", ", t.ShapeArray)}], expected {dtype} of rank {rank}");
            return t;
        }
        if (Meta("format") != Format) throw new InvalidDataException($"{path}: format '{meta["format"]}' is not {Format}");
        string kind = Meta("action_kind");
        int actionCount;
        if (kind == "discrete")
        {
            if (!int.TryParse(Meta("action_count"), NumberStyles.None, CultureInfo.InvariantCulture, out actionCount) || actionCount < 1)
                throw new InvalidDataException($"{path}: action_count '{meta["action_count"]}' is not a positive integer");
        }
        else if (kind == "continuous") actionCount = 0;
        else throw new InvalidDataException($"{path}: action_kind '{kind}' is neither 'discrete' nor 'continuous'");
        var obs = Get("observations", DType.Float32, 2);
        var actions = actionCount > 0 ? Get("actions", DType.Int64, 1) : Get("actions", DType.Float32, 2);
        var offsets = Get("episode_offsets", DType.Int64, 1).ToArray<long>();
        var returns = Get("returns", DType.Float64, 1).ToDoubleArray();
        var problem = Check(obs, actions, offsets, returns, actionCount);
        if (problem is not null) throw new InvalidDataException($"{path}: {problem}");
        return new Demonstrations(Meta("env"), obs, actions, offsets, returns, actionCount);
    }

    /// <summary>The first inconsistency among the parts, or null.</summary>
    private static string? Check(Tensor obs, Tensor actions, long[] offsets, double[] returns, int actionCount)
    {
        if (obs.DType != DType.Float32 || obs.NDim != 2) return $"observations must be float32 [N, obs], got {obs.DType} [{string.Join(", ", obs.ShapeArray)}]";
        int n = obs.Size(0);
        if (actionCount < 0) return $"actionCount must be non-negative, got {actionCount}";
        if (actionCount > 0 && (actions.DType != DType.Int64 || actions.NDim != 1))
            return $"discrete actions must be int64 [N], got {actions.DType} [{string.Join(", ", actions.ShapeArray)}]";
        if (actionCount == 0 && (actions.DType != DType.Float32 || actions.NDim != 2))
            return $"continuous actions must be float32 [N, act], got {actions.DType} [{string.Join(", ", actions.ShapeArray)}]";
        if (actions.Size(0) != n) return $"{actions.Size(0)} actions for {n} observations";
        if (offsets.Length < 2 || offsets[0] != 0 || offsets[^1] != n)
            return $"episode_offsets must run from 0 to {n} with at least one episode, got [{string.Join(", ", offsets.Take(8))}{(offsets.Length > 8 ? ", …" : "")}]";
        for (int i = 1; i < offsets.Length; i++)
            if (offsets[i] <= offsets[i - 1]) return $"episode_offsets must increase strictly (episode {i - 1} is empty or negative)";
        if (returns.Length != offsets.Length - 1) return $"{returns.Length} returns for {offsets.Length - 1} episodes";
        if (returns.Any(r => !double.IsFinite(r))) return "a return is not finite";
        if (actionCount > 0)
        {
            var a = actions.ToArray<long>();
            for (int i = 0; i < a.Length; i++)
                if (a[i] < 0 || a[i] >= actionCount) return $"action {a[i]} at row {i} is outside [0, {actionCount})";
        }
        return null;
    }
}
