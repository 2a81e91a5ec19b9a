using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;

namespace Glassbox.Tests.RL;

public class AutoResetEnvsTests
{
    [Fact]
    public void SeedsEnvIWithSeedPlusIAndResetsFinishedEpisodesAtOnce()
    {
        var envs = new AutoResetEnvs<int>([Gym.MakeCartPole(), Gym.MakeCartPole()]);
        envs.Reset(10);
        var solo0 = Gym.MakeCartPole();
        var solo1 = Gym.MakeCartPole();
        Assert.Equal(solo0.Reset(10).Observation, envs.Observations[..4]);
        Assert.Equal(solo1.Reset(11).Observation, envs.Observations[4..]);
        // Always push left: CartPole falls within a few dozen steps; follow env 0 alongside with a solo copy.
        int soloLength = 0;
        bool soloDone = false;
        for (int t = 0; t < 200; t++)
        {
            envs.Step([0, 0]);
            if (!soloDone)
            {
                var r = solo0.Step(0);
                soloLength++;
                Assert.Equal(r.Observation, envs.FinalObservations[..4]);
                if (r.Terminated)
                {
                    soloDone = true;
                    Assert.True(envs.Terminated[0]);
                    // the batch already holds the next episode's first observation, from the continued generator stream
                    Assert.Equal(solo0.Reset().Observation, envs.Observations[..4]);
                }
                else Assert.Equal(r.Observation, envs.Observations[..4]);
            }
        }
        Assert.Equal(400, envs.TotalSteps);
        var first = envs.Episodes.First(e => e.Env == 0);
        Assert.Equal(soloLength, first.Length);
        Assert.Equal(soloLength, first.Return);   // CartPole pays 1 per step
        Assert.True(envs.Episodes.Count >= 10);
        Assert.All(envs.Episodes, e => Assert.True(e.Step <= 400));
    }

    [Fact]
    public void MisuseIsReported()
    {
        var envs = new AutoResetEnvs<int>([Gym.MakeCartPole()]);
        Assert.Throws<InvalidOperationException>(() => envs.Step([0]));
        envs.Reset(0);
        Assert.Contains("1 environments", Assert.Throws<ArgumentException>(() => envs.Step([0, 1])).Message);
    }
}
