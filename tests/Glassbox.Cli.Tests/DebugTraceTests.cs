using Glassbox.Cli.Commands;

namespace Glassbox.Cli.Tests;

/// <summary>The stack trace is shown only on request (GLASSBOX_DEBUG or --verbose), after the same one-line report.</summary>
public class DebugTraceTests
{

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    public void GlassboxDebugAddsTheStackTrace(string value)
    {
        using var t = new TempFolder();
        string path = t.Write("home/milestones.json", "{ not json");
        var r = CliRun.Of(new Dictionary<string, string> { ["GLASSBOX_HOME"] = t["home"], ["GLASSBOX_DEBUG"] = value }, "milestones");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"glassbox: {path}: not valid JSON", r.ErrLines[0]);
        Assert.Contains("Glassbox.Data.DataFormatException", r.Err);
        Assert.Contains("   at Glassbox.Cli.Commands.MilestoneResults.Load", r.Err);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("")]
    [InlineData("false")]
    public void GlassboxDebugOffKeepsOneLine(string value)
    {
        using var t = new TempFolder();
        t.Write("home/milestones.json", "{ not json");
        CliRun.Of(new Dictionary<string, string> { ["GLASSBOX_HOME"] = t["home"], ["GLASSBOX_DEBUG"] = value }, "milestones")
            .AssertFails(1, "not valid JSON");
    }

    [Fact]
    public void VerboseAddsTheStackTrace()
    {
        using var t = new TempFolder();
        t.Write("home/milestones.json", "[]");
        var r = CliRun.Of(new Dictionary<string, string> { ["GLASSBOX_HOME"] = t["home"] }, "milestones", "--verbose");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("   at Glassbox.Cli.Commands.MilestoneResults.Load", r.Err);
    }

    [Fact]
    public void UnexpectedExceptionIsAnInternalErrorWithAHint()
    {
        var err = new StringWriter();
        int code = FailureReport.Write(new InvalidOperationException("boom\nsecond line"), err, trace: false);
        Assert.Equal(1, code);
        Assert.Equal("glassbox: internal error: InvalidOperationException: boom second line (set GLASSBOX_DEBUG=1 or pass --verbose for the stack trace)",
            err.ToString().TrimEnd());
    }

    [Fact]
    public void WrappersAreUnwrappedToTheRealFailure()
    {
        var err = new StringWriter();
        var inner = new Glassbox.Data.DataFormatException("/d/x.idx", "bad magic");
        int code = FailureReport.Write(new AggregateException(new TypeInitializationException("T", inner)), err, trace: false);
        Assert.Equal(1, code);
        Assert.Equal("glassbox: /d/x.idx: bad magic", err.ToString().TrimEnd());
    }

    [Fact]
    public void UsageExceptionMapsToTwo()
    {
        var err = new StringWriter();
        Assert.Equal(2, FailureReport.Write(new UsageException(BenchGemmCommand.Spec, "oops"), err, trace: false));
        Assert.Equal("glassbox: bench gemm: oops (see 'glassbox bench gemm --help')", err.ToString().TrimEnd());
    }
}
