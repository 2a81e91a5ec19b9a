namespace Glassbox.ML.ModelSelection;

/// <summary>
/// K folds with no group split between train and test (<c>sklearn.model_selection.GroupKFold</c>): groups are taken
/// largest first and each goes to the fold with the fewest samples so far (greedy balancing).
/// </summary>
/// <remarks>
/// Order among groups of equal size follows NumPy's <c>argsort(sizes)[::-1]</c> for small inputs (a stable sort, then
/// reversed: the later group first); sklearn's own order for ties among more than 16 groups depends on NumPy's
/// introsort and may differ.
/// </remarks>
public sealed class GroupKFold(int nSplits = 5) : ICrossValidator
{
    /// <inheritdoc/>
    public int NSplits { get; } = nSplits;

    /// <inheritdoc/>
    public IEnumerable<(int[] Train, int[] Test)> Split(int nSamples, Tensor? y = null, Tensor? groups = null)
    {
        Splits.CheckCount(NSplits, nSamples, nameof(GroupKFold));
        var g = Input.Labels(groups ?? throw new ArgumentNullException(nameof(groups), "GroupKFold.Split needs groups"), nSamples, nameof(GroupKFold));
        var (unique, idx) = Input.Encode(g);
        if (NSplits > unique.Length)
            throw new ArgumentException($"GroupKFold: cannot have nSplits={NSplits} greater than the number of groups ({unique.Length})");
        var size = new int[unique.Length];
        foreach (var i in idx) size[i]++;
        var order = Enumerable.Range(0, unique.Length).OrderBy(i => size[i]).ToArray(); // stable
        Array.Reverse(order);
        var foldSize = new long[NSplits];
        var groupFold = new int[unique.Length];
        foreach (var gi in order)
        {
            int lightest = 0;
            for (int f = 1; f < NSplits; f++) if (foldSize[f] < foldSize[lightest]) lightest = f;
            foldSize[lightest] += size[gi];
            groupFold[gi] = lightest;
        }
        for (int f = 0; f < NSplits; f++)
            yield return Splits.Complement(Enumerable.Range(0, nSamples).Where(i => groupFold[idx[i]] == f).ToArray(), nSamples);
    }
}
