namespace Glassbox.ML.ModelSelection;

/// <summary>
/// Expanding-window splits for ordered data (<c>sklearn.model_selection.TimeSeriesSplit</c>): test blocks of
/// test_size = n / (n_splits + 1) (unless given) at the end of the series, each trained on everything before it
/// (minus <see cref="Gap"/> samples, capped at <see cref="MaxTrainSize"/>).
/// </summary>
public sealed class TimeSeriesSplit(int nSplits = 5, int? maxTrainSize = null, int? testSize = null, int gap = 0) : ICrossValidator
{
    /// <inheritdoc/>
    public int NSplits { get; } = nSplits;
    /// <summary>Largest training window (<c>max_train_size</c>).</summary>
    public int? MaxTrainSize { get; } = maxTrainSize;
    /// <summary>Test block length (<c>test_size</c>).</summary>
    public int? TestSize { get; } = testSize;
    /// <summary>Samples dropped between train and test (<c>gap</c>).</summary>
    public int Gap { get; } = gap;

    /// <inheritdoc/>
    public IEnumerable<(int[] Train, int[] Test)> Split(int nSamples, Tensor? y = null, Tensor? groups = null)
    {
        int folds = NSplits + 1;
        int ts = TestSize ?? nSamples / folds;
        if (NSplits < 2) throw new ArgumentOutOfRangeException(nameof(NSplits), NSplits, "TimeSeriesSplit: nSplits must be ≥ 2");
        if (folds > nSamples) throw new ArgumentException($"TimeSeriesSplit: cannot have number of folds={folds} greater than the number of samples={nSamples}");
        if (nSamples - Gap - ts * NSplits <= 0)
            throw new ArgumentException($"TimeSeriesSplit: too many splits={NSplits} for number of samples={nSamples} with test_size={ts} and gap={Gap}");
        for (int start = nSamples - NSplits * ts; start < nSamples; start += ts)
        {
            int trainEnd = start - Gap;
            int trainStart = MaxTrainSize is int m && m < trainEnd ? trainEnd - m : 0;
            yield return (Enumerable.Range(trainStart, trainEnd - trainStart).ToArray(), Enumerable.Range(start, ts).ToArray());
        }
    }
}
