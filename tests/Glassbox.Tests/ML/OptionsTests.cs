using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Options;

namespace Glassbox.Tests.ML;

/// <summary>The typed-hyperparameter building blocks: scikit-learn names of enums, and the keyword-or-number options.</summary>
public class OptionsTests
{
    /// <summary>Members spelled as scikit-learn spells criterion, penalty, max_features and init values.</summary>
    public enum Sample
    {
        Gini,
        LogLoss,
        SquaredError,
        L1,
        Log2,
        [SklearnName("k-means++")] KMeansPlusPlus,
    }

    [Theory]
    [InlineData(Sample.Gini, "gini")]
    [InlineData(Sample.LogLoss, "log_loss")]
    [InlineData(Sample.SquaredError, "squared_error")]
    [InlineData(Sample.L1, "l1")]
    [InlineData(Sample.Log2, "log2")]
    [InlineData(Sample.KMeansPlusPlus, "k-means++")]
    public void EnumsMapToScikitLearnStringsBothWays(Sample value, string name)
    {
        Assert.Equal(name, SklearnNames.Of(value));
        Assert.Equal(value, SklearnNames.Parse<Sample>(name));
    }

    [Fact]
    public void UnknownNameListsTheAllowedOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => SklearnNames.Parse<Sample>("mse", "Criterion"));
        Assert.Contains("Criterion: 'mse' is not one of \"gini\", \"log_loss\", \"squared_error\", \"l1\", \"log2\" or \"k-means++\"", e.Message);
        Assert.False(SklearnNames.TryParse(typeof(Sample), "Gini", out _)); // the C# name is not the sklearn spelling
    }

    [Theory]
    [InlineData(100, 10)]
    [InlineData(3, 1)]
    [InlineData(1, 1)]
    public void MaxFeaturesResolvesAsScikitLearn(int p, int sqrt)
    {
        Assert.Equal(sqrt, MaxFeatures.Sqrt.Resolve(p));
        Assert.Equal(Math.Max(1, (int)Math.Log2(p)), MaxFeatures.Log2.Resolve(p));
        Assert.Equal(Math.Min(5, p), ((MaxFeatures)5).Resolve(p));            // an int is a count, capped at p
        Assert.Equal(Math.Max(1, (int)(0.5 * p)), ((MaxFeatures)0.5).Resolve(p)); // a double a fraction
    }

    [Fact]
    public void MaxFeaturesValidityAndJsonRoundTrip()
    {
        Assert.False(((MaxFeatures)0).IsValid);
        Assert.False(((MaxFeatures)1.5).IsValid);
        Assert.True(((MaxFeatures)1.0).IsValid);
        foreach (var m in new[] { MaxFeatures.Sqrt, MaxFeatures.Log2, MaxFeatures.Count(3), MaxFeatures.Fraction(1.0), MaxFeatures.Fraction(0.25) })
            Assert.Equal(m, MaxFeatures.FromJson(JsonNode.Parse(m.ToJson().ToJsonString())!));
        Assert.Equal("1.0", MaxFeatures.Fraction(1.0).ToJson().ToJsonString()); // stays a fraction, not the count 1
        Assert.Throws<ArgumentException>(() => MaxFeatures.FromJson(JsonValue.Create("half")!));
        Assert.Throws<ArgumentException>(() => MaxFeatures.FromJson(JsonNode.Parse("99999999999")!)); // a count must fit an int
    }

    [Fact]
    public void ClassWeightJsonRoundTripAndValidity()
    {
        var explicitWeights = ClassWeight.Of(new Dictionary<long, double> { [3] = 2.0, [-1] = 0.5 });
        var back = ClassWeight.FromJson(JsonNode.Parse(explicitWeights.ToJson().ToJsonString())!);
        Assert.Equal(explicitWeights.Weights, back.Weights);
        Assert.Same(ClassWeight.Balanced, ClassWeight.FromJson(JsonValue.Create("balanced")!));
        Assert.Same(ClassWeight.BalancedSubsample, ClassWeight.FromJson(JsonValue.Create("balanced_subsample")!));
        Assert.False(ClassWeight.Of(new Dictionary<long, double> { [0] = -1 }).IsValid);
        Assert.False(ClassWeights.IsValid(ClassWeight.BalancedSubsample));
        Assert.True(ClassWeights.IsValid(ClassWeight.BalancedSubsample, allowSubsample: true));
        Assert.Throws<ArgumentException>(() => ClassWeight.FromJson(JsonValue.Create("even")!));
    }

    [Fact]
    public void BalancedWeightsAreInverseClassFrequencies()
    {
        long[] classes = [0, 1];
        int[] y = [0, 0, 0, 1]; // n = 4, k = 2: w0 = 4 / (2·3), w1 = 4 / (2·1)
        var w = ClassWeights.Compute(ClassWeight.Balanced, classes, y, "Test")!;
        Assert.Equal(4.0 / 6, w[0], 15);
        Assert.Equal(2.0, w[1], 15);
        Assert.Null(ClassWeights.Compute((ClassWeight?)null, classes, y, "Test"));
    }

    [Fact]
    public void ConstraintsAllowExactlyTheirRangeAndSayItInWords()
    {
        var positive = Is.Real(0, minOpen: true);
        Assert.True(positive.Allows(1e-300));
        Assert.False(positive.Allows(0.0));
        Assert.False(positive.Allows(double.NaN));       // NaN fails every comparison, so it must be rejected explicitly
        Assert.False(positive.Allows(double.PositiveInfinity));
        Assert.False(positive.Allows(null));
        Assert.True(positive.OrNull().Allows(null));
        Assert.Equal("a finite number > 0", positive.Text);
        Assert.Equal("null or a number in (0, 1]", Is.Real(0, 1, minOpen: true).OrNull().Text);
        var depth = Is.Int(min: 1);
        Assert.True(depth.Allows(1) && depth.Allows(7L));
        Assert.False(depth.Allows(0) || depth.Allows(1.0));  // a double is not an int hyperparameter
        Assert.Equal("an integer ≥ 1", depth.Text);
        Assert.False(Is.Seed.Allows(-1L));
        Assert.True(Is.Seed.Allows((long)uint.MaxValue));
        Assert.True(Is.Defined<Sample>().Allows(Sample.Gini));
        Assert.False(Is.Defined<Sample>().Allows((Sample)42));
        Assert.False(Is.OneOf(Sample.Gini, Sample.LogLoss).Allows(Sample.L1));
        Assert.Equal("one of \"gini\", \"log_loss\"", Is.OneOf(Sample.Gini, Sample.LogLoss).Text);
    }
}
