using System.Globalization;

namespace Glassbox.Cli.Commands;

/// <summary>
/// The parsed words of one command: positional words, <c>--switch</c> flags and <c>--name value</c> (or
/// <c>--name=value</c>) options, checked against the command's <see cref="CommandSpec"/> while parsing and read back
/// through typed accessors that turn a bad value into a <see cref="UsageException"/> naming the option and the value.
/// </summary>
/// <remarks>
/// <para>Parsing rules: a word starting with <c>-</c> is an option unless it is the value of the option before it, so
/// <c>--seed -1</c> reaches <see cref="ULong"/> (and is rejected there as negative) instead of being taken for an
/// unknown option <c>-1</c>. A value option needs a value: at the end of the line, or followed by another
/// <c>--option</c>, it is an error rather than silently "not given". Switches take no value (<c>--json=yes</c> is an
/// error), options may appear once, and more positional words than the command takes are an error: every typo fails
/// loudly instead of being ignored.</para>
/// <para><c>--help</c> / <c>-h</c> are not parsed here: the command checks <see cref="WantsHelp"/> first, so
/// <c>glassbox milestone --epochs abc --help</c> still prints help.</para>
/// </remarks>
public sealed class Args
{
    private readonly List<string> positional = [];
    private readonly Dictionary<string, string?> options = new(StringComparer.Ordinal);

    /// <summary>The command these words belong to (used in every error message).</summary>
    public CommandSpec Spec { get; }

    /// <summary>Parses <paramref name="words"/> (everything after the command words) against <paramref name="spec"/>.</summary>
    /// <exception cref="UsageException">An unknown option, a missing or unexpected value, a repeated option, or too many positional words.</exception>
    public Args(CommandSpec spec, IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(words);
        Spec = spec;
        var list = words.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var w = list[i];
            if (w.Length < 2 || w[0] != '-') { positional.Add(w); continue; }
            string name = w.StartsWith("--", StringComparison.Ordinal) ? w[2..] : w[1..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
            if (name.Length == 0 || !w.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException(spec, $"unknown option '{w}'; {spec.DescribeOptions()}");
            if (options.ContainsKey(name)) throw new UsageException(spec, $"option --{name} is given twice");
            if (spec.Switches.Contains(name))
            {
                if (value is not null) throw new UsageException(spec, $"--{name} is a switch and takes no value (got '--{name}={value}')");
                options[name] = null;
            }
            else if (spec.Options.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= list.Count || list[i + 1].StartsWith("--", StringComparison.Ordinal))
                        throw new UsageException(spec, $"--{name} needs a value");
                    value = list[++i];
                }
                if (value.Length == 0) throw new UsageException(spec, $"--{name} needs a non-empty value");
                options[name] = value;
            }
            else throw new UsageException(spec, $"unknown option --{name}; {spec.DescribeOptions()}");
        }
        if (positional.Count > spec.MaxPositionals)
            throw new UsageException(spec, $"unexpected argument '{positional[spec.MaxPositionals]}'");
    }

    /// <summary>True when the words ask for help (<c>--help</c>, <c>-h</c>) anywhere; checked before parsing.</summary>
    public static bool WantsHelp(IEnumerable<string> words) => words.Any(w => w is "--help" or "-h");

    /// <summary>The number of positional words.</summary>
    public int PositionalCount => positional.Count;

    /// <summary>The i-th positional word, or null.</summary>
    public string? Positional(int i) => i < positional.Count ? positional[i] : null;

    /// <summary>True if the switch <c>--name</c> was given.</summary>
    public bool Flag(string name) => options.ContainsKey(name);

    /// <summary>The value of <c>--name value</c>, or null when the option was not given (never an empty string).</summary>
    public string? Option(string name) => options.TryGetValue(name, out var v) ? v : null;

    /// <summary>
    /// The integer value of <c>--name</c>, or <paramref name="fallback"/> when absent; a value that is not a decimal
    /// integer in [<paramref name="min"/>, <paramref name="max"/>] is a usage error naming the option and the value.
    /// </summary>
    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Option(name) is not string text) return fallback;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw new UsageException(Spec, $"--{name} must be an integer{Range(min, max)}, got '{text}'");
        return v;
    }

    /// <summary>
    /// The non-negative 64-bit value of <c>--name</c> (seeds), or <paramref name="fallback"/> when absent. A sign is
    /// rejected rather than wrapped: <c>--seed -1</c> must not quietly become seed 18446744073709551615.
    /// </summary>
    public ulong ULong(string name, ulong fallback)
    {
        if (Option(name) is not string text) return fallback;
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v))
            throw new UsageException(Spec, $"--{name} must be a non-negative integer (0 to {ulong.MaxValue}), got '{text}'");
        return v;
    }

    /// <summary>
    /// The comma-separated integers of <c>--name</c> (e.g. <c>--sizes 256,512</c>), or <paramref name="fallback"/>
    /// when absent; every item must be an integer in [<paramref name="min"/>, <paramref name="max"/>].
    /// </summary>
    public int[] IntList(string name, int[] fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (List(name) is not string[] items) return fallback;
        var values = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
            if (!int.TryParse(items[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]) || values[i] < min || values[i] > max)
                throw new UsageException(Spec, $"--{name} must be a comma-separated list of integers{Range(min, max)}, got '{items[i]}' in '{Option(name)}'");
        return values;
    }

    /// <summary>The comma-separated, trimmed items of <c>--name</c>, or null when absent; an empty list is a usage error.</summary>
    public string[]? List(string name)
    {
        if (Option(name) is not string text) return null;
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new UsageException(Spec, $"--{name} needs at least one item, got '{text}'");
        return items;
    }

    private static string Range(int min, int max) => (min, max) switch
    {
        (int.MinValue, int.MaxValue) => "",
        (_, int.MaxValue) => $" >= {min}",
        (int.MinValue, _) => $" <= {max}",
        _ => $" from {min} to {max}",
    };
}
