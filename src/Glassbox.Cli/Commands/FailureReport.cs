using System.Reflection;
using System.Text.Json;
using Glassbox.Data;
using Glassbox.LinearAlgebra;
using Glassbox.ML;
using Glassbox.Tracking;

namespace Glassbox.Cli.Commands;

/// <summary>
/// Turns an exception that escaped a command into the CLI's answer: one line on standard error and an exit code —
/// <see cref="UsageError"/> for command-line mistakes, <see cref="RuntimeError"/> for everything else. Never a
/// stack trace unless asked for (<c>GLASSBOX_DEBUG=1</c> or <c>--verbose</c>).
/// </summary>
/// <remarks>
/// Exceptions the program expects — missing or corrupt data, files that cannot be read or written, a library
/// argument check — already carry a message that names the file or value and the defect, so it is printed as is.
/// Any other type means a bug: it is printed as "internal error: Type: message" with the hint to rerun with the
/// trace. Wrappers (<see cref="AggregateException"/> from parallel loops, <see cref="TypeInitializationException"/>,
/// <see cref="TargetInvocationException"/>) are unwrapped first so the message is the real one.
/// </remarks>
public static class FailureReport
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a failure at run time (data, files, a failed milestone, a bug).</summary>
    public const int RuntimeError = 1;

    /// <summary>Exit code of a command-line mistake.</summary>
    public const int UsageError = 2;

    /// <summary>The environment variable that turns on stack traces (any value but empty, "0" or "false").</summary>
    public const string DebugVariable = "GLASSBOX_DEBUG";

    /// <summary>True when <paramref name="value"/> of <see cref="DebugVariable"/> asks for traces.</summary>
    public static bool IsDebug(string? value) => value is { Length: > 0 } && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the one-line report of <paramref name="error"/> (and the trace when <paramref name="trace"/>) and returns the exit code.</summary>
    public static int Write(Exception error, TextWriter err, bool trace)
    {
        var e = Unwrap(error);
        int code;
        string line;
        switch (e)
        {
            case UsageException u:
                code = UsageError;
                line = $"{u.Message} (see 'glassbox {(u.Command is null ? "" : u.Command + " ")}--help')";
                break;
            case CommandFailedException or DatasetNotFoundException or DataFormatException or IOException or UnauthorizedAccessException
                or InvalidDataException or JsonException or ArgumentException or FormatException or NotFittedException or LinAlgException
                or RunStoreException:
                code = RuntimeError;
                line = e.Message;
                break;
            default:
                code = RuntimeError;
                line = $"internal error: {e.GetType().Name}: {e.Message}" + (trace ? "" : $" (set {DebugVariable}=1 or pass --verbose for the stack trace)");
                break;
        }
        err.WriteLine("glassbox: " + OneLine(line));
        if (trace) err.WriteLine(error.ToString());
        return code;
    }

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } a: e = a.InnerExceptions[0]; continue;
                case TypeInitializationException { InnerException: { } i }: e = i; continue;
                case TargetInvocationException { InnerException: { } t }: e = t; continue;
                default: return e;
            }
        }
    }

    /// <summary>Folds line breaks so the report stays one line whatever the message contains.</summary>
    private static string OneLine(string s) => string.Join(" ", s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
