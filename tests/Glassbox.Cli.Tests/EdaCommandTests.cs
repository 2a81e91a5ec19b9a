namespace Glassbox.Cli.Tests;

/// <summary><c>glassbox eda</c>: a report is written, and every bad input ends in one clear error line.</summary>
public class EdaCommandTests
{
    private const string Csv = "group,<script>,target\na,1.5,1\na,2.5,0\nb,3.5,1\nb,,1\n";

    [Fact]
    public void WritesAnEncodedReport()
    {
        using var t = new TempFolder();
        var csv = t.Write("d.csv", Csv);
        var r = CliRun.Of("eda", csv, "--target", "target", "--out", t["out/report.html"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("4 rows × 3 columns, rate of target = 1 0.75", r.Out);
        var html = File.ReadAllText(t["out/report.html"]);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("<td class=\"l\">b</td><td>2</td><td>1</td>", html); // group b: both targets 1
        Assert.Empty(Directory.GetFiles(t["out"], "*.tmp")); // the atomic write left no temporary behind
    }

    [Fact]
    public void DefaultOutputSitsBesideTheCsv()
    {
        using var t = new TempFolder();
        var csv = t.Write("d.csv", Csv);
        Assert.Equal(0, CliRun.Of("eda", csv, "--target", "target").ExitCode);
        Assert.True(File.Exists(t["d.eda.html"]));
    }

    [Fact]
    public void BadInputsFailWithOneLine()
    {
        using var t = new TempFolder();
        var csv = t.Write("d.csv", Csv);
        CliRun.Of("eda", csv, "--target", "zz").AssertFails(1, "no column 'zz'", "group, <script>, target");
        CliRun.Of("eda", t["none.csv"], "--target", "x").AssertFails(1, "none.csv");
        CliRun.Of("eda", csv).AssertFails(2, "--target");
        var ragged = t.Write("r.csv", "a,b\n1,2\n3\n");
        CliRun.Of("eda", ragged, "--target", "a").AssertFails(1, "r.csv", "line 3, column 2");
        Assert.False(File.Exists(t["r.eda.html"]));
    }
}
