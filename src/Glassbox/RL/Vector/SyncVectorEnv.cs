namespace Glassbox.RL.Vector;

/// <summary>Sub-environments stepped one after another on the calling thread (Gymnasium's <c>SyncVectorEnv</c>).</summary>
public sealed class SyncVectorEnv<TObs, TAct> : VectorEnv<TObs, TAct>
{
    /// <summary>One sub-environment per factory.</summary>
    public SyncVectorEnv(IEnumerable<Func<IEnv<TObs, TAct>>> envFactories) : base(envFactories) { }

    /// <summary><paramref name="numEnvs"/> sub-environments from one factory.</summary>
    public SyncVectorEnv(Func<IEnv<TObs, TAct>> envFactory, int numEnvs) : base(Enumerable.Repeat(envFactory, numEnvs)) { }

    /// <inheritdoc/>
    protected override void ForEach(Action<int> work)
    {
        for (int i = 0; i < NumEnvs; i++) work(i);
    }
}
