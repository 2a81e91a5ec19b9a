using System.Text.Json;

namespace Glassbox.Cli.Tests;

/// <summary><c>glassbox bench cartpole-env</c> runs and reports both modes (with a tiny step count: this checks the
/// command, not the speed).</summary>
public class BenchCartPoleEnvTests
{
    [Fact]
    public void PrintsSingleAndVectorLines()
    {
        var run = CliRun.Of("bench", "cartpole-env", "--json", "--steps", "400", "--envs", "4");
        Assert.True(run.ExitCode == 0, run.Err);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var single = JsonDocument.Parse(lines[0]).RootElement;
        var vector = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal("single", single.GetProperty("mode").GetString());
        Assert.Equal(400, single.GetProperty("steps").GetInt64());
        Assert.Equal("sync-vector", vector.GetProperty("mode").GetString());
        Assert.Equal(4, vector.GetProperty("envs").GetInt32());
        Assert.Equal(400, vector.GetProperty("steps").GetInt64());
        // random actions end a CartPole episode every ~22 steps, so 400 steps finish several
        Assert.True(single.GetProperty("episodes").GetInt32() >= 5);
        Assert.True(single.GetProperty("steps_per_s").GetDouble() > 0);
    }

    [Fact]
    public void RejectsABadStepCount() =>
        CliRun.Of("bench", "cartpole-env", "--steps", "0").AssertFails(2, "bench cartpole-env", "--steps");
}
