namespace Glassbox.Cli.Tests;

/// <summary><c>--help</c> (or <c>-h</c>, or <c>glassbox help CMD</c>) on every command prints its usage to standard output and exits 0.</summary>
public class HelpTests
{
    [Theory]
    [InlineData("usage:\n  glassbox milestones", "--help")]
    [InlineData("usage:\n  glassbox milestones", "-h")]
    [InlineData("usage:\n  glassbox milestones", "help")]
    [InlineData("usage: glassbox milestones", "milestones", "--help")]
    [InlineData("usage: glassbox milestone ID", "milestone", "--help")]
    [InlineData("usage: glassbox milestone ID", "milestone", "mnist-mlp", "-h")]
    [InlineData("usage: glassbox milestone ID", "help", "milestone")]
    // help wins over mistakes on the same line: the user is asking how to fix them
    [InlineData("usage: glassbox milestone ID", "milestone", "--epochs", "abc", "--help")]
    [InlineData("usage: glassbox bench gemm", "bench", "--help")]
    [InlineData("usage: glassbox bench gemm [--json]", "bench", "gemm", "--help")]
    [InlineData("usage: glassbox bench mnist-mlp", "bench", "mnist-mlp", "--help")]
    [InlineData("usage: glassbox bench classical", "bench", "classical", "--help")]
    [InlineData("usage: glassbox bench conv", "bench", "conv", "--help")]
    [InlineData("usage: glassbox bench attention", "bench", "attention", "--help")]
    [InlineData("usage: glassbox bench cartpole-env", "bench", "cartpole-env", "--help")]
    [InlineData("usage: glassbox data list", "data", "--help")]
    [InlineData("usage: glassbox data list", "data", "fetch", "--help")]
    public void HelpPrintsUsageAndExitsZero(string expected, params string[] args)
    {
        var r = CliRun.Of(args);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(expected, r.Out.ReplaceLineEndings("\n"));
        Assert.Equal("", r.Err);
    }

    [Fact]
    public void NoArgumentsPrintsTheTopLevelUsage()
    {
        var r = CliRun.Of();
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("glassbox milestone ID [--json] [--quick]", r.Out);
        Assert.Contains("Exit codes: 0 success, 1 runtime failure, 2 usage error", r.Out);
    }

    [Fact]
    public void MilestoneHelpListsEveryMilestoneId()
    {
        var r = CliRun.Of("milestone", "--help");
        foreach (var m in Glassbox.Milestones.MilestoneRegistry.All) Assert.Contains(m.Id, r.Out);
    }
}
