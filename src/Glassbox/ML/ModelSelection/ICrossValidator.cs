namespace Glassbox.ML.ModelSelection;

/// <summary>A splitting strategy for cross-validation (sklearn's <c>BaseCrossValidator</c>).</summary>
public interface ICrossValidator
{
    /// <summary>Number of (train, test) pairs <see cref="Split"/> yields (<c>get_n_splits</c>).</summary>
    int NSplits { get; }

    /// <summary>
    /// Train and test row indices for each fold (<c>split(X, y, groups)</c>). <paramref name="y"/> is needed by
    /// stratified splitters, <paramref name="groups"/> by group splitters.
    /// </summary>
    IEnumerable<(int[] Train, int[] Test)> Split(int nSamples, Tensor? y = null, Tensor? groups = null);
}
