using Glassbox.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;

namespace Glassbox.Tests.RL.ToyText;

/// <summary>
/// The sampling-based control methods (Monte Carlo, SARSA, expected SARSA, Q-learning): they find optimal policies
/// on small problems whose optimum dynamic programming gives exactly, and a seed fixes the whole run.
/// </summary>
public class TabularControlTests
{
    /// <summary>A deterministic 4x5 grid: −1 per step, goal bottom-right, two walls. Small enough that every method
    /// visits every pair many times in a few hundred episodes.</summary>
    private static GridWorld SmallGrid() =>
        new(4, 5, new Dictionary<(int, int), double> { [(3, 4)] = 0 }, [(1, 1), (2, 3)], stepReward: -1);

    /// <summary>Whether following <paramref name="policy"/> from every non-terminal state gets the optimal value.</summary>
    private static void AssertOptimal(GridWorld grid, int[] policy, string who)
    {
        var vStar = ValueIteration.Solve(grid, 1.0, 1e-12).Values;
        for (int s = 0; s < grid.StateCount; s++)
        {
            if (grid.IsWall(s / 5, s % 5) || grid.TerminalReward(s / 5, s % 5) is not null) continue;
            var (path, terminated) = TabularPolicy.FollowPolicy(grid, policy, s);
            Assert.True(terminated, $"{who}: the greedy policy loops from state {s}");
            Assert.True(-(path.Count - 1) == vStar[s], $"{who}: from state {s} the greedy path takes {path.Count - 1} steps, optimum {-vStar[s]}");
        }
    }

    [Fact]
    public void QLearningConvergesToQStarOnADeterministicGrid()
    {
        var grid = SmallGrid();
        var result = QLearning.Learn(grid, new TabularControlOptions { Episodes = 400, Epsilon = EpisodeSchedule.Constant(0.3), Alpha = StepSize.Constant(0.5), Seed = 3 });
        AssertOptimal(grid, result.GreedyPolicy(), "Q-learning");
        // On a deterministic problem with α = 0.5, Q converges geometrically to q*; from the states the optimal paths
        // run through (all of them, with ε = 0.3 from the top-left start), q*(s, greedy) = v*(s) to within 1e-6.
        var vStar = ValueIteration.Solve(grid, 1.0, 1e-12).Values;
        for (int s = 0; s < grid.StateCount; s++)
        {
            if (grid.IsWall(s / 5, s % 5) || s == 19) continue;
            double max = Enumerable.Range(0, 4).Max(a => result.Q[s, a]);
            Assert.True(Math.Abs(max - vStar[s]) < 1e-6, $"state {s}: max Q {max} vs v* {vStar[s]}");
        }
    }

    [Fact]
    public void SarsaAndExpectedSarsaFindTheOptimalPolicyWithDecayingExploration()
    {
        var grid = SmallGrid();
        var options = new TabularControlOptions { Episodes = 600, Epsilon = EpisodeSchedule.Linear(0.5, 0.01, 400), Alpha = StepSize.Constant(0.2), Seed = 5 };
        AssertOptimal(grid, Sarsa.Learn(grid, options).GreedyPolicy(), "SARSA");
        AssertOptimal(grid, ExpectedSarsa.Learn(grid, options).GreedyPolicy(), "expected SARSA");
    }

    [Fact]
    public void MonteCarloControlFindsTheOptimalPolicy()
    {
        var grid = SmallGrid();
        var options = new TabularControlOptions
        {
            Episodes = 3000, Epsilon = EpisodeSchedule.Linear(0.5, 0.05, 2000), Alpha = StepSize.SampleAverage(), MaxStepsPerEpisode = 200, Seed = 11,
        };
        var result = MonteCarloControl.Learn(grid, options);
        // Monte Carlo only learns where its episodes go: states off the start's good paths are visited a handful of
        // times, with noisy returns, so only the start's greedy path is held to the optimum (7 steps, return −7).
        var (path, terminated) = TabularPolicy.FollowPolicy(grid, result.GreedyPolicy(), 0);
        Assert.True(terminated);
        Assert.Equal(7, path.Count - 1);
        // Late episodes, with ε ≈ 0.05, end in close to the optimal 7 steps from the start.
        Assert.True(result.EpisodeLengths.TakeLast(500).Average() < 8.5, $"mean late length {result.EpisodeLengths.TakeLast(500).Average()}");
    }

    [Fact]
    public void CliffWalkShowsSarsaSafePathAndQLearningEdgePath()
    {
        // Sutton & Barto's Example 6.6 settings: ε = 0.1, α = 0.5, γ = 1, 500 episodes.
        var options = new TabularControlOptions { Seed = 0 };
        var q = QLearning.Learn(new CliffWalking(), options);
        var sarsa = Sarsa.Learn(new CliffWalking(), options);
        var (qPath, qDone) = TabularPolicy.FollowPolicy(new CliffWalking(), q.GreedyPolicy(), CliffWalking.StartState);
        Assert.True(qDone);
        Assert.Equal(13, qPath.Count - 1);
        Assert.All(qPath.Skip(1).SkipLast(1), s => Assert.Equal(2, s / 12)); // along row 2, right above the cliff
        var (sPath, sDone) = TabularPolicy.FollowPolicy(new CliffWalking(), sarsa.GreedyPolicy(), CliffWalking.StartState);
        Assert.True(sDone);
        Assert.True(sPath.Count - 1 > 13, $"SARSA's path has {sPath.Count - 1} steps");
        Assert.DoesNotContain(sPath, s => s / 12 == 2 && s % 12 is > 0 and < 11);
        // Online (exploring) returns: SARSA's are higher, Q-learning keeps falling off the edge.
        Assert.True(sarsa.EpisodeReturns.Skip(100).Average() > q.EpisodeReturns.Skip(100).Average());
    }

    [Fact]
    public void TheSameSeedGivesTheSameRunAndAnotherSeedAnother()
    {
        foreach (var learn in new Func<IEnv<int, int>, TabularControlOptions, TabularControlResult>[] { QLearning.Learn, Sarsa.Learn, ExpectedSarsa.Learn, MonteCarloControl.Learn })
        {
            var options = new TabularControlOptions { Episodes = 50, Seed = 42, MaxStepsPerEpisode = 500 };
            var a = learn(Gym.MakeFrozenLake(), options);
            var b = learn(Gym.MakeFrozenLake(), options);
            var c = learn(Gym.MakeFrozenLake(), options with { Seed = 43 });
            Assert.Equal(a.EpisodeReturns, b.EpisodeReturns);
            Assert.Equal(a.EpisodeLengths, b.EpisodeLengths);
            Assert.Equal(a.Q.Cast<double>(), b.Q.Cast<double>());
            Assert.NotEqual(a.EpisodeLengths, c.EpisodeLengths);
        }
    }

    [Fact]
    public void TruncationEndsTheEpisodeAndOptionsAreChecked()
    {
        var result = Sarsa.Learn(new CliffWalking(), new TabularControlOptions { Episodes = 3, Epsilon = EpisodeSchedule.Constant(1.0), MaxStepsPerEpisode = 7 });
        Assert.All(result.EpisodeLengths, l => Assert.True(l <= 7));
        var limited = QLearning.Learn(Gym.MakeFrozenLake(maxEpisodeSteps: 5), new TabularControlOptions { Episodes = 20 });
        Assert.All(limited.EpisodeLengths, l => Assert.True(l <= 5));
        Assert.Contains("Episodes", Assert.Throws<ArgumentOutOfRangeException>(() => QLearning.Learn(new CliffWalking(), new TabularControlOptions { Episodes = 0 })).Message);
        Assert.Contains("α", Assert.Throws<ArgumentOutOfRangeException>(() => StepSize.Constant(0)).Message);
    }

    [Fact]
    public void SchedulesGiveTheirValues()
    {
        Assert.Equal(0.1, EpisodeSchedule.Constant(0.1).ValueAt(999));
        var linear = EpisodeSchedule.Linear(1.0, 0.1, 10);
        Assert.Equal(1.0, linear.ValueAt(0));
        Assert.Equal(0.55, linear.ValueAt(5), 15);
        Assert.Equal(0.1, linear.ValueAt(10));
        Assert.Equal(0.1, linear.ValueAt(1000));
        Assert.Equal(0.25, EpisodeSchedule.Exponential(1.0, 0.5).ValueAt(2));
        Assert.Equal(0.3, EpisodeSchedule.Exponential(1.0, 0.5, 0.3).ValueAt(5));
        Assert.Equal(0.25, EpisodeSchedule.Harmonic(1.0).ValueAt(3));
        Assert.Equal(0.25, StepSize.SampleAverage().ValueAt(0, 4));
        Assert.Equal(0.5, StepSize.PolynomialDecay(0.5000001).ValueAt(0, 4), 5);
        Assert.Equal(0.5, StepSize.Constant(0.5).ValueAt(7, 100));
    }
}
