namespace Glassbox.Cli.Commands;

/// <summary>
/// A small command-line parser: positional words, <c>--flag</c> switches and <c>--name value</c> options
/// (or <c>--name=value</c>). Unknown options are rejected by <see cref="CheckKnown"/> so typos do not pass silently.
/// </summary>
public sealed class Args
{
    private readonly List<string> positional = [];
    private readonly Dictionary<string, string?> options = new(StringComparer.Ordinal);
    private static readonly HashSet<string> Switches = ["json", "quick", "help"];

    /// <summary>Parses everything after the command words.</summary>
    public Args(IEnumerable<string> words)
    {
        var list = words.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var w = list[i];
            if (!w.StartsWith("--", StringComparison.Ordinal)) { positional.Add(w); continue; }
            var name = w[2..];
            int eq = name.IndexOf('=');
            if (eq >= 0) options[name[..eq]] = name[(eq + 1)..];
            else if (Switches.Contains(name) || i + 1 >= list.Count || list[i + 1].StartsWith("--", StringComparison.Ordinal)) options[name] = null;
            else options[name] = list[++i];
        }
    }

    /// <summary>The i-th positional word, or null.</summary>
    public string? Positional(int i) => i < positional.Count ? positional[i] : null;

    /// <summary>True if <c>--name</c> was given.</summary>
    public bool Flag(string name) => options.ContainsKey(name);

    /// <summary>The value of <c>--name value</c>, or null.</summary>
    public string? Option(string name) => options.TryGetValue(name, out var v) ? v : null;

    /// <summary>Throws a <see cref="UsageException"/> naming any option not in <paramref name="known"/>.</summary>
    public void CheckKnown(params string[] known)
    {
        foreach (var k in options.Keys)
            if (!known.Contains(k)) throw new UsageException($"unknown option --{k}; expected one of: {string.Join(", ", known.Select(x => "--" + x))}");
    }
}

/// <summary>A command-line mistake: printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
