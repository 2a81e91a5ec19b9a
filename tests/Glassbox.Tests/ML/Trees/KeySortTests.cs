using Glassbox.ML.Tree;

namespace Glassbox.Tests.ML.Trees;

/// <summary>
/// The splitter's three-way introsort against the library sort over sizes around the insertion-sort cut-off and
/// inputs that stress quicksorts: all equal, few distinct values, sorted, reversed, organ pipe, negatives and ±0.
/// Keys must come out identical; items must be a permutation that still pairs each item with its own key.
/// </summary>
public class KeySortTests
{
    private static float[] Make(string kind, int m, Generator g) => kind switch
    {
        "random" => Enumerable.Range(0, m).Select(_ => (float)g.NextNormal()).ToArray(),
        "equal" => Enumerable.Repeat(3.5f, m).ToArray(),
        "few" => Enumerable.Range(0, m).Select(_ => (float)g.NextInt(4)).ToArray(),
        "pixels" => Enumerable.Range(0, m).Select(_ => g.NextInt(10) < 7 ? 0f : g.NextInt(256) / 255f).ToArray(),
        "sorted" => Enumerable.Range(0, m).Select(i => (float)i).ToArray(),
        "reversed" => Enumerable.Range(0, m).Select(i => (float)(m - i)).ToArray(),
        "organ" => Enumerable.Range(0, m).Select(i => (float)Math.Min(i, m - i)).ToArray(),
        "signed" => Enumerable.Range(0, m).Select(_ => (float)(g.NextInt(7) - 3) * 0.5f).ToArray(),
        _ => throw new ArgumentException(kind),
    };

    public static TheoryData<string, int, int> Cases()
    {
        var d = new TheoryData<string, int, int>();
        foreach (var kind in new[] { "random", "equal", "few", "pixels", "sorted", "reversed", "organ", "signed" })
            foreach (int m in new[] { 0, 1, 2, 3, 15, 16, 17, 33, 100, 1000, 4099 })
                foreach (int depth in new[] { -1, 0, 1 }) // -1: the normal budget; 0 and 1 reach the heapsort fallback
                    d.Add(kind, m, depth);
        return d;
    }

    [Theory, MemberData(nameof(Cases))]
    public void MatchesTheLibrarySort(string kind, int m, int depth)
    {
        var g = new Generator((ulong)(m * 31 + kind.Length));
        var keys = Make(kind, m, g);
        var items = Enumerable.Range(0, m).Select(i => 1000 + i).ToArray();
        var original = (float[])keys.Clone();
        var refKeys = (float[])keys.Clone();
        var refItems = (int[])items.Clone();
        KeySort.SortReference(refKeys, refItems);

        if (depth < 0) KeySort.Sort(keys, items);
        else KeySort.Sort(keys, items, depth);

        Assert.Equal(refKeys, keys);
        Assert.Equal(refItems.Order().ToArray(), items.Order().ToArray());
        for (int q = 0; q < m; q++) Assert.Equal(original[items[q] - 1000], keys[q]);
    }

    [Fact]
    public void RejectsMismatchedLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => KeySort.Sort(new float[3], new int[2]));
        Assert.Contains("[3]", ex.Message);
    }
}
