using Glassbox.Cli;

namespace Glassbox.Cli.Tests;

/// <summary>
/// One in-process run of the CLI with its own writers and a private environment (so tests run in parallel and never
/// read the developer's GLASSBOX_DATA or write their real milestone record): exit code, standard output and error.
/// </summary>
public sealed record CliRun(int ExitCode, string Out, string Err)
{
    /// <summary>Runs <c>glassbox args…</c>; <paramref name="env"/> holds the only visible environment variables.</summary>
    public static CliRun Of(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr, name => env is not null && env.TryGetValue(name, out var v) ? v : null);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs with an empty environment.</summary>
    public static CliRun Of(params string[] args) => Of(null, args);

    /// <summary>The lines written to standard error.</summary>
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Asserts a clean failure: the expected exit code; standard error ending with the one line of the error report,
    /// prefixed "glassbox: " and containing every fragment (the bad value, the file…); no other report line (progress
    /// lines such as "== titanic: …" may precede it) and no stack-trace frame anywhere.
    /// </summary>
    public void AssertFails(int exitCode, params string[] fragments)
    {
        Assert.True(ExitCode == exitCode, $"exit code {ExitCode}, expected {exitCode}; stderr: {Err}");
        Assert.DoesNotContain("   at ", Err);
        Assert.DoesNotContain("   at ", Out);
        Assert.NotEmpty(ErrLines);
        var line = ErrLines[^1];
        Assert.Equal(line, Assert.Single(ErrLines, l => l.StartsWith("glassbox: ", StringComparison.Ordinal)));
        foreach (var f in fragments) Assert.Contains(f, line);
    }
}
