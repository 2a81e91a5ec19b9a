using System.Text.Json;

namespace Glassbox.Cli.Tests;

/// <summary><c>glassbox tune</c>: usage errors name the mistake; a small study runs, prints JSON and resumes by name.</summary>
public class TuneCommandTests
{
    private static Dictionary<string, string> Env(TempFolder t) => new() { ["GLASSBOX_HOME"] = t["home"] };

    [Theory]
    [InlineData(new[] { "tune" }, "name an estimator")]
    [InlineData(new[] { "tune", "SVC", "--data", "iris" }, "--trials N is required")]
    [InlineData(new[] { "tune", "Perceptron", "--data", "iris", "--trials", "3" }, "unknown estimator 'Perceptron'", "RandomForestClassifier")]
    [InlineData(new[] { "tune", "SVC", "--data", "iris", "--trials", "0" }, "--trials must be an integer from 1 to 100000, got '0'")]
    [InlineData(new[] { "tune", "SVC", "--data", "iris", "--trials", "3", "--sampler", "grid" }, "--sampler must be tpe or random, got 'grid'")]
    [InlineData(new[] { "tune", "SVC", "--data", "iris", "--trials", "3", "--pruner", "hyperband" }, "--pruner must be median, sh or none")]
    [InlineData(new[] { "tune", "SVC", "--trials", "3" }, "--data is required")]
    [InlineData(new[] { "tune", "SVC", "--data", "no-such.csv", "--trials", "3" }, "neither a file nor a built-in dataset")]
    [InlineData(new[] { "tune", "SVC", "--data", "iris", "--target", "y", "--trials", "3" }, "--target does not apply to the built-in dataset 'iris'")]
    [InlineData(new[] { "tune", "Ridge", "--data", "iris", "--trials", "3" }, "classification task; choose a classifier")]
    [InlineData(new[] { "tune", "milestone", "cifar", "--trials", "3" }, "unknown tuning recipe 'cifar'")]
    [InlineData(new[] { "tune", "milestone", "mnist-mlp", "--trials", "3", "--folds", "3" }, "--folds does not apply")]
    [InlineData(new[] { "tune", "SVC", "--data", "iris", "--trials", "3", "--quick" }, "--quick applies only")]
    public void UsageErrorsExitWithCode2AndNameTheMistake(string[] args, params string[] fragments) =>
        CliRun.Of(args).AssertFails(2, fragments);

    [Fact]
    public void ACsvStudyRunsPrintsJsonAndContinuesByName()
    {
        using var t = new TempFolder();
        // Two well-separated classes named by text, four numeric features: any sensible C separates them.
        var rows = Enumerable.Range(0, 40).Select(i => $"{i % 7},{i % 2 * 5 + i % 3},{(i % 5) * 0.5},{i % 2 * 3},{(i % 2 == 0 ? "low" : "high")}");
        var csv = t.Write("data.csv", "a,b,c,d,label\n" + string.Join("\n", rows) + "\n");
        var first = CliRun.Of(Env(t), "tune", "LogisticRegression", "--data", csv, "--target", "label", "--trials", "4", "--folds", "3", "--study", "lr", "--json");
        Assert.True(first.ExitCode == 0, first.Err);
        var o = JsonDocument.Parse(first.Out).RootElement;
        Assert.Equal(4, o.GetProperty("trials").GetInt32());
        Assert.Equal(1.0, o.GetProperty("best_value").GetDouble()); // separable by feature d alone
        Assert.Contains("[4/4] trial 3 LogisticRegression", first.Err);

        var second = CliRun.Of(Env(t), "tune", "LogisticRegression", "--data", csv, "--target", "label", "--trials", "2", "--folds", "3", "--study", "lr", "--json", "--pruner", "none");
        Assert.True(second.ExitCode == 0, second.Err);
        var o2 = JsonDocument.Parse(second.Out).RootElement;
        Assert.Equal(6, o2.GetProperty("trials").GetInt32());
        Assert.Equal(2, o2.GetProperty("new_trials").GetInt32());
    }

    [Fact]
    public void ACsvWithATextFeatureFailsWithCode1NamingTheColumn()
    {
        using var t = new TempFolder();
        var csv = t.Write("bad.csv", "a,colour,y\n1,red,0\n2,blue,1\n3,red,0\n4,blue,1\n");
        CliRun.Of(Env(t), "tune", "SVC", "--data", csv, "--target", "y", "--trials", "2").AssertFails(1, "colour", "not numeric");
        CliRun.Of(Env(t), "tune", "SVC", "--data", csv, "--target", "z", "--trials", "2").AssertFails(2, "has no column 'z'");
    }
}
