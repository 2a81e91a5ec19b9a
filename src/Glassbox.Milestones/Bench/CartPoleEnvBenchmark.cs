using System.Diagnostics;
using Glassbox.RL.Envs;
using Glassbox.RL.Seeding;
using Glassbox.RL.Vector;

namespace Glassbox.Milestones.Bench;

/// <summary>
/// Environment steps per second of CartPole-v1 (with its time limit, as <c>gymnasium.make</c> builds it) under
/// uniformly random actions: a single environment reset whenever its episode ends, and a
/// <see cref="SyncVectorEnv{TObs, TAct}"/> of 8 with its autoreset. The same protocol as
/// <c>tools/reference/bench_cartpole_env_numpy.py</c>: actions are drawn inside the timed loop on both sides, a
/// warm-up of a tenth of the steps is not timed, and a vector step counts as 8 environment steps.
/// </summary>
public static class CartPoleEnvBenchmark
{
    /// <summary>One measurement: the mode (<c>single</c> or <c>sync-vector</c>), environments, environment steps and steps/s.</summary>
    public readonly record struct Result(string Mode, int Envs, long Steps, double Seconds, double StepsPerSecond, int Episodes);

    /// <summary>Steps a single environment <paramref name="steps"/> times.</summary>
    public static Result Single(long steps, ulong seed = 0)
    {
        var env = Gym.MakeCartPole();
        var acts = new NumpyGenerator(seed + 1);
        env.Reset((long)seed);
        int episodes = 0;
        void Run(long n)
        {
            for (long t = 0; t < n; t++)
            {
                var r = env.Step((int)acts.Integers(0, 2));
                if (r.Terminated || r.Truncated) { env.Reset(); episodes++; }
            }
        }
        Run(Math.Max(1, steps / 10));
        episodes = 0;
        var sw = Stopwatch.StartNew();
        Run(steps);
        double s = sw.Elapsed.TotalSeconds;
        return new("single", 1, steps, s, steps / s, episodes);
    }

    /// <summary>Steps a synchronous vector of <paramref name="numEnvs"/> environments until
    /// <paramref name="steps"/> environment steps have been taken (rounded up to whole vector steps).</summary>
    public static Result SyncVector(long steps, int numEnvs = 8, ulong seed = 0)
    {
        var venv = new SyncVectorEnv<float[], int>(Gym.MakeCartPole, numEnvs);
        var acts = new NumpyGenerator(seed + 1);
        var actions = new int[numEnvs];
        venv.Reset((long)seed);
        int episodes = 0;
        void Run(long vectorSteps)
        {
            for (long t = 0; t < vectorSteps; t++)
            {
                for (int i = 0; i < numEnvs; i++) actions[i] = (int)acts.Integers(0, 2);
                var r = venv.Step(actions);
                for (int i = 0; i < numEnvs; i++) if (r.Terminated[i] || r.Truncated[i]) episodes++;
            }
        }
        long vsteps = (steps + numEnvs - 1) / numEnvs;
        Run(Math.Max(1, vsteps / 10));
        episodes = 0;
        var sw = Stopwatch.StartNew();
        Run(vsteps);
        double s = sw.Elapsed.TotalSeconds;
        return new("sync-vector", numEnvs, vsteps * numEnvs, s, vsteps * numEnvs / s, episodes);
    }
}
