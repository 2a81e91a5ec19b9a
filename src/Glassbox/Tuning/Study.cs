using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Glassbox.Tuning;

/// <summary>
/// A hyperparameter search (Optuna's <c>optuna.Study</c>): a named set of trials in a storage, a direction, a sampler
/// that proposes parameters and a pruner that stops hopeless trials early.
/// </summary>
/// <remarks>
/// <para>Name mapping: <c>optuna.create_study(study_name, storage, sampler, pruner, direction, load_if_exists=True)</c>
/// → <see cref="Create"/>; <c>study.optimize(func, n_trials, timeout, n_jobs, catch, callbacks)</c> →
/// <see cref="Optimize"/>; <c>best_trial / best_value / best_params / trials / get_trials(states)</c> →
/// <see cref="BestTrial"/>, <see cref="BestValue"/>, <see cref="BestParams"/>, <see cref="Trials"/>, <see cref="GetTrials"/>.</para>
/// <para>Opening a study that exists in the storage continues it: new trials get the next numbers and the sampler
/// learns from the old ones.</para>
/// </remarks>
public sealed class Study
{
    private Study(string name, StudyDirection direction, ISampler sampler, IPruner pruner, IStudyStorage storage, long id)
    {
        Name = name; Direction = direction; Sampler = sampler; Pruner = pruner; Storage = storage; Id = id;
    }

    /// <summary>The study's name in its storage.</summary>
    public string Name { get; }

    /// <summary>Minimise or maximise.</summary>
    public StudyDirection Direction { get; }

    /// <summary>Proposes parameter values.</summary>
    public ISampler Sampler { get; }

    /// <summary>Stops trials early.</summary>
    public IPruner Pruner { get; }

    /// <summary>Where the trials live.</summary>
    public IStudyStorage Storage { get; }

    /// <summary>The storage's id of the study.</summary>
    public long Id { get; }

    /// <summary>
    /// Creates the study, or loads it when <paramref name="storage"/> already has one called <paramref name="name"/>.
    /// Defaults: a fresh <see cref="InMemoryStudyStorage"/>, <see cref="TpeSampler"/> (unseeded),
    /// <see cref="MedianPruner"/> — Optuna's defaults.
    /// </summary>
    /// <exception cref="InvalidOperationException">The study exists with the other direction.</exception>
    public static Study Create(string? name = null, StudyDirection direction = StudyDirection.Minimize, ISampler? sampler = null,
        IPruner? pruner = null, IStudyStorage? storage = null)
    {
        name ??= "study-" + Guid.NewGuid().ToString("N")[..12];
        storage ??= new InMemoryStudyStorage();
        long id = storage.CreateOrLoadStudy(name, direction);
        return new Study(name, direction, sampler ?? new TpeSampler(), pruner ?? new MedianPruner(), storage, id);
    }

    /// <summary>Every trial, by number.</summary>
    public IReadOnlyList<FrozenTrial> Trials => Storage.GetAllTrials(Id);

    /// <summary>The trials in <paramref name="states"/> (all when null), by number.</summary>
    public IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null) => Storage.GetAllTrials(Id, states);

    /// <summary>The Complete trial with the best value (the lowest number on ties).</summary>
    /// <exception cref="InvalidOperationException">No trial is Complete yet.</exception>
    public FrozenTrial BestTrial
    {
        get
        {
            var done = GetTrials([TrialState.Complete]);
            if (done.Count == 0) throw new InvalidOperationException($"study '{Name}' has no complete trial yet");
            double sign = Direction == StudyDirection.Minimize ? 1 : -1;
            return done.OrderBy(t => sign * t.Value!.Value).ThenBy(t => t.Number).First();
        }
    }

    /// <summary>The best trial's value.</summary>
    public double BestValue => BestTrial.Value!.Value;

    /// <summary>The best trial's parameters, as the objective saw them.</summary>
    public IReadOnlyDictionary<string, object> BestParams => BestTrial.Params;

    /// <summary>Starts a new trial (Optuna's <c>ask</c>); finish it with <see cref="Tell"/>.</summary>
    public Trial Ask()
    {
        var (id, number) = Storage.CreateTrial(Id);
        return new Trial(this, id, number);
    }

    /// <summary>
    /// Finishes <paramref name="trial"/> (Optuna's <c>tell</c>): Complete with <paramref name="value"/> (a NaN or missing
    /// value makes it Fail), Pruned (its value becomes its last intermediate value), or Fail. Returns the finished record.
    /// </summary>
    public FrozenTrial Tell(Trial trial, double? value, TrialState state = TrialState.Complete)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (state == TrialState.Running) throw new ArgumentException("Tell: a trial cannot be told to keep running", nameof(state));
        if (state == TrialState.Complete && (value is null || double.IsNaN(value.Value))) state = TrialState.Fail;
        if (state == TrialState.Pruned)
        {
            var t = Storage.GetTrial(trial.Id);
            value = t.LastStep is int s ? t.IntermediateAt(s) : null;
        }
        if (state == TrialState.Fail) value = null;
        Storage.FinishTrial(trial.Id, state, value);
        return Storage.GetTrial(trial.Id);
    }

    /// <summary>
    /// Runs trials of <paramref name="objective"/> until <paramref name="nTrials"/> have run or <paramref name="timeout"/>
    /// has passed (a trial already started is let finish), on <paramref name="nJobs"/> threads (−1: one per core).
    /// </summary>
    /// <remarks>
    /// A trial ends Complete (a finite or infinite value), Pruned (<see cref="TrialPrunedException"/>) or Fail (NaN, or an
    /// exception). An exception of a type in <paramref name="catchExceptions"/> fails only its trial; any other also stops
    /// the study: the other threads finish their current trials, then the first such exception is rethrown.
    /// <paramref name="callback"/> runs after every finished trial on the thread that ran it (so it must be thread-safe
    /// when nJobs &gt; 1). Parallel trials are threads in this process: the objective must be safe to run concurrently.
    /// </remarks>
    public void Optimize(Func<Trial, double> objective, int? nTrials = null, TimeSpan? timeout = null, int nJobs = 1,
        Action<Study, FrozenTrial>? callback = null, IReadOnlyCollection<Type>? catchExceptions = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (nTrials is null && timeout is null) throw new ArgumentException("Optimize: give nTrials, timeout or both (an unbounded study never returns)");
        if (nTrials is < 0) throw new ArgumentOutOfRangeException(nameof(nTrials), nTrials, "Optimize: nTrials must be ≥ 0");
        if (nJobs == -1) nJobs = Environment.ProcessorCount;
        if (nJobs < 1) throw new ArgumentOutOfRangeException(nameof(nJobs), nJobs, "Optimize: nJobs must be ≥ 1 or −1");
        var clock = Stopwatch.StartNew();
        int started = 0, stop = 0;
        ExceptionDispatchInfo? firstError = null;

        void Worker()
        {
            while (Volatile.Read(ref stop) == 0)
            {
                if (nTrials is int n && Interlocked.Increment(ref started) > n) return;
                if (timeout is TimeSpan limit && clock.Elapsed >= limit) return;
                var trial = Ask();
                double? value = null;
                var state = TrialState.Complete;
                Exception? error = null;
                try
                {
                    value = objective(trial);
                }
                catch (TrialPrunedException)
                {
                    state = TrialState.Pruned;
                }
                catch (Exception e)
                {
                    state = TrialState.Fail;
                    if (catchExceptions is null || !catchExceptions.Any(t => t.IsInstanceOfType(e))) error = e;
                }
                var frozen = Tell(trial, value, state);
                if (error is not null)
                {
                    Interlocked.CompareExchange(ref firstError, ExceptionDispatchInfo.Capture(error), null);
                    Volatile.Write(ref stop, 1);
                    return;
                }
                callback?.Invoke(this, frozen);
            }
        }

        if (nJobs == 1) Worker();
        else
        {
            var threads = Enumerable.Range(0, nJobs).Select(i => new Thread(Worker) { IsBackground = true, Name = $"study {Name} worker {i}" }).ToList();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();
        }
        firstError?.Throw();
    }
}
