using Glassbox.RL;
using Glassbox.RL.Envs;
using Glassbox.RL.Wrappers;

namespace Glassbox.Tests.RL.ToyText;

/// <summary>The toy-text environments' tables, options and errors, beyond what the Gymnasium replays cover.</summary>
public class ToyTextEnvTests
{
    [Fact]
    public void FrozenLakeSlipperyTableListsThreeOutcomesInGymnasiumsOrder()
    {
        var lake = new FrozenLake();
        var down = lake.Transitions(0, 1); // down from the start: slips left (wall: stays), down, right
        Assert.Equal(3, down.Count);
        Assert.Equal(new Transition(0.33333333333333337, 0, 0, false), down[0]);
        Assert.Equal(new Transition(0.3333333333333333, 4, 0, false), down[1]);
        Assert.Equal(new Transition(0.33333333333333337, 1, 0, false), down[2]);
        Assert.Equal(new Transition(1.0, 5, 0, true), Assert.Single(lake.Transitions(5, 2))); // a hole
        var intoGoal = lake.Transitions(14, 2);
        Assert.Equal(new Transition(0.3333333333333333, 15, 1, true), intoGoal[1]);
        Assert.True(lake.IntegerRewards);
        var ice = new FrozenLake(isSlippery: false);
        Assert.Equal(new Transition(1.0, 4, 0, false), Assert.Single(ice.Transitions(0, 1)));
    }

    [Fact]
    public void FrozenLakeTakesCustomMapsAndRejectsBadOnes()
    {
        var lake = new FrozenLake(desc: ["SH", "FG"], isSlippery: false);
        Assert.Equal(4, lake.StateCount);
        Assert.Equal(0, lake.Reset(0).Observation);
        var r = lake.Step(1);
        Assert.Equal(2, r.Observation);
        r = lake.Step(2);
        Assert.Equal((3, 1.0, true), (r.Observation, r.Reward, r.Terminated));
        Assert.Contains("'X'", Assert.Throws<ArgumentException>(() => new FrozenLake(desc: ["SX", "FG"])).Message);
        Assert.Contains("row 1", Assert.Throws<ArgumentException>(() => new FrozenLake(desc: ["SF", "FGF"])).Message);
        Assert.Contains("no start", Assert.Throws<ArgumentException>(() => new FrozenLake(desc: ["FF", "FG"])).Message);
        Assert.Contains("5x5", Assert.Throws<ArgumentException>(() => new FrozenLake("5x5")).Message);
        Assert.Equal("FrozenLake8x8-v1", new FrozenLake("8x8").Id);
    }

    [Fact]
    public void ErrorsNameTheEnvironmentAndTheValue()
    {
        var lake = new FrozenLake();
        Assert.Contains("FrozenLake-v1", Assert.Throws<InvalidOperationException>(() => lake.Step(0)).Message);
        lake.Reset(0);
        var bad = Assert.Throws<ArgumentException>(() => lake.Step(4));
        Assert.Contains("FrozenLake-v1", bad.Message);
        Assert.Contains("4", bad.Message);
        Assert.Contains("-3", Assert.ThrowsAny<ArgumentException>(() => new Taxi().Reset(-3)).Message);
        var cliff = new CliffWalking(); // no time limit: the episode runs until the goal
        cliff.Reset(1);
        foreach (var a in new[] { 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2 }) cliff.Step(a);
        Assert.Throws<InvalidOperationException>(() => cliff.Step(0)); // after termination
        Assert.Contains("Blackjack-v1", Assert.Throws<ArgumentException>(() => { var b = new Blackjack(); b.Reset(0); b.Step(2); }).Message);
    }

    [Fact]
    public void CliffWalkingFallsBackToTheStartWithoutEnding()
    {
        var cliff = new CliffWalking();
        Assert.Equal(36, cliff.Reset(0).Observation);
        var r = cliff.Step(1);
        Assert.Equal((36, -100.0, false), (r.Observation, r.Reward, r.Terminated));
        Assert.Equal(new Transition(1.0, 47, -1, true), Assert.Single(cliff.Transitions(35, 2)));
        var slippery = new CliffWalking(isSlippery: true).Transitions(25, 2); // down from (2, 1): slips right, falls (down), slips left
        Assert.Equal([new Transition(1.0 / 3, 26, -1, false), new Transition(1.0 / 3, 36, -100, false), new Transition(1.0 / 3, 24, -1, false)], slippery);
    }

    [Fact]
    public void TaxiTableStartsAndMasksAreGymnasiums()
    {
        var taxi = new Taxi();
        Assert.Equal((500, 6), (taxi.StateCount, taxi.ActionCount));
        var start = taxi.InitialDistribution;
        Assert.Equal(300, start.Count(p => p > 0));
        Assert.All(start.Where(p => p > 0), p => Assert.Equal(1.0 / 300, p));
        for (int s = 0; s < 500; s++)
        {
            var (row, col, pass, dest) = Taxi.Decode(s);
            Assert.Equal(s, Taxi.Encode(row, col, pass, dest));
        }
        // Passenger in the taxi at G (0, 4), destination G (1): drop-off delivers, +20, ends.
        int atG = Taxi.Encode(0, 4, 4, 1);
        Assert.Equal(new Transition(1.0, Taxi.Encode(0, 4, 1, 1), 20, true), Assert.Single(taxi.Transitions(atG, 5)));
        Assert.Equal(new[] { 1, 0, 0, 1, 0, 1 }, Taxi.ActionMask(atG));
        // A wall east of (0, 1): "east" keeps the taxi in place and the mask says so.
        int nextToWall = Taxi.Encode(0, 1, 0, 1);
        Assert.Equal(nextToWall, Assert.Single(taxi.Transitions(nextToWall, 2)).NextState);
        Assert.Equal(0, Taxi.ActionMask(nextToWall)[2]);
        Assert.Equal(-10, Assert.Single(taxi.Transitions(nextToWall, 4)).Reward); // no passenger here
    }

    [Fact]
    public void MakeAppliesTheRegisteredTimeLimits()
    {
        Assert.Equal(100, Assert.IsType<TimeLimit<int, int>>(Gym.MakeFrozenLake()).MaxEpisodeSteps);
        Assert.Equal(200, Assert.IsType<TimeLimit<int, int>>(Gym.MakeFrozenLake("8x8")).MaxEpisodeSteps);
        Assert.Equal(200, Assert.IsType<TimeLimit<int, int>>(Gym.MakeTaxi()).MaxEpisodeSteps);
        Assert.IsType<CliffWalking>(Gym.MakeCliffWalking());
        Assert.Equal(50, Assert.IsType<TimeLimit<int, int>>(Gym.MakeCliffWalking(maxEpisodeSteps: 50)).MaxEpisodeSteps);
        Assert.True(Assert.IsType<Blackjack>(Gym.MakeBlackjack()).Sab);
    }

    [Fact]
    public void BlackjackPaysNaturalsByTheChosenRules()
    {
        // Find seeds where the player is dealt a natural (ace + ten) and the dealer is not; stick at once.
        int found = 0;
        for (long seed = 0; seed < 3000 && found < 3; seed++)
        {
            var plain = new Blackjack();
            var obs = plain.Reset(seed).Observation;
            if (!(obs.PlayerSum == 21 && obs.UsableAce && plain.PlayerHand.Count == 2)) continue;
            bool dealerNatural = plain.DealerHand.Contains(1) && plain.DealerHand.Contains(10);
            if (dealerNatural) continue;
            found++;
            double basic = plain.Step(0).Reward;
            var natural = new Blackjack(natural: true);
            natural.Reset(seed);
            double paid = natural.Step(0).Reward;
            Assert.Equal(basic == 1.0 ? 1.5 : basic, paid); // a dealer 21 from three cards ties a natural without sab
            var sab = new Blackjack(natural: true, sab: true);
            sab.Reset(seed);
            Assert.Equal(1.0, sab.Step(0).Reward);
        }
        Assert.Equal(3, found);
    }

    [Fact]
    public void BlackjackObservationIndexIsDense()
    {
        var seen = new HashSet<int>();
        for (int p = 0; p < 32; p++)
            for (int d = 0; d < 11; d++)
                foreach (bool ace in new[] { false, true })
                {
                    int i = new BlackjackObservation(p, d, ace).Index;
                    Assert.InRange(i, 0, BlackjackObservation.Count - 1);
                    Assert.True(seen.Add(i));
                }
    }

    [Fact]
    public void GridWorldBuildsWallsSlipAndTerminals()
    {
        var grid = new GridWorld(2, 3, new Dictionary<(int, int), double> { [(0, 2)] = 5 }, [(1, 1)], stepReward: -0.5, slip: 0.2);
        var right = grid.Transitions(0, 1); // from (0, 0): slip up (wall: stay), right, slip down
        Assert.Equal([new Transition(0.1, 0, -0.5, false), new Transition(0.8, 1, -0.5, false), new Transition(0.1, 3, -0.5, false)], right);
        Assert.Equal(new Transition(0.8, 2, 4.5, true), grid.Transitions(1, 1)[1]); // step −0.5 plus the cell's 5
        Assert.Equal(3, grid.Transitions(3, 1)[1].NextState); // into the wall at (1, 1): stays
        Assert.False(grid.IntegerRewards);
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => new GridWorld(2, 2, walls: [(5, 0)])).Message);
        Assert.Contains("slip", Assert.Throws<ArgumentOutOfRangeException>(() => new GridWorld(2, 2, slip: 1)).Message);
    }
}
