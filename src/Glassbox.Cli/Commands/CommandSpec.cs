namespace Glassbox.Cli.Commands;

/// <summary>
/// What one command accepts: its name as typed (e.g. <c>"bench gemm"</c>), its usage text (printed by
/// <c>--help</c>), the switches (<c>--json</c>), the options that take a value (<c>--seed N</c>) and how many
/// positional words it takes. <see cref="Args"/> rejects anything else.
/// </summary>
/// <param name="Name">The command words, used to prefix error messages and in the <c>--help</c> hint.</param>
/// <param name="Usage">Usage text: synopsis first, then one line per option.</param>
/// <param name="Switches">Option names (without <c>--</c>) that take no value.</param>
/// <param name="Options">Option names (without <c>--</c>) that need a value.</param>
/// <param name="MaxPositionals">The most positional words the command takes.</param>
public sealed record CommandSpec(string Name, string Usage, IReadOnlyList<string> Switches, IReadOnlyList<string> Options, int MaxPositionals)
{
    /// <summary>"'milestone' takes --json, --quick, …, --help": the list shown with an unknown-option error.</summary>
    public string DescribeOptions()
    {
        var all = Switches.Concat(Options).Append("help").Select(o => "--" + o).ToList();
        return $"'{Name}' takes {string.Join(", ", all)}";
    }

    /// <summary>
    /// Prints <see cref="Usage"/> to standard output and returns true when <paramref name="words"/> ask for help
    /// (<c>--help</c> or <c>-h</c> anywhere), so help wins over any other mistake on the same line.
    /// </summary>
    public bool PrintHelpIfAsked(CliContext ctx, IEnumerable<string> words)
    {
        if (!Args.WantsHelp(words)) return false;
        ctx.Out.WriteLine(Usage);
        return true;
    }
}
