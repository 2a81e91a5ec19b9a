using System.Text.Json.Nodes;
using Glassbox.ML.ModelSelection;
using Glassbox.Testing;
using Glassbox.Testing.Parity;

namespace Glassbox.Tests.ML;

/// <summary>RepeatedStratifiedKFold against sklearn's folds (repeated_split.json) and its own invariants.</summary>
public class RepeatedStratifiedKFoldTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn");

    [Fact]
    public void FoldsEqualSklearnsRowForRow()
    {
        var root = SklearnFixture.Load(Folder, "repeated_split");
        int checkedFolds = 0;
        foreach (var c in SklearnFixture.Cases(root))
        {
            var y = Fixtures.Tensor(root["y_" + c["y"]!.GetValue<string>()]);
            int k = c["n_splits"]!.GetValue<int>(), r = c["n_repeats"]!.GetValue<int>();
            var cv = new RepeatedStratifiedKFold(k, r, c["seed"]!.GetValue<ulong>());
            var folds = cv.Split(y.Shape[0], y).ToArray();
            var expected = ((JsonArray)c["tests"]!).Select(e => Fixtures.Tensor(e).ToArray<long>().Select(v => (int)v).ToArray()).ToArray();
            Assert.Equal(k * r, cv.NSplits);
            Assert.Equal(expected.Length, folds.Length);
            for (int f = 0; f < folds.Length; f++) { Assert.Equal(expected[f], folds[f].Test); checkedFolds++; }
        }
        Assert.Equal(2 * (5 * 3 + 3 * 4 + 4 * 2), checkedFolds);
    }

    [Fact]
    public void EachRepeatPartitionsTheRowsAndTheFirstIsStratifiedKFold()
    {
        var y = Tensor.FromArray(Enumerable.Range(0, 50).Select(i => i % 5 == 0 ? 1L : 0L).ToArray(), [50]); // 10 ones, 40 zeros
        var folds = new RepeatedStratifiedKFold(5, 3, 7).Split(50, y).ToArray();
        for (int r = 0; r < 3; r++)
        {
            var rep = folds.Skip(5 * r).Take(5).ToArray();
            Assert.Equal(Enumerable.Range(0, 50), rep.SelectMany(f => f.Test).Order());
            Assert.All(rep, f => Assert.Equal(2, f.Test.Count(i => i % 5 == 0)));   // 10 ones over 5 folds: 2 each
            Assert.All(rep, f => Assert.Equal(50, f.Train.Length + f.Test.Length));
        }
        var single = new StratifiedKFold(5, true, 7).Split(50, y).ToArray();
        Assert.Equal(single.Select(f => f.Test), folds.Take(5).Select(f => f.Test));   // repeat 0 = one shuffled StratifiedKFold
        Assert.NotEqual(folds[0].Test, folds[5].Test);                                 // repeat 1 continues the stream
    }

    [Fact]
    public void BadSettingsAreNamed()
    {
        Assert.Contains("nRepeats must be ≥ 1", Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatedStratifiedKFold(5, 0)).Message);
        Assert.Contains("nSplits must be ≥ 2", Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatedStratifiedKFold(1, 3)).Message);
        var y = Tensor.FromArray(new long[] { 0, 0, 1, 1 }, [4]);
        var e = Assert.Throws<ArgumentException>(() => new RepeatedStratifiedKFold(5, 2).Split(4, y).ToArray());
        Assert.Contains("RepeatedStratifiedKFold", e.Message);
    }
}
