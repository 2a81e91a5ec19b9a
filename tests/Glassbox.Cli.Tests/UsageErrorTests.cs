namespace Glassbox.Cli.Tests;

/// <summary>Command-line mistakes: exit code 2 and one line naming the mistake and the value, never a trace.</summary>
public class UsageErrorTests
{
    [Fact]
    public void UnknownCommand() => CliRun.Of("trian").AssertFails(2, "unknown command 'trian'", "milestones, milestone, bench, data, runs, serve, ui, export, report, tune, eda or help", "see 'glassbox --help'");

    [Fact]
    public void OptionBeforeAnyCommand() => CliRun.Of("--json").AssertFails(2, "expected a command before '--json'");

    [Fact]
    public void HelpForAnUnknownCommand() => CliRun.Of("help", "trian").AssertFails(2, "unknown command 'trian'");

    [Fact]
    public void UnknownMilestoneId() => CliRun.Of("milestone", "mnist-cnn").AssertFails(2, "milestone: unknown milestone 'mnist-cnn'", "mnist-mlp", "see 'glassbox milestone --help'");

    [Fact]
    public void MissingMilestoneId() => CliRun.Of("milestone", "--quick").AssertFails(2, "milestone: which milestone?");

    [Fact]
    public void UnknownBenchmark() => CliRun.Of("bench", "gemv").AssertFails(2, "bench: unknown benchmark 'gemv'", "gemm, mnist-mlp, classical, conv, lstm, char-gpt, attention, cartpole-env, serve, cartpole-ppo or ddpm");

    [Fact]
    public void MissingBenchmark() => CliRun.Of("bench").AssertFails(2, "bench: which benchmark?");

    [Theory]
    [InlineData("data: unknown sub-command 'show'", "data", "show")]
    [InlineData("data: expected list, verify [NAME] or fetch NAME", "data")]
    [InlineData("data: fetch: which dataset?", "data", "fetch")]
    [InlineData("data: list takes no dataset name (got 'mnist')", "data", "list", "mnist")]
    [InlineData("data: unexpected argument 'fashion-mnist'", "data", "verify", "mnist", "fashion-mnist")]
    public void DataSubcommandMistakes(string expected, params string[] args) => CliRun.Of(args).AssertFails(2, expected);

    [Theory]
    [InlineData("verify")]
    [InlineData("fetch")]
    public void UnknownDatasetName(string sub) =>
        CliRun.Of("data", sub, "imagenet").AssertFails(2, "data: unknown dataset 'imagenet'", "mnist", "titanic");

    [Theory]
    [InlineData("milestone: unknown option --epochs", "milestone", "mnist-mlp", "--epochs", "3")]
    [InlineData("milestone: unknown option --qiuck", "milestone", "mnist-mlp", "--qiuck")]
    [InlineData("milestones: unknown option --json", "milestones", "--json")]
    [InlineData("milestones: unexpected argument 'mnist-mlp'", "milestones", "mnist-mlp")]
    [InlineData("bench gemm: unknown option --size", "bench", "gemm", "--size", "256")]
    [InlineData("bench mnist-mlp: unknown option --only", "bench", "mnist-mlp", "--only", "x")]
    [InlineData("bench classical: unknown option --epochs", "bench", "classical", "--epochs", "2")]
    [InlineData("bench conv: unknown option --sizes", "bench", "conv", "--sizes", "2")]
    [InlineData("bench attention: --causal must be both, yes or no, got 'maybe'", "bench", "attention", "--causal", "maybe")]
    [InlineData("bench attention: unknown implementation 'flash' in --only; expected fused or composed", "bench", "attention", "--only", "flash")]
    [InlineData("bench conv: unknown recipe 'resnet50' in --only; expected lenet, resnet20 or layers", "bench", "conv", "--only", "lenet,resnet50")]
    [InlineData("bench conv: --steps must be an integer from 1 to 10000, got '0'", "bench", "conv", "--steps", "0")]
    [InlineData("bench conv: --epochs must be an integer from 1 to 100, got '101'", "bench", "conv", "--epochs", "101")]
    [InlineData("data: unknown option --json", "data", "list", "--json")]
    [InlineData("milestone: unknown option '-q'", "milestone", "mnist-mlp", "-q")]
    public void UnknownOptionsAreRejected(string expected, params string[] args) => CliRun.Of(args).AssertFails(2, expected);

    [Fact]
    public void UnknownOptionListsTheAcceptedOnes() =>
        CliRun.Of("milestone", "titanic", "--qiuck").AssertFails(2, "--json, --quick, --seed, --data-dir, --out, --only, --help");

    [Theory]
    [InlineData("--epochs must be an integer from 1 to 1000, got 'abc'", "--epochs", "abc")]
    [InlineData("--epochs must be an integer from 1 to 1000, got '0'", "--epochs", "0")]
    [InlineData("--epochs must be an integer from 1 to 1000, got '-3'", "--epochs", "-3")]
    [InlineData("--epochs must be an integer from 1 to 1000, got '1.5'", "--epochs", "1.5")]
    [InlineData("--epochs must be an integer from 1 to 1000, got '99999999999'", "--epochs=99999999999")]
    [InlineData("--seed must be a non-negative integer (0 to 18446744073709551615), got '-1'", "--seed", "-1")]
    [InlineData("--seed must be a non-negative integer (0 to 18446744073709551615), got 'x'", "--seed", "x")]
    [InlineData("--seed must be a non-negative integer (0 to 18446744073709551615), got '+1'", "--seed", "+1")]
    [InlineData("--epochs needs a value", "--epochs")]
    [InlineData("--epochs needs a value", "--epochs", "--json")]
    [InlineData("--epochs needs a non-empty value", "--epochs=")]
    [InlineData("--json is a switch and takes no value (got '--json=yes')", "--json=yes")]
    [InlineData("option --epochs is given twice", "--epochs", "1", "--epochs", "2")]
    public void BadValuesOfBenchMnistMlp(string expected, params string[] options) =>
        CliRun.Of(["bench", "mnist-mlp", .. options]).AssertFails(2, "bench mnist-mlp: " + expected);

    [Theory]
    [InlineData("milestone: --seed must be a non-negative integer (0 to 18446744073709551615), got '-1'", "--seed", "-1")]
    [InlineData("milestone: --out needs a value", "--out")]
    [InlineData("milestone: --data-dir needs a value", "--data-dir", "--quick")]
    [InlineData("milestone: --only applies to fashion-mnist-sklearn-table, not to 'titanic'", "--only", "SVC")]
    public void BadValuesOfMilestone(string expected, params string[] options) =>
        CliRun.Of(["milestone", "titanic", .. options]).AssertFails(2, expected);

    [Fact]
    public void OnlyPrefixThatMatchesNoRow() =>
        CliRun.Of("milestone", "fashion-mnist-sklearn-table", "--only", "SVC,Perceptron").AssertFails(2, "no row of fashion-mnist-sklearn-table starts with 'Perceptron'");

    [Theory]
    [InlineData("--sizes must be a comma-separated list of integers from 1 to 16384, got '0' in '256,0'", "--sizes", "256,0")]
    [InlineData("--sizes must be a comma-separated list of integers from 1 to 16384, got 'big' in 'big'", "--sizes", "big")]
    [InlineData("--threads must be a comma-separated list of integers from 1 to 1024, got '-2' in '-2'", "--threads", "-2")]
    [InlineData("--threads needs at least one item, got ','", "--threads", ",")]
    public void BadValuesOfBenchGemm(string expected, params string[] options) =>
        CliRun.Of(["bench", "gemm", .. options]).AssertFails(2, "bench gemm: " + expected);

    [Fact]
    public void UnknownEstimatorOfBenchClassical() =>
        CliRun.Of("bench", "classical", "--only", "KMeans,XGBoost").AssertFails(2, "bench classical: unknown estimator(s) XGBoost");

    [Fact]
    public void VerboseIsAcceptedAnywhereAndDoesNotHideTheLine()
    {
        var r = CliRun.Of("bench", "--verbose", "mnist-mlp", "--epochs", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("glassbox: bench mnist-mlp: --epochs must be an integer from 1 to 1000, got '0'", r.ErrLines[0]);
    }
}
