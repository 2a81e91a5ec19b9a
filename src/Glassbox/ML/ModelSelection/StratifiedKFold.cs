using Glassbox.ML.Replay;

namespace Glassbox.ML.ModelSelection;

/// <summary>
/// K folds that preserve the class proportions (<c>sklearn.model_selection.StratifiedKFold</c>, the 1.2 algorithm):
/// classes are numbered by first appearance, the sorted class codes are dealt round-robin to the folds to fix how
/// many samples of each class every fold gets, and each class's samples are assigned to folds in order. With
/// <see cref="Shuffle"/>, each class's fold list is shuffled (class by class, in first-appearance order) by
/// <c>RandomState(seed).shuffle</c>, replayed on NumPy's MT19937 stream: the same folds as sklearn for the same seed.
/// </summary>
public sealed class StratifiedKFold(int nSplits = 5, bool shuffle = false, ulong? seed = null) : ICrossValidator
{
    /// <inheritdoc/>
    public int NSplits { get; } = nSplits;
    /// <summary>Whether each class's fold assignment is shuffled (<c>shuffle</c>).</summary>
    public bool Shuffle { get; } = shuffle;
    /// <summary>Shuffle seed (<c>random_state</c>).</summary>
    public ulong? Seed { get; } = seed;

    /// <inheritdoc/>
    public IEnumerable<(int[] Train, int[] Test)> Split(int nSamples, Tensor? y = null, Tensor? groups = null)
    {
        var rng = Shuffle ? new SklearnRandom(Splits.NumpySeed(Seed ?? 0, nameof(StratifiedKFold))) : null;
        var testFold = TestFolds(NSplits, nSamples, y, rng, nameof(StratifiedKFold));
        for (int f = 0; f < NSplits; f++)
            yield return Splits.Complement(Enumerable.Range(0, nSamples).Where(i => testFold[i] == f).ToArray(), nSamples);
    }

    /// <summary>
    /// The fold of every sample (sklearn's <c>_make_test_folds</c>); <paramref name="rng"/> null keeps each class's
    /// samples in order, otherwise each class's fold list is shuffled with draws from it — a shared stream is how
    /// <see cref="RepeatedStratifiedKFold"/> gets a different shuffle per repeat, as sklearn's does.
    /// </summary>
    internal static int[] TestFolds(int nSplits, int nSamples, Tensor? y, SklearnRandom? rng, string who)
    {
        Splits.CheckCount(nSplits, nSamples, who);
        var labels = Input.Labels(y ?? throw new ArgumentNullException(nameof(y), $"{who}.Split needs y"), nSamples, who);
        // class codes in order of first appearance
        var code = new Dictionary<long, int>();
        var enc = new int[nSamples];
        for (int i = 0; i < nSamples; i++)
        {
            if (!code.TryGetValue(labels[i], out int c)) { c = code.Count; code[labels[i]] = c; }
            enc[i] = c;
        }
        int k = code.Count;
        var counts = new int[k];
        foreach (var c in enc) counts[c]++;
        if (counts.All(c => nSplits > c))
            throw new ArgumentException($"{who}: nSplits={nSplits} cannot be greater than the number of members in each class (largest: {counts.Max()})");
        var sorted = enc.Order().ToArray();
        var allocation = new int[nSplits, k];
        for (int f = 0; f < nSplits; f++)
            for (int i = f; i < nSamples; i += nSplits) allocation[f, sorted[i]]++;
        var testFold = new int[nSamples];
        for (int c = 0; c < k; c++)
        {
            var folds = new List<int>();
            for (int f = 0; f < nSplits; f++) for (int r = 0; r < allocation[f, c]; r++) folds.Add(f);
            var arr = folds.ToArray();
            // legacy shuffle of a 1-D array = the swaps of permutation(len): the result is arr[π]
            if (rng is not null) arr = rng.Permutation(arr.Length).Select(j => arr[j]).ToArray();
            int j = 0;
            for (int i = 0; i < nSamples; i++) if (enc[i] == c) testFold[i] = arr[j++];
        }
        return testFold;
    }
}
