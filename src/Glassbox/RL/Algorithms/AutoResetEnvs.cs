namespace Glassbox.RL.Algorithms;

/// <summary>
/// N environments with float32 vector observations stepped in lockstep, each reset as soon as its episode ends
/// ("same-step" autoreset): the batch of observations always holds N live observations, and the last observation of
/// a finished episode is kept aside in <see cref="FinalObservations"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Why not Gymnasium 1.x's next-step autoreset.</b> The CleanRL recipes these algorithms reproduce (PPO, A2C,
/// DQN) were written and tuned against the earlier vector API in which <c>step</c> resets a finished environment at
/// once and returns the new episode's first observation. Under the next-step rule every episode boundary instead
/// costs one extra transition whose action is ignored; a learner would have to mask those transitions out of GAE, the
/// minibatches and the replay buffer. Stepping the environments here, with the same-step rule, keeps the loops as
/// simple as the recipes and every collected transition real.
/// </para>
/// <para>
/// Seeding as Gymnasium's vector environments: <see cref="Reset"/> seeds environment i with seed + i; every later
/// reset is unseeded, so each environment continues its own generator stream.
/// </para>
/// <para>
/// Episode statistics: when a wrapper reports <see cref="EnvInfo.Episode"/> (RecordEpisodeStatistics, placed under
/// any reward normalisation) its return and length are used; otherwise the rewards seen here are summed.
/// </para>
/// </remarks>
public sealed class AutoResetEnvs<TAct>
{
    private readonly IEnv<float[], TAct>[] envs;
    private readonly double[] runningReturn;
    private readonly int[] runningLength;

    /// <summary>Takes ownership of <paramref name="envs"/>; all must have the same observation size.</summary>
    public AutoResetEnvs(IReadOnlyList<IEnv<float[], TAct>> envs)
    {
        ArgumentNullException.ThrowIfNull(envs);
        if (envs.Count == 0) throw new ArgumentException("AutoResetEnvs: at least one environment is needed");
        this.envs = envs.ToArray();
        int n = envs.Count;
        runningReturn = new double[n];
        runningLength = new int[n];
        Rewards = new double[n];
        Terminated = new bool[n];
        Truncated = new bool[n];
    }

    /// <summary>Number of environments N.</summary>
    public int Count => envs.Length;

    /// <summary>The environments.</summary>
    public IReadOnlyList<IEnv<float[], TAct>> Envs => envs;

    /// <summary>Observation size (known after the first <see cref="Reset"/>).</summary>
    public int ObservationSize { get; private set; }

    /// <summary>Current observations, row-major [N, obs]: after a step, the first observation of a new episode where one ended.</summary>
    public float[] Observations { get; private set; } = [];

    /// <summary>The observation each environment's last step returned, before any reset ([N, obs]); for bootstrapping a truncated episode.</summary>
    public float[] FinalObservations { get; private set; } = [];

    /// <summary>Rewards of the last step.</summary>
    public double[] Rewards { get; }

    /// <summary>Terminated flags of the last step.</summary>
    public bool[] Terminated { get; }

    /// <summary>Truncated flags of the last step.</summary>
    public bool[] Truncated { get; }

    /// <summary>Total environment steps taken (summed over the N environments).</summary>
    public long TotalSteps { get; private set; }

    /// <summary>Every episode finished so far, in order.</summary>
    public List<EpisodeRecord> Episodes { get; } = [];

    /// <summary>Resets every environment, environment i with seed <paramref name="seed"/> + i.</summary>
    public void Reset(long seed)
    {
        for (int i = 0; i < envs.Length; i++)
        {
            var obs = envs[i].Reset(seed + i).Observation;
            if (i == 0)
            {
                ObservationSize = obs.Length;
                Observations = new float[envs.Length * obs.Length];
                FinalObservations = new float[envs.Length * obs.Length];
            }
            Put(Observations, i, obs);
            runningReturn[i] = 0;
            runningLength[i] = 0;
        }
    }

    private void Put(float[] target, int env, float[] obs)
    {
        if (obs.Length != ObservationSize)
            throw new InvalidOperationException($"AutoResetEnvs: {envs[env].Id} returned an observation of size {obs.Length}, expected {ObservationSize}");
        obs.AsSpan().CopyTo(target.AsSpan(env * ObservationSize, ObservationSize));
    }

    /// <summary>Steps environment i with <paramref name="actions"/>[i]; resets the ones whose episode ended.</summary>
    public void Step(ReadOnlySpan<TAct> actions)
    {
        if (Observations.Length == 0) throw new InvalidOperationException("AutoResetEnvs: Step called before Reset");
        if (actions.Length != envs.Length)
            throw new ArgumentException($"AutoResetEnvs: {actions.Length} actions for {envs.Length} environments");
        for (int i = 0; i < envs.Length; i++)
        {
            var r = envs[i].Step(actions[i]);
            Put(FinalObservations, i, r.Observation);
            Rewards[i] = r.Reward;
            Terminated[i] = r.Terminated;
            Truncated[i] = r.Truncated;
            runningReturn[i] += r.Reward;
            runningLength[i]++;
            TotalSteps++;
            if (r.Terminated || r.Truncated)
            {
                var stats = r.Info.Episode;
                Episodes.Add(new EpisodeRecord(TotalSteps, i, stats?.Return ?? runningReturn[i], stats?.Length ?? runningLength[i]));
                runningReturn[i] = 0;
                runningLength[i] = 0;
                Put(Observations, i, envs[i].Reset().Observation);
            }
            else Put(Observations, i, r.Observation);
        }
    }
}
