namespace Glassbox.Cli.Commands;

/// <summary>
/// A command that was used correctly but could not do its work for a reason outside the program (an output folder
/// that cannot be written, a corrupt results file). The message is complete and says what to fix, so the top-level
/// handler prints it as one line and exits with code 1, without the "internal error" wording kept for bugs.
/// </summary>
public sealed class CommandFailedException(string message, Exception? inner = null) : Exception(message, inner);
