namespace Glassbox.ML.ModelSelection;

/// <summary>Helpers shared by the splitters.</summary>
internal static class Splits
{
    public static void CheckCount(int nSplits, int nSamples, string who)
    {
        if (nSplits < 2) throw new ArgumentOutOfRangeException("nSplits", nSplits, $"{who}: nSplits must be ≥ 2");
        if (nSplits > nSamples) throw new ArgumentException($"{who}: cannot have nSplits={nSplits} greater than the number of samples n_samples={nSamples}");
    }

    /// <summary>A splitter's seed as NumPy's <c>RandomState</c> takes it (0 ≤ seed &lt; 2³²), else an error naming it.</summary>
    public static uint NumpySeed(ulong seed, string who) =>
        seed <= uint.MaxValue ? (uint)seed : throw new ArgumentOutOfRangeException(nameof(seed), seed, $"{who}: seed must be in [0, 2³²), NumPy's RandomState range");

    /// <summary>(all indices not in test, sorted; test sorted) — sklearn yields both in increasing order.</summary>
    public static (int[] Train, int[] Test) Complement(int[] test, int n)
    {
        var inTest = new bool[n];
        foreach (var t in test) inTest[t] = true;
        var train = Enumerable.Range(0, n).Where(i => !inTest[i]).ToArray();
        return (train, Enumerable.Range(0, n).Where(i => inTest[i]).ToArray());
    }

    /// <summary>Rows of a tensor (first dimension) in the given order (<c>X[idx]</c>).</summary>
    public static Tensor Rows(Tensor t, int[] idx)
    {
        var c = t.ContiguousRaw();
        int row = c.Numel / Math.Max(c.Shape[0], 1);
        var shape = c.ShapeToArray();
        shape[0] = idx.Length;
        switch (c.DType)
        {
            case DType.Int64:
            {
                var src = c.ToArray<long>(); var dst = new long[idx.Length * row];
                for (int i = 0; i < idx.Length; i++) Array.Copy(src, idx[i] * row, dst, i * row, row);
                return Tensor.FromArray(dst, shape);
            }
            default:
            {
                var src = c.ToDoubleArray(); var dst = new double[idx.Length * row];
                for (int i = 0; i < idx.Length; i++) Array.Copy(src, idx[i] * row, dst, i * row, row);
                return Tensor.FromArray(dst, shape);
            }
        }
    }
}
