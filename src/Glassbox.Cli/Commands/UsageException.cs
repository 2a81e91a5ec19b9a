namespace Glassbox.Cli.Commands;

/// <summary>
/// A command-line mistake (unknown command or option, bad or missing value). The top-level handler prints it as one
/// line without a stack trace, with a pointer to the command's <c>--help</c>, and exits with code 2.
/// </summary>
public sealed class UsageException : Exception
{
    /// <summary>A mistake in the words given to <paramref name="command"/>; the message is prefixed with its name.</summary>
    public UsageException(CommandSpec command, string message) : base($"{command.Name}: {message}") => Command = command.Name;

    /// <summary>A mistake not tied to one command (e.g. an unknown command word).</summary>
    public UsageException(string message) : base(message) => Command = null;

    /// <summary>The command whose <c>--help</c> explains the fix, or null for the top-level usage.</summary>
    public string? Command { get; }
}
