using Glassbox.ML.Tree;
using Glassbox.ML.Replay;

namespace Glassbox.ML.Replay;

/// <summary>
/// scikit-learn 1.2's <c>train_test_split(..., test_size=f, random_state=seed, stratify=y or None)</c>, replayed draw for
/// draw on NumPy's legacy MT19937 stream (<see cref="SklearnRandom"/>), so that an estimator which holds out a
/// validation set (gradient boosting's early stopping) holds out the very rows sklearn holds out.
/// </summary>
/// <remarks>
/// <para>
/// Sizes (<c>_validate_shuffle_split</c> with only test_size given): n_test = ⌈f·n⌉, n_train = n − n_test.
/// </para>
/// <para>
/// Plain (<c>ShuffleSplit</c>): π = permutation(n); test = π[..n_test], train = π[n_test..].
/// </para>
/// <para>
/// Stratified (<c>StratifiedShuffleSplit</c>): with class counts c_k, per-class train and test counts come from
/// <c>_approximate_mode</c> — ⌊c_k/n·draws⌋, then the shortfall handed out by decreasing remainder, ties among equal
/// remainders broken by <c>rng.choice(..., replace=False)</c> (= the first entries of a permutation). Each class's rows
/// (in index order) are permuted and cut into its train and test share, and finally the concatenated train and test
/// lists are each permuted once more. The order of the returned rows is sklearn's too: it decides the order in which
/// the estimator sees its training rows.
/// </para>
/// </remarks>
internal static class SklearnTrainTestSplit
{
    /// <summary>
    /// Train and test row indices of <paramref name="n"/> rows. <paramref name="strata"/> (class index per row, 0..K−1)
    /// switches to the stratified split. <paramref name="who"/> prefixes the error messages (e.g. "GradientBoostingClassifier.Fit").
    /// </summary>
    public static (int[] Train, int[] Test) Split(int n, double testSize, int[]? strata, uint seed, string who)
    {
        int nTest = (int)Math.Ceiling(testSize * n), nTrain = n - nTest;
        if (nTrain <= 0 || nTest <= 0)
            throw new ArgumentException($"{who}: validation_fraction {testSize} of {n} samples leaves {nTrain} for training and {nTest} for validation; both must be ≥ 1");
        var rng = new SklearnRandom(seed);
        if (strata is null)
        {
            var perm = rng.Permutation(n);
            return (perm[nTest..], perm[..nTest]);
        }
        int k = strata.Max() + 1;
        var counts = new int[k];
        foreach (var c in strata) counts[c]++;
        if (counts.Min() < 2)
            throw new ArgumentException($"{who}: the least populated class has only {counts.Min()} member, too few for the stratified early-stopping split (at least 2 are needed)");
        if (nTrain < k) throw new ArgumentException($"{who}: the early-stopping training part ({nTrain} samples) is smaller than the number of classes ({k})");
        if (nTest < k) throw new ArgumentException($"{who}: the early-stopping validation part ({nTest} samples) is smaller than the number of classes ({k}); raise validation_fraction");
        // np.argsort(y, kind="mergesort") split by class: each class's rows in increasing index order
        var byClass = new List<int>[k];
        for (int c = 0; c < k; c++) byClass[c] = new List<int>(counts[c]);
        for (int i = 0; i < n; i++) byClass[strata[i]].Add(i);
        var nI = ApproximateMode(counts, nTrain, rng);
        var remaining = new int[k];
        for (int c = 0; c < k; c++) remaining[c] = counts[c] - nI[c];
        var tI = ApproximateMode(remaining, nTest, rng);
        var train = new List<int>(nTrain);
        var test = new List<int>(nTest);
        for (int c = 0; c < k; c++)
        {
            var perm = rng.Permutation(counts[c]);
            for (int j = 0; j < nI[c]; j++) train.Add(byClass[c][perm[j]]);
            for (int j = nI[c]; j < nI[c] + tI[c]; j++) test.Add(byClass[c][perm[j]]);
        }
        // rng.permutation(list) shuffles a copy with the same swaps as permutation(len): element order list[π]
        var pTrain = rng.Permutation(train.Count);
        var pTest = rng.Permutation(test.Count);
        return (pTrain.Select(j => train[j]).ToArray(), pTest.Select(j => test[j]).ToArray());
    }

    /// <summary>
    /// sklearn's <c>_approximate_mode(class_counts, n_draws, rng)</c>: the most likely outcome of drawing
    /// <paramref name="draws"/> rows without replacement from classes of the given sizes.
    /// </summary>
    internal static int[] ApproximateMode(int[] counts, int draws, SklearnRandom rng)
    {
        int k = counts.Length;
        double total = counts.Sum();
        var continuous = new double[k];
        var floored = new int[k];
        double flooredSum = 0;
        for (int c = 0; c < k; c++)
        {
            continuous[c] = counts[c] / total * draws;  // NumPy's order: (counts / total) * n_draws
            floored[c] = (int)Math.Floor(continuous[c]);
            flooredSum += floored[c];
        }
        int need = (int)(draws - flooredSum);
        if (need <= 0) return floored;
        var remainder = new double[k];
        for (int c = 0; c < k; c++) remainder[c] = continuous[c] - floored[c];
        foreach (var value in remainder.Distinct().OrderByDescending(v => v))
        {
            var inds = Enumerable.Range(0, k).Where(c => remainder[c] == value).ToArray();
            int addNow = Math.Min(inds.Length, need);
            // legacy rng.choice(inds, size, replace=False) = inds[permutation(len(inds))[:size]]
            var perm = rng.Permutation(inds.Length);
            for (int j = 0; j < addNow; j++) floored[inds[perm[j]]]++;
            need -= addNow;
            if (need == 0) break;
        }
        return floored;
    }
}
