using Glassbox.Cli.Commands;

namespace Glassbox.Cli.Tests;

/// <summary>The parser and its typed accessors, directly (the command tests cover them through real commands).</summary>
public class ArgsTests
{
    private static readonly CommandSpec Spec = new("demo", "usage: demo", ["json"], ["n", "seed", "list"], 2);

    [Fact]
    public void ParsesPositionalsSwitchesAndBothValueForms()
    {
        var a = new Args(Spec, ["first", "--json", "--n", "7", "second", "--seed=42"]);
        Assert.Equal(2, a.PositionalCount);
        Assert.Equal("first", a.Positional(0));
        Assert.Equal("second", a.Positional(1));
        Assert.Null(a.Positional(2));
        Assert.True(a.Flag("json"));
        Assert.Equal(7, a.Int("n", 1, min: 1));
        Assert.Equal(42UL, a.ULong("seed", 0));
    }

    [Fact]
    public void AbsentOptionsGiveTheFallback()
    {
        var a = new Args(Spec, []);
        Assert.False(a.Flag("json"));
        Assert.Equal(5, a.Int("n", 5, min: 1));
        Assert.Equal(ulong.MaxValue, a.ULong("seed", ulong.MaxValue));
        Assert.Equal([1, 2], a.IntList("list", [1, 2]));
        Assert.Null(a.List("list"));
    }

    [Fact]
    public void ANegativeValueIsTakenAsTheValueNotAsAnOption()
    {
        var a = new Args(Spec, ["--n", "-4"]);
        Assert.Equal(-4, a.Int("n", 0));
        var e = Assert.Throws<UsageException>(() => a.Int("n", 0, min: 0));
        Assert.Equal("demo: --n must be an integer >= 0, got '-4'", e.Message);
    }

    [Theory]
    [InlineData("--n must be an integer <= 3, got '4'", int.MinValue, 3, "4")]
    [InlineData("--n must be an integer from 1 to 3, got '4'", 1, 3, "4")]
    [InlineData("--n must be an integer, got '2147483648'", int.MinValue, int.MaxValue, "2147483648")]
    public void RangeMessagesNameTheBounds(string expected, int min, int max, string value)
    {
        var a = new Args(Spec, ["--n", value]);
        Assert.Equal("demo: " + expected, Assert.Throws<UsageException>(() => a.Int("n", 0, min, max)).Message);
    }

    [Fact]
    public void ListItemsAreTrimmedAndEmptyItemsDropped()
    {
        var a = new Args(Spec, ["--list", " 3, 1,,2 "]);
        Assert.Equal(["3", "1", "2"], a.List("list")!);
        Assert.Equal([3, 1, 2], a.IntList("list", [], min: 1));
    }

    [Fact]
    public void HelpIsFoundAnywhere()
    {
        Assert.True(Args.WantsHelp(["x", "--n", "abc", "-h"]));
        Assert.False(Args.WantsHelp(["--helpful"]));
    }
}
