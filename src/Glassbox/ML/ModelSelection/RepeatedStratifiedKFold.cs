using Glassbox.ML.Replay;

namespace Glassbox.ML.ModelSelection;

/// <summary>
/// Stratified k-fold repeated with a new shuffle each time (<c>sklearn.model_selection.RepeatedStratifiedKFold</c>):
/// <see cref="NSplits"/> = k × <see cref="NRepeats"/> (train, test) pairs, repeat by repeat.
/// </summary>
/// <remarks>
/// <para>
/// Why repeat: on a few hundred rows a single k-fold estimate moves by about a standard error with nothing but the
/// shuffle changed (which rows land together decides several borderline passengers at once), so comparing models on
/// one shuffle partly compares shuffles. Averaging over repeats shrinks that part; the fold-to-fold spread stays, and
/// the folds of different repeats overlap, so the k × r scores are not independent samples — the spread of the
/// per-repeat means is the honest measure of how stable the estimate is.
/// </para>
/// <para>
/// Replay: as in sklearn, one NumPy <c>RandomState(seed)</c> stream is shared by the repeats, each repeat being a
/// shuffled <see cref="StratifiedKFold"/> that draws its per-class shuffles from it; so repeat 0 equals
/// <c>StratifiedKFold(k, shuffle=True, random_state=seed)</c> and the later repeats continue the stream, fold for fold
/// sklearn's. sklearn's default <c>random_state=None</c> (unseeded) has no counterpart: the seed is required.
/// </para>
/// </remarks>
public sealed class RepeatedStratifiedKFold : ICrossValidator
{
    /// <summary>Creates the splitter.</summary>
    /// <param name="nSplits">Folds per repeat, ≥ 2 (<c>n_splits</c>).</param>
    /// <param name="nRepeats">Repeats, ≥ 1 (<c>n_repeats</c>).</param>
    /// <param name="seed">Seed of the shared shuffle stream, in [0, 2³²) (<c>random_state</c>).</param>
    public RepeatedStratifiedKFold(int nSplits = 5, int nRepeats = 10, ulong seed = 0)
    {
        if (nSplits < 2) throw new ArgumentOutOfRangeException(nameof(nSplits), nSplits, "RepeatedStratifiedKFold: nSplits must be ≥ 2");
        if (nRepeats < 1) throw new ArgumentOutOfRangeException(nameof(nRepeats), nRepeats, "RepeatedStratifiedKFold: nRepeats must be ≥ 1");
        Splits.NumpySeed(seed, nameof(RepeatedStratifiedKFold));
        Folds = nSplits; NRepeats = nRepeats; Seed = seed;
    }

    /// <summary>Folds per repeat (<c>n_splits</c> of the constructor).</summary>
    public int Folds { get; }
    /// <summary>Repeats (<c>n_repeats</c>).</summary>
    public int NRepeats { get; }
    /// <summary>Seed of the shared stream (<c>random_state</c>).</summary>
    public ulong Seed { get; }

    /// <summary>All pairs: <see cref="Folds"/> × <see cref="NRepeats"/> (<c>get_n_splits</c>).</summary>
    public int NSplits => Folds * NRepeats;

    /// <inheritdoc/>
    public IEnumerable<(int[] Train, int[] Test)> Split(int nSamples, Tensor? y = null, Tensor? groups = null)
    {
        var rng = new SklearnRandom(Splits.NumpySeed(Seed, nameof(RepeatedStratifiedKFold)));
        for (int r = 0; r < NRepeats; r++)
        {
            var testFold = StratifiedKFold.TestFolds(Folds, nSamples, y, rng, nameof(RepeatedStratifiedKFold));
            for (int f = 0; f < Folds; f++)
                yield return Splits.Complement(Enumerable.Range(0, nSamples).Where(i => testFold[i] == f).ToArray(), nSamples);
        }
    }
}
