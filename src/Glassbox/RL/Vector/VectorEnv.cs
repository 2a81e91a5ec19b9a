using Glassbox.RL.Spaces;

namespace Glassbox.RL.Vector;

/// <summary>
/// The shared logic of the vector environments: seeding (<c>seed + i</c>), action checks and the NEXT_STEP
/// autoreset. Subclasses decide only how the per-environment work is scheduled (<see cref="ForEach"/>).
/// </summary>
public abstract class VectorEnv<TObs, TAct> : IVectorEnv<TObs, TAct>
{
    private readonly IEnv<TObs, TAct>[] envs;
    private readonly bool[] autoreset;
    private bool hasReset;

    /// <summary>Builds one sub-environment per factory (Gymnasium's <c>env_fns</c>).</summary>
    protected VectorEnv(IEnumerable<Func<IEnv<TObs, TAct>>> envFactories)
    {
        ArgumentNullException.ThrowIfNull(envFactories);
        envs = envFactories.Select(f => f()).ToArray();
        if (envs.Length == 0) throw new ArgumentException("VectorEnv: at least one environment is needed", nameof(envFactories));
        autoreset = new bool[envs.Length];
    }

    /// <inheritdoc/>
    public int NumEnvs => envs.Length;

    /// <inheritdoc/>
    public string Id => envs[0].Id;

    /// <inheritdoc/>
    public Space<TObs> SingleObservationSpace => envs[0].ObservationSpace;

    /// <inheritdoc/>
    public Space<TAct> SingleActionSpace => envs[0].ActionSpace;

    /// <summary>The sub-environments (for inspection; stepping them directly breaks the autoreset bookkeeping).</summary>
    public IReadOnlyList<IEnv<TObs, TAct>> Envs => envs;

    /// <summary>Runs <paramref name="work"/> for every index 0..NumEnvs−1 and returns when all are done.</summary>
    protected abstract void ForEach(Action<int> work);

    /// <inheritdoc/>
    public VectorResetResult<TObs> Reset(long? seed = null)
    {
        if (seed is long s) EnvChecks.CheckSeed(Id, s);
        var obs = new TObs[NumEnvs];
        var infos = new EnvInfo[NumEnvs];
        ForEach(i =>
        {
            var r = envs[i].Reset(seed is long s0 ? s0 + i : null);
            obs[i] = r.Observation;
            infos[i] = r.Info;
        });
        Array.Clear(autoreset);
        hasReset = true;
        return new(obs, infos);
    }

    /// <inheritdoc/>
    public VectorStepResult<TObs> Step(TAct[] actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (!hasReset) throw new InvalidOperationException($"{Id} (vector of {NumEnvs}): Step called before Reset; call Reset first");
        if (actions.Length != NumEnvs) throw new ArgumentException($"{Id} (vector of {NumEnvs}): got {actions.Length} actions, expected {NumEnvs}", nameof(actions));
        for (int i = 0; i < NumEnvs; i++)
            if (!autoreset[i]) EnvChecks.CheckAction($"{Id} (sub-environment {i})", SingleActionSpace, actions[i]);
        var obs = new TObs[NumEnvs];
        var rewards = new double[NumEnvs];
        var terminated = new bool[NumEnvs];
        var truncated = new bool[NumEnvs];
        var infos = new EnvInfo[NumEnvs];
        ForEach(i =>
        {
            if (autoreset[i])
            {
                var r = envs[i].Reset();
                obs[i] = r.Observation;
                infos[i] = r.Info;
            }
            else
            {
                var r = envs[i].Step(actions[i]);
                obs[i] = r.Observation;
                rewards[i] = r.Reward;
                terminated[i] = r.Terminated;
                truncated[i] = r.Truncated;
                infos[i] = r.Info;
            }
        });
        for (int i = 0; i < NumEnvs; i++) autoreset[i] = terminated[i] || truncated[i];
        return new(obs, rewards, terminated, truncated, infos);
    }
}
