namespace Glassbox.Tests;

/// <summary>
/// Tests that assert a wall-clock bound (a stalled download gives up after its idle timeout, a killed writer leaves
/// the previous checkpoint intact). They run alone, after the parallel tests: a timer's continuation needs a free
/// thread-pool thread, and the CPU-bound tests running beside them would otherwise add their own delay to the bound.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    /// <summary>The collection's name, for <c>[Collection(TimingCollection.Name)]</c>.</summary>
    public const string Name = "Wall-clock bounds";
}
