using Glassbox.RL;
using Glassbox.RL.Envs;
using Glassbox.RL.Seeding;
using Glassbox.RL.Vector;

namespace Glassbox.Tests.RL;

public class VectorEnvTests
{
    /// <summary>
    /// The vector env against independent single envs driven by the NEXT_STEP rule written out by hand: env i seeded
    /// seed + i; after an episode ends its next step resets (without a seed, continuing its generator), ignores the
    /// action and returns the reset observation, reward 0, flags false.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FollowsNextStepAutoresetAndSeedPlusI(bool threaded)
    {
        const int n = 4, steps = 300;
        IVectorEnv<float[], int> venv = threaded ? new ThreadedVectorEnv<float[], int>(Gym.MakeCartPole, n) : new SyncVectorEnv<float[], int>(Gym.MakeCartPole, n);
        var refs = Enumerable.Range(0, n).Select(_ => Gym.MakeCartPole()).ToArray();
        var done = new bool[n];
        var reset = venv.Reset(seed: 10);
        for (int i = 0; i < n; i++) Assert.Equal(refs[i].Reset(10 + i).Observation, reset.Observations[i]);
        var acts = new NumpyGenerator(99);
        int autoresets = 0;
        for (int t = 0; t < steps; t++)
        {
            var a = Enumerable.Range(0, n).Select(_ => (int)acts.Integers(0, 2)).ToArray();
            var r = venv.Step(a);
            for (int i = 0; i < n; i++)
            {
                if (done[i])
                {
                    Assert.Equal(refs[i].Reset().Observation, r.Observations[i]);
                    Assert.Equal(0.0, r.Rewards[i]);
                    Assert.False(r.Terminated[i] || r.Truncated[i]);
                    done[i] = false;
                    autoresets++;
                }
                else
                {
                    var s = refs[i].Step(a[i]);
                    Assert.Equal(s.Observation, r.Observations[i]);
                    Assert.Equal(s.Reward, r.Rewards[i]);
                    Assert.Equal(s.Terminated, r.Terminated[i]);
                    Assert.Equal(s.Truncated, r.Truncated[i]);
                    done[i] = s.Done;
                }
            }
        }
        Assert.True(autoresets >= n, $"only {autoresets} autoresets in {steps} steps: the test did not exercise them");
    }

    [Fact]
    public void ThreadedAndSyncGiveIdenticalResults()
    {
        const int n = 8;
        var sync = new SyncVectorEnv<float[], float[]>(() => Gym.MakePendulum(), n);
        var threaded = new ThreadedVectorEnv<float[], float[]>(() => Gym.MakePendulum(), n);
        var a = sync.Reset(seed: 5);
        var b = threaded.Reset(seed: 5);
        for (int i = 0; i < n; i++) Assert.Equal(a.Observations[i], b.Observations[i]);
        var acts = new NumpyGenerator(6);
        for (int t = 0; t < 450; t++)   // past the 200-step limit twice: truncation and autoreset included
        {
            var act = Enumerable.Range(0, n).Select(_ => new[] { (float)acts.Uniform(-2, 2) }).ToArray();
            var x = sync.Step(act);
            var y = threaded.Step(act);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(x.Observations[i], y.Observations[i]);
                Assert.Equal(x.Rewards[i], y.Rewards[i]);
            }
            Assert.Equal(x.Terminated, y.Terminated);
            Assert.Equal(x.Truncated, y.Truncated);
        }
    }

    [Fact]
    public void BadInputNamesTheVectorAndTheSubEnvironment()
    {
        var v = new ThreadedVectorEnv<float[], int>(Gym.MakeCartPole, 3);
        Assert.Contains("before Reset", Assert.Throws<InvalidOperationException>(() => v.Step([0, 0, 0])).Message);
        v.Reset(seed: 0);
        Assert.Contains("got 2 actions, expected 3", Assert.Throws<ArgumentException>(() => v.Step([0, 1])).Message);
        var e = Assert.Throws<ArgumentException>(() => v.Step([0, 5, 1]));
        Assert.Contains("CartPole-v1 (sub-environment 1)", e.Message);
        Assert.Contains("action 5", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Reset(seed: -1));
    }
}
