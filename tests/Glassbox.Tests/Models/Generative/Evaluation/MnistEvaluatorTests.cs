using Glassbox.Data;
using Glassbox.Milestones.Recipes.Generative;

namespace Glassbox.Tests.Models.Generative.Evaluation;

/// <summary>
/// The frozen MNIST judge of the generative milestones, trained once with the quick recipe into a temporary cache
/// folder (about 10 s) and shared by the tests of this class. Needs the MNIST files; skips visibly without them.
/// </summary>
public class MnistEvaluatorTests
{
    private static readonly string CacheFolder = Path.Combine(Path.GetTempPath(), $"glassbox-evaluator-test-{Environment.ProcessId}");
    private static readonly object Gate = new();
    private static MnistEvaluator? shared;

    private static (MnistEvaluator evaluator, string dataDir) Evaluator()
    {
        string root = TestData.RequireDataset("mnist");
        lock (Gate)
        {
            shared ??= MnistEvaluator.Load(root, DatasetKind.Mnist, quick: true, CacheFolder);
            return (shared, root);
        }
    }

    private static LabeledImages Test(string root) => DatasetRegistry.Mnist(root, flatten: true, download: false).Test;

    [SkippableFact]
    public void ClassifiesTheTestSetAndCachesItsWeights()
    {
        var (ev, root) = Evaluator();
        // The quick recipe (10,000 images, 2 epochs) reaches ~96%; the mnist-lenet quick bar of 93% applies.
        Assert.InRange(ev.TestAccuracy, 0.93, 1.0);
        Assert.Equal(2000, ev.ReferenceCount);
        Assert.True(File.Exists(ev.CachePath));
        var test = Test(root);
        var x = test.Images.Narrow(0, 0, 300);
        var again = MnistEvaluator.Load(root, DatasetKind.Mnist, quick: true, CacheFolder);
        Assert.True(again.LoadedFromCache);
        Assert.Equal(ev.CachePath, again.CachePath);
        Assert.Equal(ev.TestAccuracy, again.TestAccuracy);
        // The same weights and the same normalisation constants: bit-identical features.
        Assert.Equal(ev.Features(x).ToArray<float>(), again.Features(x).ToArray<float>());
        var f = ev.Features(x.Reshape(-1, 1, 28, 28));
        Assert.Equal([300, 84], f.ShapeToArray());
        Assert.Equal(ev.Features(x).ToArray<float>(), f.ToArray<float>());
    }

    [SkippableFact]
    public void FloorIsFarBelowTheNoiseCeiling()
    {
        var (ev, root) = Evaluator();
        // Real digits against real digits differ by sampling noise only; uniform noise lies far outside the digit
        // manifold. Measured with the quick network: floor ≈ 1, ceiling in the thousands; the bars leave a factor of
        // ten either way and still separate the two by a factor of 100.
        Assert.InRange(ev.FloorFid, 0.0, 10.0);
        Assert.True(ev.NoiseCeilingFid > 100 * ev.FloorFid, $"floor {ev.FloorFid}, ceiling {ev.NoiseCeilingFid}");
        // The reference images against themselves: distance 0 up to the rounding of the two eigendecompositions.
        var reference = Test(root).Images.Narrow(0, 0, ev.ReferenceCount);
        Assert.Equal(0.0, ev.Fid(reference), 1e-6);
        // A generator that makes only ones is far worse than the floor even though every image is a real digit.
        var labels = Test(root).Labels.ToArray<long>();
        var ones = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 1).Select(i => (long)i).ToArray();
        double onesFid = ev.Fid(Test(root).Images.IndexSelect(0, Tensor.FromArray(ones)));
        Assert.True(onesFid > 10 * ev.FloorFid, $"ones-only FID {onesFid}, floor {ev.FloorFid}");
    }

    [SkippableFact]
    public void ScoresConditionalSamplesAndCountsClasses()
    {
        var (ev, root) = Evaluator();
        var test = Test(root);
        var x = test.Images.Narrow(0, 0, 1000);
        var y = test.Labels.Narrow(0, 0, 1000).ToArray<long>().Select(v => (int)v).ToArray();
        var pred = ev.Predict(x);
        var score = ev.ScoreConditional(x, y);
        // Real test digits with their true labels: the score is exactly the classifier's accuracy on them.
        Assert.Equal(pred.Zip(y).Count(p => p.First == p.Second) / 1000.0, score.Accuracy, 1e-15);
        Assert.Equal(y.Count(v => v == 7), score.PerClassRequested[7]);
        Assert.Equal(10, score.ClassesCovered);
        Assert.InRange(score.Accuracy, 0.9, 1.0);
        // Asking for the wrong class (label + 1) must score near zero: only misclassifications can match.
        Assert.InRange(ev.ScoreConditional(x, y.Select(v => (v + 1) % 10).ToArray()).Accuracy, 0.0, 0.05);
        var hist = ev.ClassHistogram(x);
        Assert.Equal(1000, hist.Sum());
        for (int c = 0; c < 10; c++) Assert.Equal(pred.Count(p => p == c), hist[c]);
    }

    [SkippableFact]
    public void RejectsImagesOfTheWrongShapeOrRange()
    {
        var (ev, _) = Evaluator();
        Assert.Contains("[4, 1, 32, 32]", Assert.Throws<ArgumentException>(() => ev.Features(Tensor.Zeros(4, 1, 32, 32))).Message);
        var tanhRange = Tensor.Rand([4, 1, 28, 28], DType.Float32, new Generator(1)).Mul(2).Sub(1);
        Assert.Contains("(x + 1) / 2", Assert.Throws<ArgumentException>(() => ev.Fid(tanhRange)).Message);
        Assert.Contains("2 requested", Assert.Throws<ArgumentException>(() => ev.ScoreConditional(Tensor.Zeros(3, 784), [1, 2])).Message);
    }

    [SkippableFact]
    public void ReplacesAnUnreadableCacheFile()
    {
        var (ev, root) = Evaluator();
        string folder = Path.Combine(CacheFolder, "corrupt");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, Path.GetFileName(ev.CachePath));
        File.WriteAllBytes(path, [1, 2, 3]);
        var messages = new List<string>();
        var fresh = MnistEvaluator.Load(root, DatasetKind.Mnist, quick: true, folder, messages.Add);
        Assert.False(fresh.LoadedFromCache);
        Assert.Contains(messages, m => m.Contains(path, StringComparison.Ordinal) && m.Contains("unusable", StringComparison.Ordinal));
        Assert.True(MnistEvaluator.Load(root, DatasetKind.Mnist, quick: true, folder).LoadedFromCache);
    }
}
