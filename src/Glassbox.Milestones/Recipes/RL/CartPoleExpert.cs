using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Glassbox.Autograd;
using Glassbox.Milestones.Recipes.Generative;
using Glassbox.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;
using Glassbox.RL.Networks;
using Glassbox.Training;

namespace Glassbox.Milestones.Recipes.RL;

/// <summary>
/// The expert of the imitation milestones: the project's own PPO agent trained on CartPole-v1 with the
/// <c>cartpole-ppo</c> recipe (CleanRL <c>ppo.py</c> defaults, seed 0), acting greedily.
/// </summary>
/// <remarks>
/// <para><b>Caching.</b> Training takes about a minute, so the actor-critic weights are written once (atomically) to
/// <c>experts/cartpole-ppo-&lt;hash&gt;.safetensors</c> beside the evaluators folder of the Glassbox home
/// (<c>$GLASSBOX_HOME</c>, else the per-user folder). The hash covers the whole <see cref="PpoOptions"/> record and the
/// seed, so a changed recipe trains a new expert instead of reusing old weights; a cache file that cannot be read,
/// or whose recipe metadata differs, is reported and replaced.</para>
/// <para><b>Quick mode</b> trains a smaller expert (<see cref="QuickTimesteps"/> steps); it is weaker and noisier than the
/// full one, so the quick bars are set relative to its measured return, never to the full bar.</para>
/// </remarks>
public sealed class CartPoleExpert
{
    /// <summary>PPO steps of the quick expert (the learning rate annealed over them).</summary>
    public const long QuickTimesteps = 61_440;
    private const ulong RecipeSeed = 0;

    private CartPoleExpert(ActorCritic agent, string cachePath, bool fromCache, double evalMean)
    {
        Agent = agent;
        CachePath = cachePath;
        LoadedFromCache = fromCache;
        EvalMean = evalMean;
        foreach (var p in agent.Parameters()) p.RequiresGrad = false;
    }

    /// <summary>The expert's actor and critic (frozen).</summary>
    public ActorCritic Agent { get; }
    /// <summary>The safetensors file of the weights.</summary>
    public string CachePath { get; }
    /// <summary>True when the weights were read from <see cref="CachePath"/>.</summary>
    public bool LoadedFromCache { get; }
    /// <summary>Mean greedy return over 10 evaluation episodes, measured when the expert was trained.</summary>
    public double EvalMean { get; }

    /// <summary>The expert for a milestone (quick or full recipe), from the cache when possible.</summary>
    public static CartPoleExpert Load(MilestoneContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var folder = Path.Combine(Path.GetDirectoryName(MnistEvaluator.DefaultCacheFolder())!, "experts");
        return Load(ctx.Quick, folder, ctx.Progress.Info);
    }

    /// <summary>The expert of the quick or full recipe, cached under <paramref name="cacheFolder"/>.</summary>
    public static CartPoleExpert Load(bool quick, string cacheFolder, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(cacheFolder);
        var options = quick ? new PpoOptions { TotalTimesteps = QuickTimesteps } : new PpoOptions();
        string recipe = $"glassbox-cartpole-expert/v1|CartPole-v1|{options}|seed{RecipeSeed}";
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..12];
        string path = Path.Combine(cacheFolder, $"cartpole-ppo-{hash}.safetensors");
        var env = Gym.MakeCartPole();
        int obs = ((Glassbox.RL.Spaces.Box)env.ObservationSpace).Size, actions = (int)((Glassbox.RL.Spaces.Discrete)env.ActionSpace).N;
        if (File.Exists(path))
        {
            try
            {
                var state = SafeTensors.Load(path, out var meta);
                if (!meta.TryGetValue("recipe", out var stored) || stored != recipe)
                    throw new InvalidDataException($"{path}: its recipe metadata does not match this expert's recipe");
                if (!meta.TryGetValue("eval_mean", out var evalText) || !double.TryParse(evalText, NumberStyles.Float, CultureInfo.InvariantCulture, out var evalMean))
                    throw new InvalidDataException($"{path}: metadata entry 'eval_mean' is missing or not a number");
                var agent = new ActorCritic(obs, actions, new Generator(RecipeSeed), options.Hidden);
                agent.LoadStateDict(state);
                return new CartPoleExpert(agent, path, true, evalMean);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or FormatException or IOException)
            {
                log?.Invoke($"expert cache {path} is unusable ({e.Message}); training a new one");
            }
        }
        var clock = Stopwatch.StartNew();
        var ppo = new Ppo(Enumerable.Range(0, options.NumEnvs).Select(_ => Gym.MakeCartPole()).ToArray(), options, RecipeSeed);
        ppo.Train(u =>
        {
            if (u.Iteration % 100 == 0 || u.Iteration == options.Iterations)
                log?.Invoke($"expert (PPO{(quick ? ", quick" : "")}): iteration {u.Iteration}/{options.Iterations}, {DiscretePpoRuns.Recent(ppo.Episodes)}");
        });
        double eval = Evaluation.Returns(Gym.MakeCartPole(), ppo.Greedy, 10, 10_000).Average();
        log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"expert: greedy evaluation mean {eval:F1} after {clock.Elapsed.TotalSeconds:F0} s; cached at {path}"));
        Directory.CreateDirectory(cacheFolder);
        SafeTensors.Save(path, ppo.Agent.StateDict(), new Dictionary<string, string>
        {
            ["recipe"] = recipe, ["eval_mean"] = eval.ToString("R", CultureInfo.InvariantCulture),
        });
        return new CartPoleExpert(ppo.Agent, path, false, eval);
    }

    /// <summary>The expert's most probable action for one observation.</summary>
    public int Greedy(float[] observation)
    {
        using var scope = new TensorScope();
        using var _ = GradMode.NoGrad();
        return (int)Agent.Policy(Tensor.FromArray(observation, 1, observation.Length)).Mode().ToArray<long>()[0];
    }

    /// <summary>
    /// <paramref name="episodes"/> greedy expert episodes of CartPole-v1, the first reset seeded with
    /// <paramref name="seed"/> (kept apart from the training and evaluation seeds of the milestones).
    /// </summary>
    public Demonstrations Record(int episodes, long seed) => Demonstrations.Record(Gym.MakeCartPole(), Greedy, episodes, seed);
}
