using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Glassbox.Plotting;
using Glassbox.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;

namespace Glassbox.Milestones.Recipes.RL;

/// <summary>The sizes of one <c>pendulum-cql</c> run (full or quick).</summary>
/// <param name="CollectSteps">
/// Environment steps of the online SAC run behind the dataset: its replay is the <see cref="PendulumDatasetKind.MediumReplay"/>
/// dataset, and its final policy is the behaviour policy of the <see cref="PendulumDatasetKind.Medium"/> one.
/// </param>
/// <param name="CollectLearningStarts">Uniformly random steps at the start of that run.</param>
/// <param name="GradientSteps">Offline updates per learner and seed.</param>
/// <param name="EvaluateEvery">Updates between evaluations.</param>
/// <param name="Hidden">Width of every network (collector and learners).</param>
/// <param name="BatchSize">Minibatch size (collector and learners).</param>
/// <param name="Seeds">Learner seeds (the dataset is the same for all).</param>
/// <param name="CqlAlpha">Weight α of CQL's conservative term.</param>
/// <param name="SampledActions">CQL's N (actions per proposal).</param>
/// <param name="Dataset">Which dataset the learners get.</param>
/// <param name="BehaviorEpisodes">Episodes of the behaviour policy in a <see cref="PendulumDatasetKind.Medium"/> dataset (200 steps each).</param>
/// <param name="BehaviorNoise">Standard deviation of the Gaussian noise added to the behaviour policy's mean action, as a fraction of the torque half-range (2).</param>
public sealed record PendulumOfflineSettings(int CollectSteps, int CollectLearningStarts, int GradientSteps, int EvaluateEvery, int Hidden, int BatchSize, int Seeds,
    double CqlAlpha, int SampledActions, PendulumDatasetKind Dataset = PendulumDatasetKind.Medium, int BehaviorEpisodes = 50, double BehaviorNoise = 0.1)
{
    /// <summary>
    /// The full milestone. The collector stops at 4,200 steps, where its deterministic policy scores −493 on the evaluation
    /// starts: between its first swing-ups (−539 at 3,500) and a solved task (−152 at 4,600), a D4RL "medium" policy (measured
    /// every 100 steps of the seed-0 run).
    /// </summary>
    public static PendulumOfflineSettings Full { get; } = new(4200, 1000, 10_000, 1000, 64, 64, 3, 5.0, 10);
    /// <summary>The quick (CI) run.</summary>
    public static PendulumOfflineSettings Quick { get; } = new(2000, 1000, 1000, 1000, 64, 64, 1, 5.0, 4, BehaviorEpisodes: 10);
}

/// <summary>
/// <c>pendulum-cql</c>: offline RL on Pendulum-v1 — CQL, behaviour cloning and naive offline SAC trained on the same fixed
/// dataset (collected by a partly trained SAC), compared by the evaluation return of their deterministic policies.
/// </summary>
/// <remarks>
/// <para><b>The collector</b>: one online SAC run (seed 0, the <c>pendulum-sac</c> quick recipe: 64 × 64 networks,
/// minibatch 64, CleanRL's learning rates) stopped after <see cref="PendulumOfflineSettings.CollectSteps"/> steps, of
/// which the first <see cref="PendulumOfflineSettings.CollectLearningStarts"/> are uniformly random.</para>
/// <para><b>The dataset</b> (<see cref="PendulumOfflineSettings.Dataset"/>, after D4RL's families):
/// <see cref="PendulumDatasetKind.Medium"/> (the default) is <see cref="PendulumOfflineSettings.BehaviorEpisodes"/>
/// episodes of the collector's final policy acting with its mean action plus small noise (<see cref="CollectBehavior"/>):
/// one mediocre policy's narrow actions at every state it visits. <see cref="PendulumDatasetKind.MediumReplay"/> is the
/// collector's whole replay buffer instead: random episodes, a learner's poor early episodes and its first good ones —
/// wide coverage of states and of the action box. Either is cached under the Glassbox home
/// (<c>offline-rl/pendulum-&lt;hash&gt;.safetensors</c>, the hash covering the whole collection recipe, see
/// <see cref="CollectionRecipe"/>) so that every run and seed uses the same data.</para>
/// <para><b>The learners</b> share the networks' sizes, the minibatch size and the dataset; each makes
/// <see cref="PendulumOfflineSettings.GradientSteps"/> updates and is evaluated on the 10 fixed start states every
/// <see cref="PendulumOfflineSettings.EvaluateEvery"/> updates. Naive offline SAC is <see cref="Sac"/> with CleanRL's
/// settings; CQL is the same SAC with the conservative term (fixed α); BC is <see cref="ContinuousBehaviorCloning"/>
/// (lr 1e-3).</para>
/// </remarks>
public static class PendulumOffline
{
    private const ulong CollectSeed = 0;

    /// <summary>
    /// Seed of the first reset of a <see cref="PendulumDatasetKind.Medium"/> collection (later episodes continue the
    /// environment's generator): away from the collector's own seed and from the evaluation seeds 1,000,000 + i, so the
    /// dataset does not contain the evaluation start states.
    /// </summary>
    public const long BehaviorResetSeed = 2_000_000;

    /// <summary>Runs the milestone on its default dataset (<see cref="PendulumOfflineSettings.Dataset"/>).</summary>
    public static MilestoneResult Run(MilestoneContext ctx, string id) => Run(ctx, id, null);

    /// <summary>Runs the milestone on the dataset <paramref name="datasetKind"/> (null: the settings' default).</summary>
    public static MilestoneResult Run(MilestoneContext ctx, string id, PendulumDatasetKind? datasetKind)
    {
        var s = ctx.Quick ? PendulumOfflineSettings.Quick : PendulumOfflineSettings.Full;
        if (datasetKind is { } kind) s = s with { Dataset = kind };
        var config = new Dictionary<string, object>
        {
            ["env"] = "Pendulum-v1", ["collect_steps"] = s.CollectSteps, ["collect_learning_starts"] = s.CollectLearningStarts,
            ["gradient_steps"] = s.GradientSteps, ["eval_every"] = s.EvaluateEvery, ["eval_episodes"] = 10, ["hidden"] = s.Hidden,
            ["batch_size"] = s.BatchSize, ["seeds"] = s.Seeds, ["first_seed"] = ctx.Seed, ["cql_alpha"] = s.CqlAlpha,
            ["cql_sampled_actions"] = s.SampledActions, ["dataset"] = s.Dataset.ToString(), ["behavior_episodes"] = s.BehaviorEpisodes,
            ["behavior_noise"] = s.BehaviorNoise, ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        var dataset = LoadOrCollect(s, CacheFolder(), ctx.Progress.Info);
        ctx.Progress.Info($"{id}: dataset of {dataset.Count} transitions, {dataset.EpisodeReturns.Count} episodes, average return {dataset.AverageReturn:F1}");
        string[] methods = ["CQL", "BC", "naive SAC"];
        var results = methods.ToDictionary(m => m, _ => new List<OfflineRunResult>());
        var learners = new Dictionary<string, IContinuousOffPolicyAgent>();
        for (int k = 0; k < s.Seeds; k++)
        {
            ulong seed = ctx.Seed + (ulong)k;
            foreach (var method in methods)
            {
                var (agent, value) = MakeLearner(method, s, seed);
                if (k == 0) learners[method] = agent;
                var result = OfflineTrainer.Train(dataset, agent, () => Gym.MakePendulum(), new OfflineRunOptions(s.GradientSteps, s.EvaluateEvery), (long)seed, value,
                    e => ctx.Progress.Info($"{id}: {method}, seed {seed}, update {e.Step}: return {e.MeanReturn:F1}, discounted {e.MeanDiscountedReturn:F1}, Q estimate {e.MeanValueEstimate:F1}"));
                results[method].Add(result);
                ctx.Progress.Info($"{id}: {method}, seed {seed} done in {result.Seconds:F1} s");
            }
        }
        for (int i = 0; i < results["CQL"][0].Evaluations.Count; i++)
        {
            var row = new Dictionary<string, double>();
            foreach (var m in methods)
            {
                string key = m.Replace(' ', '_').ToLowerInvariant();
                row[$"{key}_return_mean"] = results[m].Average(r => r.Evaluations[i].MeanReturn);
                if (m != "BC") row[$"{key}_q_estimate_mean"] = results[m].Average(r => r.Evaluations[i].MeanValueEstimate);
            }
            run.Log(results["CQL"][0].Evaluations[i].Step, row);
        }
        SaveReturns(id, methods, results, dataset.AverageReturn, ctx.OutputDir);
        SaveValues(id, results, ctx.OutputDir);
        var finals = methods.ToDictionary(m => m, m => results[m].Select(r => r.Evaluations[^1].MeanReturn).ToArray());
        double cql = finals["CQL"].Average(), bc = finals["BC"].Average(), sac = finals["naive SAC"].Average();
        static string F1(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        double cqlGap = DatasetGap(((Cql)learners["CQL"]).Sac, dataset), sacGap = DatasetGap((Sac)learners["naive SAC"], dataset);
        ctx.Progress.Info($"{id}: conservative gap on the dataset (first seed, uniform proposal): CQL {cqlGap:F3}, naive SAC {sacGap:F3}");
        var metrics = new Dictionary<string, object>
        {
            ["dataset_transitions"] = dataset.Count, ["dataset_episodes"] = dataset.EpisodeReturns.Count, ["dataset_average_return"] = Math.Round(dataset.AverageReturn, 1),
            ["dataset_best_episode_return"] = Math.Round(dataset.EpisodeReturns.Max(), 1),
            ["cql_final_return_mean"] = Math.Round(cql, 1), ["bc_final_return_mean"] = Math.Round(bc, 1), ["naive_sac_final_return_mean"] = Math.Round(sac, 1),
            ["cql_final_return_per_seed"] = string.Join(", ", finals["CQL"].Select(F1)),
            ["bc_final_return_per_seed"] = string.Join(", ", finals["BC"].Select(F1)),
            ["naive_sac_final_return_per_seed"] = string.Join(", ", finals["naive SAC"].Select(F1)),
            ["cql_final_q_estimate_vs_discounted_return"] = $"{F1(results["CQL"].Average(r => r.Evaluations[^1].MeanValueEstimate))} vs {F1(results["CQL"].Average(r => r.Evaluations[^1].MeanDiscountedReturn))}",
            ["naive_sac_final_q_estimate_vs_discounted_return"] = $"{F1(results["naive SAC"].Average(r => r.Evaluations[^1].MeanValueEstimate))} vs {F1(results["naive SAC"].Average(r => r.Evaluations[^1].MeanDiscountedReturn))}",
            ["cql_dataset_gap"] = Math.Round(cqlGap, 3), ["naive_sac_dataset_gap"] = Math.Round(sacGap, 3),
            ["seconds_per_seed"] = string.Join(", ", methods.Select(m => $"{m} {F1(results[m].Average(r => r.Seconds))}")),
            ["picture"] = Path.Combine(ctx.OutputDir, "returns.png"), ["run_dir"] = ctx.OutputDir,
        };
        // Full bar: CQL's final mean return above both BC's and naive SAC's on the same data. Quick bar: 1,000 updates are
        // too few for any learner's return to mean much (all three are still near the untrained −1,375), so quick checks what
        // CQL changes instead: the conservative gap it minimises, measured identically for both critics, must end below
        // naive SAC's on the same data and seed — a direction check, no tuned margin.
        bool passed = ctx.Quick ? cqlGap < sacGap : cql > bc && cql > sac;
        return new MilestoneResult(id, passed, metrics, 0);
    }

    /// <summary>
    /// The conservative gap of a SAC critic on the dataset, with the uniform proposal only (M = 10 actions per state, a fixed
    /// draw): mean_s[log mean_j exp(Q₁(s, aⱼ) − log u)] − mean Q₁(s, a_D) over (up to) the first 1,000 transitions — the
    /// quantity CQL's term penalises, evaluated the same way for any SAC so that CQL and naive SAC can be compared.
    /// </summary>
    public static double DatasetGap(Sac sac, OfflineDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(sac);
        ArgumentNullException.ThrowIfNull(dataset);
        using var scope = new TensorScope();
        using var _ = Glassbox.Autograd.GradMode.NoGrad();
        int n = Math.Min(1000, dataset.Count), m = 10;
        var batch = dataset.ToReplayBuffer().Gather(Enumerable.Range(0, n).ToArray());
        var scale = sac.Actor.ActionScale;
        var uniform = Tensor.Rand([m * n, scale.Shape[0]], DType.Float32, new Generator(12345)) * (scale * 2.0) + (sac.Actor.ActionBias - scale);
        double logU = -scale.ToDoubleArray().Sum(h => Math.Log(2 * h));
        var dataQ = sac.Qf1.Forward(batch.Observations, batch.Actions);
        return Cql.ConservativeGap(sac.Qf1, batch.Observations.Repeat(m, 1), uniform, Tensor.Full([m * n], logU), dataQ).Item();
    }

    private static (IContinuousOffPolicyAgent Agent, Func<Tensor, Tensor>? Value) MakeLearner(string method, PendulumOfflineSettings s, ulong seed)
    {
        var sacOptions = new SacOptions { Hidden = s.Hidden, BatchSize = s.BatchSize, LearningStarts = 0 };
        switch (method)
        {
            case "CQL":
                var cql = new Cql(3, [-2f], [2f], sacOptions, new CqlOptions { Alpha = s.CqlAlpha, SampledActions = s.SampledActions }, seed);
                return (cql, OfflineTrainer.SacValue(cql.Sac));
            case "naive SAC":
                var sac = new Sac(3, [-2f], [2f], sacOptions, seed);
                return (sac, OfflineTrainer.SacValue(sac));
            default:
                return (new ContinuousBehaviorCloning(3, [-2f], [2f], s.Hidden, s.BatchSize, 1e-3, seed), null);
        }
    }

    /// <summary>
    /// The collection recipe in words: the dataset's cache key and its <see cref="OfflineDataset.Recipe"/>. It names every
    /// setting the data depend on (the dataset kind, the collector's run, and for <see cref="PendulumDatasetKind.Medium"/> the
    /// behaviour episodes, noise and reset seed), so a changed recipe never reads another recipe's file.
    /// </summary>
    public static string CollectionRecipe(PendulumOfflineSettings s)
    {
        string collector = string.Create(CultureInfo.InvariantCulture,
            $"sac cleanrl lr3e-4/1e-3 autotune|hidden{s.Hidden}|batch{s.BatchSize}|steps{s.CollectSteps}|random{s.CollectLearningStarts}|seed{CollectSeed}");
        return s.Dataset switch
        {
            PendulumDatasetKind.MediumReplay => $"glassbox-pendulum-medium-replay/v1|{collector}",
            PendulumDatasetKind.Medium => string.Create(CultureInfo.InvariantCulture,
                $"glassbox-pendulum-medium/v1|{collector}|mean action + N(0, ({s.BehaviorNoise}*2)^2) clipped|episodes{s.BehaviorEpisodes}|reset-seed{BehaviorResetSeed}|noise-seed{CollectSeed + 17}"),
            _ => throw new ArgumentOutOfRangeException(nameof(s), $"PendulumOffline: unknown dataset kind {s.Dataset}"),
        };
    }

    /// <summary>
    /// The dataset of <paramref name="s"/>: read from <paramref name="cacheFolder"/> when a file for its recipe is there,
    /// else collected (an online SAC run, seeded) and written there. A cache file that cannot be read is reported and replaced.
    /// </summary>
    public static OfflineDataset LoadOrCollect(PendulumOfflineSettings s, string cacheFolder, Action<string> log)
    {
        string recipe = CollectionRecipe(s);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..12];
        string path = Path.Combine(cacheFolder, $"pendulum-{hash}.safetensors");
        if (File.Exists(path))
        {
            try
            {
                var cached = OfflineDataset.Load(path);
                if (cached.Recipe == recipe) { log($"dataset read from {path}"); return cached; }
                log($"{path} holds another recipe ('{cached.Recipe}'); collecting again");
            }
            catch (InvalidDataException e) { log($"cached dataset unreadable, collecting again: {e.Message}"); }
        }
        var agent = new Sac(3, [-2f], [2f], new SacOptions { Hidden = s.Hidden, BatchSize = s.BatchSize, LearningStarts = s.CollectLearningStarts }, CollectSeed);
        var buffer = new ReplayBuffer(s.CollectSteps, 3, 1);
        var result = ContinuousOffPolicyTrainer.Train(() => Gym.MakePendulum(), agent, new OffPolicyRunOptions(s.CollectSteps, 1000), (long)CollectSeed,
            e => log($"collecting: step {e.Step}, the collector's evaluation return {e.MeanReturn:F1}"), replay: buffer);
        var dataset = s.Dataset == PendulumDatasetKind.MediumReplay
            ? OfflineDataset.FromReplay(buffer, buffer.Count, result.TrainingEpisodes.Select(e => e.Return), "Pendulum-v1", recipe)
            : CollectBehavior(agent, s, recipe);
        dataset.Save(path);
        log($"dataset collected in {result.Seconds:F1} s (the collector's final evaluation return {result.Evaluations[^1].MeanReturn:F1}) and written to {path}");
        return dataset;
    }

    /// <summary>
    /// A <see cref="PendulumDatasetKind.Medium"/> dataset: <see cref="PendulumOfflineSettings.BehaviorEpisodes"/> whole
    /// Pendulum-v1 episodes of <paramref name="policy"/>'s mean action tanh(μ(s))·2 plus N(0, (2σ)²) noise
    /// (σ = <see cref="PendulumOfflineSettings.BehaviorNoise"/>), clipped to [−2, 2]. The first reset uses
    /// <see cref="BehaviorResetSeed"/>, later ones continue the environment's generator; the noise comes from its own seeded
    /// generator, so the data are a function of the recipe.
    /// </summary>
    public static OfflineDataset CollectBehavior(Sac policy, PendulumOfflineSettings s, string recipe)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(s);
        if (s.BehaviorEpisodes <= 0 || !(s.BehaviorNoise >= 0))
            throw new ArgumentException($"PendulumOffline.CollectBehavior: episodes must be positive and noise non-negative, got {s.BehaviorEpisodes} and {s.BehaviorNoise}");
        const int EpisodeSteps = 200; // Pendulum-v1's time limit; the pendulum never terminates before it
        var env = Gym.MakePendulum();
        var noise = new Generator(CollectSeed + 17);
        var buffer = new ReplayBuffer(s.BehaviorEpisodes * EpisodeSteps, 3, 1);
        var returns = new double[s.BehaviorEpisodes];
        var obs = env.Reset(BehaviorResetSeed).Observation;
        for (int e = 0; e < s.BehaviorEpisodes; e++)
        {
            if (e > 0) obs = env.Reset().Observation;
            while (true)
            {
                float mean;
                using (var scope = new TensorScope()) mean = policy.Act(Tensor.FromArray((float[])obs.Clone(), 1, 3), explore: false).ToArray<float>()[0];
                float action = (float)Math.Clamp(mean + 2.0 * s.BehaviorNoise * noise.NextNormal(), -2.0, 2.0);
                var r = env.Step([action]);
                buffer.Add(obs, [action], r.Reward, r.Observation, r.Terminated);
                returns[e] += r.Reward;
                obs = r.Observation;
                if (r.Terminated || r.Truncated) break;
            }
        }
        return OfflineDataset.FromReplay(buffer, buffer.Count, returns, "Pendulum-v1", recipe);
    }

    /// <summary>The cache folder: <c>offline-rl</c> under <c>$GLASSBOX_HOME</c>, else under the per-user Glassbox folder.</summary>
    public static string CacheFolder()
    {
        var home = Environment.GetEnvironmentVariable("GLASSBOX_HOME");
        var folder = home is { Length: > 0 } ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "glassbox");
        return Path.Combine(folder, "offline-rl");
    }

    /// <summary>returns.png: mean evaluation return over seeds (band: min–max) of the three learners against updates, the dataset's average return dashed.</summary>
    private static void SaveReturns(string id, string[] methods, Dictionary<string, List<OfflineRunResult>> results, double datasetReturn, string folder)
    {
        var x = results["CQL"][0].Evaluations.Select(e => (double)e.Step).ToArray();
        int seeds = results["CQL"].Count;
        var chart = new LineChart { Title = $"{id}: offline Pendulum-v1, same dataset (evaluation, 10 episodes, {seeds} seed{(seeds > 1 ? "s" : "")})", XLabel = "gradient steps", YLabel = "mean return" };
        foreach (var m in methods)
        {
            var runs = results[m];
            chart.Add(m, x, x.Select((_, i) => runs.Average(r => r.Evaluations[i].MeanReturn)).ToArray());
            if (runs.Count > 1)
                chart.AddBand(m, x, x.Select((_, i) => runs.Min(r => r.Evaluations[i].MeanReturn)).ToArray(), x.Select((_, i) => runs.Max(r => r.Evaluations[i].MeanReturn)).ToArray());
        }
        chart.AddReferenceLine($"dataset average {datasetReturn:F0}", datasetReturn);
        ClassifierTraining.Save(chart, folder, "returns");
    }

    /// <summary>
    /// q_vs_return.png: for CQL and naive SAC, the learner's estimate Q(s₀, π(s₀)) and the true discounted return of its policy
    /// from the same start states (mean over seeds), against updates.
    /// </summary>
    private static void SaveValues(string id, Dictionary<string, List<OfflineRunResult>> results, string folder)
    {
        var x = results["CQL"][0].Evaluations.Select(e => (double)e.Step).ToArray();
        var chart = new LineChart { Title = $"{id}: value estimate vs true discounted return (start states)", XLabel = "gradient steps", YLabel = "discounted return (γ = 0.99)" };
        foreach (var m in new[] { "naive SAC", "CQL" })
        {
            var runs = results[m];
            chart.Add($"{m}: Q estimate", x, x.Select((_, i) => runs.Average(r => r.Evaluations[i].MeanValueEstimate)).ToArray());
            chart.Add($"{m}: true return", x, x.Select((_, i) => runs.Average(r => r.Evaluations[i].MeanDiscountedReturn)).ToArray());
        }
        ClassifierTraining.Save(chart, folder, "q_vs_return");
    }
}
