using Glassbox.RL;
using Glassbox.RL.Envs;
using Glassbox.RL.Seeding;
using Glassbox.RL.Wrappers;

namespace Glassbox.Tests.RL;

public class WrapperTests
{
    [Fact]
    public void RecordEpisodeStatisticsReportsReturnAndLengthOnTheLastStep()
    {
        var env = new RecordEpisodeStatistics<float[], int>(Gym.MakeCartPole(), bufferLength: 2);
        var acts = new NumpyGenerator(1);
        var lengths = new List<int>();
        env.Reset(seed: 3);
        for (int ep = 0; ep < 3; ep++)
        {
            int n = 0;
            StepResult<float[]> r;
            do
            {
                r = env.Step((int)acts.Integers(0, 2));
                n++;
                if (!r.Done) Assert.Null(r.Info.Episode);
            } while (!r.Done);
            var stats = Assert.IsType<EpisodeStatistics>(r.Info.Episode);
            Assert.Equal(n, stats.Length);
            Assert.Equal(n, stats.Return);             // CartPole pays 1 per step
            Assert.InRange(stats.Seconds, 0, 60);
            lengths.Add(n);
            env.Reset();
        }
        Assert.Equal(3, env.EpisodeCount);
        Assert.Equal(lengths.Skip(1), env.LengthQueue);   // buffer of 2 keeps the last two
        Assert.Equal(lengths.Skip(1).Select(l => (double)l), env.ReturnQueue);
    }

    [Fact]
    public void NormalizeObservationMatchesThePooledStatistics()
    {
        // the running rule with prior (mean 0, var 1, count c) equals the pooled statistics of the prior and the data
        var env = new NormalizeObservation<float[]>(new Pendulum());
        var raw = new Pendulum();
        var act = new NumpyGenerator(4);
        var seen = new List<float[]> { raw.Reset(seed: 8).Observation };
        var last = env.Reset(seed: 8).Observation;
        for (int t = 0; t < 50; t++)
        {
            float[] a = [(float)act.Uniform(-2, 2)];
            seen.Add(raw.Step(a).Observation);
            last = env.Step(a).Observation;
        }
        const double c = 1e-4;
        double k = seen.Count + c;
        for (int i = 0; i < 3; i++)
        {
            double mean = seen.Sum(o => (double)o[i]) / k;
            double var = (c * (1 + mean * mean) + seen.Sum(o => (o[i] - mean) * (o[i] - mean))) / k;
            Assert.Equal(mean, env.Statistics.Mean[i], 1e-12);
            Assert.Equal(var, env.Statistics.Var[i], 1e-12);
            double expected = (seen[^1][i] - mean) / Math.Sqrt(var + 1e-8);
            Assert.Equal((float)expected, last[i], 5e-6f);   // float32 output of a value of order 1: a few float32 ulps
        }
    }

    [Fact]
    public void NormalizeRewardDividesByTheStdOfTheDiscountedReturn()
    {
        var env = new NormalizeReward<float[], float[]>(new Pendulum(), gamma: 0.9);
        var raw = new Pendulum();
        env.Reset(seed: 2);
        raw.Reset(seed: 2);
        var returns = new List<double>();
        double g = 0;
        for (int t = 0; t < 40; t++)
        {
            float[] a = [0.5f];
            double r = raw.Step(a).Reward;
            double scaled = env.Step(a).Reward;
            g = g * 0.9 + r;
            returns.Add(g);
            const double c = 1e-4;
            double k = returns.Count + c;
            double mean = returns.Sum() / k;
            double var = (c * (1 + mean * mean) + returns.Sum(x => (x - mean) * (x - mean))) / k;
            Assert.Equal(r / Math.Sqrt(var + 1e-8), scaled, 1e-9 * Math.Abs(scaled) + 1e-12);
        }
    }

    [Fact]
    public void ClipActionClipsIntoTheInnerBox()
    {
        var clipped = new ClipAction<float[]>(new Pendulum());
        var plain = new Pendulum();
        clipped.Reset(seed: 1);
        plain.Reset(seed: 1);
        Assert.True(clipped.ActionSpace.Contains([1e9f]));
        var a = clipped.Step([7.5f]);
        var b = plain.Step([2f]);
        Assert.Equal(b.Observation, a.Observation);
        Assert.Equal(b.Reward, a.Reward);
        var e = Assert.Throws<ArgumentException>(() => clipped.Step([float.NaN]));
        Assert.Contains("Pendulum-v1", e.Message);
        Assert.Contains("NaN", e.Message);
    }
}
