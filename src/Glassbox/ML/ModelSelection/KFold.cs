using Glassbox.ML.Replay;

namespace Glassbox.ML.ModelSelection;

/// <summary>
/// K consecutive folds (<c>sklearn.model_selection.KFold</c>): the first n mod k folds have ⌊n/k⌋ + 1 samples, the
/// rest ⌊n/k⌋; each fold is the test set once. With <see cref="Shuffle"/>, rows are permuted first by
/// <c>RandomState(seed).shuffle</c>, replayed on NumPy's MT19937 stream, so shuffled folds equal sklearn's for the same
/// seed (null seed: 0).
/// </summary>
public sealed class KFold(int nSplits = 5, bool shuffle = false, ulong? seed = null) : ICrossValidator
{
    /// <inheritdoc/>
    public int NSplits { get; } = nSplits;
    /// <summary>Whether rows are permuted before splitting (<c>shuffle</c>).</summary>
    public bool Shuffle { get; } = shuffle;
    /// <summary>Permutation seed (<c>random_state</c>).</summary>
    public ulong? Seed { get; } = seed;

    /// <inheritdoc/>
    public IEnumerable<(int[] Train, int[] Test)> Split(int nSamples, Tensor? y = null, Tensor? groups = null)
    {
        Splits.CheckCount(NSplits, nSamples, nameof(KFold));
        var order = Enumerable.Range(0, nSamples).ToArray();
        if (Shuffle) order = new SklearnRandom(Splits.NumpySeed(Seed ?? 0, nameof(KFold))).Permutation(nSamples);
        int start = 0;
        for (int f = 0; f < NSplits; f++)
        {
            int size = nSamples / NSplits + (f < nSamples % NSplits ? 1 : 0);
            var test = order[start..(start + size)];
            start += size;
            yield return Splits.Complement(test, nSamples);
        }
    }
}
