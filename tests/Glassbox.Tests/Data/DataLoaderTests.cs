using Glassbox.Data;
using Glassbox.Data.Transforms;

namespace Glassbox.Tests.Data;

/// <summary>DataLoader: batch boundaries, drop_last, seeded per-epoch shuffling, prefetch equivalence, collation paths.</summary>
public class DataLoaderTests
{
    // x row i = [10i, 10i+1, 10i+2] (float32), y = i (int64): every batch value identifies its source row.
    private static TensorDataset Rows(int n)
    {
        var x = new float[n * 3];
        for (int i = 0; i < x.Length; i++) x[i] = 10 * (i / 3) + i % 3;
        return new TensorDataset(Tensor.FromArray(x, n, 3), Tensor.Arange(n));
    }

    private static long[] Ids(Batch b) => b.Y.ToArray<long>();

    [Fact]
    public void SequentialBatchesCoverRowsInOrderWithShortLastBatch()
    {
        var loader = new DataLoader(Rows(10), batchSize: 4);
        Assert.Equal(3, loader.Count);
        var batches = loader.ToList();
        Assert.Equal([4, 4, 2], batches.Select(b => b.Size));
        Assert.Equal([0L, 1, 2, 3], Ids(batches[0]));
        Assert.Equal([8L, 9], Ids(batches[2]));
        Assert.Equal([2, 3], batches[2].X.ShapeToArray());
        Assert.Equal([80f, 81, 82, 90, 91, 92], batches[2].X.ToArray<float>());
        var (x, y) = batches[1];
        Assert.Equal(40f, x.ToArray<float>()[0]);
        Assert.Equal(4L, y.ToArray<long>()[0]);
    }

    [Fact]
    public void DropLastSkipsTheShortBatch()
    {
        var loader = new DataLoader(Rows(10), batchSize: 4, dropLast: true);
        Assert.Equal(2, loader.Count);
        Assert.Equal([4, 4], loader.Select(b => b.Size));
        var exact = new DataLoader(Rows(8), batchSize: 4, dropLast: true);
        Assert.Equal(2, exact.Count());
        Assert.Empty(new DataLoader(Rows(3), batchSize: 4, dropLast: true));
    }

    [Fact]
    public void ShuffleIsAPermutationNewEachEpochAndReproducibleFromTheSeed()
    {
        List<long[]> Epochs(ulong seed)
        {
            var loader = new DataLoader(Rows(50), batchSize: 7, shuffle: true, generator: new Generator(seed));
            return [.. Enumerable.Range(0, 3).Select(_ => loader.SelectMany(Ids).ToArray())];
        }
        var a = Epochs(42); var b = Epochs(42); var c = Epochs(43);
        for (int e = 0; e < 3; e++)
        {
            Assert.Equal(a[e], b[e]); // same seed → same epochs
            Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), a[e].Order()); // each epoch visits every item once
        }
        Assert.NotEqual(a[0], a[1]); // a new order each epoch
        Assert.NotEqual(a[0], c[0]);
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (long)i), a[0]);
    }

    [Fact]
    public void ShuffleDrawsAllPermutationsUniformly()
    {
        // 4 items → 24 orders; 24000 epochs → 1000 expected each, sd ≈ √(1000·23/24) ≈ 31. Bounds of ±160
        // (> 5 sd) never fail for a correct Fisher–Yates but catch the classic biased swaps (which give
        // some orders ~1.5× the others).
        var loader = new DataLoader(Rows(4), shuffle: true, generator: new Generator(7));
        var counts = new Dictionary<string, int>();
        for (int e = 0; e < 24000; e++)
        {
            string key = string.Join(",", loader.NextOrder());
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(24, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 840, 1160));
    }

    /// <summary>A dataset without a batch fast path whose items take irregular time, to perturb prefetch timing.</summary>
    private sealed class SlowDataset(TensorDataset inner) : IDataset<Tensor[]>
    {
        public int Count => inner.Count;
        public Tensor[] Get(int index)
        {
            if (index % 5 == 0) Thread.Sleep(1);
            return inner.Get(index);
        }
    }

    [Fact]
    public void PrefetchYieldsExactlyTheBatchesOfSynchronousLoading()
    {
        // Random 4-D "images" so a random flip transform (with its own generator) runs inside the loader.
        var g = new Generator(3);
        var img = new float[40 * 1 * 2 * 3];
        for (int i = 0; i < img.Length; i++) img[i] = g.NextFloat();
        var data = new TensorDataset(Tensor.FromArray(img, 40, 1, 2, 3), Tensor.Arange(40));

        List<(float[] X, long[] Y)> Run(IDataset<Tensor[]> ds, bool prefetch)
        {
            var flip = new RandomHorizontalFlip(0.5, new Generator(11));
            var loader = new DataLoader(ds, batchSize: 6, shuffle: true, generator: new Generator(5), prefetch: prefetch,
                batchTransform: f => [flip.Apply(f[0]), f[1]]);
            var all = new List<(float[], long[])>();
            for (int epoch = 0; epoch < 2; epoch++)
                foreach (var (x, y) in loader) all.Add((x.ToArray<float>(), y.ToArray<long>()));
            return all;
        }

        var sync = Run(data, prefetch: false);
        var pre = Run(data, prefetch: true);
        var slow = Run(new SlowDataset(data), prefetch: true); // Get + Collate.Stack path, irregular timing
        Assert.Equal(14, sync.Count);
        for (int i = 0; i < sync.Count; i++)
        {
            Assert.Equal(sync[i].Y, pre[i].Y);
            Assert.Equal(sync[i].X, pre[i].X);
            Assert.Equal(sync[i].Y, slow[i].Y);
            Assert.Equal(sync[i].X, slow[i].X);
        }
    }

    [Fact]
    public void BreakingOutOfAnEpochLeavesTheLoaderUsable()
    {
        var loader = new DataLoader(Rows(20), batchSize: 3, shuffle: true, generator: new Generator(1));
        foreach (var _ in loader) break;
        Assert.Equal(20, loader.SelectMany(Ids).Distinct().Count());
        Assert.Equal(2, loader.Epoch);
    }

    [Fact]
    public void CollateStackAndTensorDatasetGatherAgree()
    {
        var ds = Rows(9);
        int[] idx = [8, 0, 3, 3];
        var fast = ds.GatherBatch(idx);
        var slow = Collate.Stack(idx.Select(ds.Get).ToArray());
        Assert.Equal(fast[0].ShapeToArray(), slow[0].ShapeToArray());
        Assert.Equal(fast[0].ToArray<float>(), slow[0].ToArray<float>());
        Assert.Equal([8L, 0, 3, 3], slow[1].ToArray<long>());
        Assert.Equal([4], slow[1].ShapeToArray());
    }

    [Fact]
    public void TensorDatasetRejectsMismatchedLengthsNamingShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros(5, 2), Tensor.Zeros(4)));
        Assert.Contains("[5, 2]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void TensorDatasetCopiesFromNonContiguousInputs()
    {
        // A transposed view: rows of the dataset are columns of the original.
        var m = Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, 5 }, 2, 3).T; // [3, 2]: rows [0,3], [1,4], [2,5]
        var ds = new TensorDataset(m);
        Assert.Equal([2f, 5, 0, 3], ds.GatherBatch([2, 0])[0].ToArray<float>());
    }
}
