using System.Text;
using Glassbox.Text;

namespace Glassbox.Tests.Text;

public class PieceCacheTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void FindsWhatWasAddedAcrossGrowth()
    {
        // initialCapacity 1 forces several rehashes and arena resizes; every key must still map to its own value.
        var cache = new PieceCache(initialCapacity: 1);
        for (int i = 0; i < 5000; i++) cache.Add(B("k" + i), PieceCache.Hash(B("k" + i)), [i, -i, i * 7]);
        Assert.Equal(5000, cache.Count);
        for (int i = 0; i < 5000; i++)
        {
            Assert.True(cache.TryGet(B("k" + i), PieceCache.Hash(B("k" + i)), out var v));
            Assert.Equal([i, -i, i * 7], v.ToArray());
        }
        Assert.False(cache.TryGet(B("k5000"), PieceCache.Hash(B("k5000")), out _));
        Assert.False(cache.TryGet([], PieceCache.Hash([]), out _));
    }

    [Fact]
    public void ClearsItselfAtEachCap()
    {
        var byEntries = new PieceCache(maxEntries: 3);
        foreach (var k in new[] { "a", "b", "c", "d" }) byEntries.Add(B(k), PieceCache.Hash(B(k)), [k[0]]);
        Assert.Equal(1, byEntries.Count);   // the fourth insertion found 3 entries and cleared first
        Assert.True(byEntries.TryGet(B("d"), PieceCache.Hash(B("d")), out var d));
        Assert.Equal(['d'], d.ToArray());
        Assert.False(byEntries.TryGet(B("a"), PieceCache.Hash(B("a")), out _));

        var byKeys = new PieceCache(maxKeyBytes: 10);
        byKeys.Add(B("123456"), PieceCache.Hash(B("123456")), [1]);
        byKeys.Add(B("abcdef"), PieceCache.Hash(B("abcdef")), [2]);   // 12 key bytes > 10: clears first
        Assert.Equal(1, byKeys.Count);

        var byValues = new PieceCache(maxValues: 4);
        byValues.Add(B("x"), PieceCache.Hash(B("x")), [1, 2, 3]);
        byValues.Add(B("y"), PieceCache.Hash(B("y")), [4, 5]);
        Assert.Equal(1, byValues.Count);
        Assert.True(byValues.TryGet(B("y"), PieceCache.Hash(B("y")), out var y));
        Assert.Equal([4, 5], y.ToArray());
    }
}
