using Glassbox.Data;

namespace Glassbox.Cli.Commands;

/// <summary>
/// Where a command writes and what it may read from its surroundings: standard output, standard error and the
/// environment. Passing them in instead of using <see cref="System.Console"/> and <see cref="Environment"/>
/// directly lets tests run the whole CLI in-process, in parallel, each with its own writers and variables.
/// </summary>
/// <param name="Out">Results (tables, JSON lines).</param>
/// <param name="Err">Progress and error messages.</param>
/// <param name="Environment">Reads an environment variable (null when unset).</param>
/// <param name="ErrIsTerminal">True when <paramref name="Err"/> is an interactive terminal (progress lines are redrawn in place).</param>
public sealed record CliContext(TextWriter Out, TextWriter Err, Func<string, string?> Environment, bool ErrIsTerminal = false)
{
    /// <summary>The variable that selects the per-user Glassbox folder (last milestone results).</summary>
    public const string HomeVariable = "GLASSBOX_HOME";

    /// <summary>
    /// The data folder for a command: <c>--data-dir</c> when given, else <c>$GLASSBOX_DATA</c> read through
    /// <see cref="Environment"/>, else null (the library's per-user cache). Resolved the same way as
    /// <see cref="DataDirectory.Resolve"/>; reading the variable here keeps it injectable.
    /// </summary>
    public string? DataDir(Args args) =>
        args.Option("data-dir") ?? (Environment(DataDirectory.EnvironmentVariable) is { Length: > 0 } env ? env : null);

    /// <summary>The per-user Glassbox folder: <c>$GLASSBOX_HOME</c>, else the platform's local application data folder + "glassbox".</summary>
    public string UserFolder =>
        Environment(HomeVariable) is { Length: > 0 } home ? home
        : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData, System.Environment.SpecialFolderOption.Create), "glassbox");
}
