using System.Runtime.ExceptionServices;

namespace Glassbox.RL.Vector;

/// <summary>
/// Sub-environments stepped in parallel on the thread pool (the in-process counterpart of Gymnasium's
/// <c>AsyncVectorEnv</c>, which uses processes). Each sub-environment owns its state and generator and is touched by
/// one thread at a time, so the results are identical to <see cref="SyncVectorEnv{TObs, TAct}"/>'s.
/// </summary>
/// <remarks>Worth it only when a step costs far more than a thread hand-off (tens of microseconds); the classic-control
/// environments step in well under a microsecond, so for them the synchronous version is faster. An exception in a
/// sub-environment is rethrown as itself (the first one, by sub-environment index), not wrapped.</remarks>
public sealed class ThreadedVectorEnv<TObs, TAct> : VectorEnv<TObs, TAct>
{
    /// <summary>One sub-environment per factory.</summary>
    public ThreadedVectorEnv(IEnumerable<Func<IEnv<TObs, TAct>>> envFactories) : base(envFactories) { }

    /// <summary><paramref name="numEnvs"/> sub-environments from one factory.</summary>
    public ThreadedVectorEnv(Func<IEnv<TObs, TAct>> envFactory, int numEnvs) : base(Enumerable.Repeat(envFactory, numEnvs)) { }

    /// <inheritdoc/>
    protected override void ForEach(Action<int> work)
    {
        var errors = new Exception?[NumEnvs];
        Parallel.For(0, NumEnvs, i =>
        {
            try { work(i); }
            catch (Exception e) { errors[i] = e; }
        });
        foreach (var e in errors)
            if (e is not null) ExceptionDispatchInfo.Capture(e).Throw();
    }
}
