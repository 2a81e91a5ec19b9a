namespace Glassbox.Tuning;

/// <summary>
/// An <see cref="IStudyStorage"/> in this process's memory (Optuna's <c>InMemoryStorage</c>): the default of
/// <see cref="Study.Create"/>, gone when the process ends. One lock guards everything, so it is thread-safe and every
/// read is a consistent snapshot.
/// </summary>
public sealed class InMemoryStudyStorage : IStudyStorage
{
    private sealed class MutableTrial(long id, long studyId, int number)
    {
        public long Id = id, StudyId = studyId;
        public int Number = number;
        public TrialState State = TrialState.Running;
        public double? Value;
        public readonly Dictionary<string, double> Params = [];
        public readonly Dictionary<string, Distribution> Distributions = [];
        public readonly SortedDictionary<int, double> Intermediate = [];
        public readonly Dictionary<string, double> SystemAttrs = [];
        public DateTime Start = DateTime.UtcNow;
        public DateTime? Complete;

        public FrozenTrial Freeze() => new(Id, Number, State, Value, new Dictionary<string, double>(Params),
            new Dictionary<string, Distribution>(Distributions), Intermediate.ToList(), new Dictionary<string, double>(SystemAttrs), Start, Complete);
    }

    private readonly object gate = new();
    private readonly Dictionary<string, (long Id, StudyDirection Direction)> studies = [];
    private readonly Dictionary<long, List<MutableTrial>> trialsByStudy = [];
    private readonly List<MutableTrial> trials = [];

    /// <inheritdoc/>
    public long CreateOrLoadStudy(string name, StudyDirection direction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (gate)
        {
            if (studies.TryGetValue(name, out var s))
            {
                if (s.Direction != direction)
                    throw new InvalidOperationException($"study '{name}' exists with direction {s.Direction}, not {direction}");
                return s.Id;
            }
            long id = studies.Count + 1;
            studies[name] = (id, direction);
            trialsByStudy[id] = [];
            return id;
        }
    }

    /// <inheritdoc/>
    public (long Id, int Number) CreateTrial(long studyId)
    {
        lock (gate)
        {
            if (!trialsByStudy.TryGetValue(studyId, out var list)) throw new KeyNotFoundException($"no study with id {studyId}");
            var t = new MutableTrial(trials.Count, studyId, list.Count);
            trials.Add(t);
            list.Add(t);
            return (t.Id, t.Number);
        }
    }

    /// <inheritdoc/>
    public void SetTrialParam(long trialId, string name, double internalValue, Distribution distribution)
    {
        lock (gate)
        {
            var t = Running(trialId);
            if (t.Params.TryGetValue(name, out var old) && (old != internalValue || t.Distributions[name] != distribution))
                throw new InvalidOperationException($"trial {t.Number}: parameter '{name}' is already set");
            if (!distribution.Contains(internalValue))
                throw new ArgumentOutOfRangeException(nameof(internalValue), internalValue, $"trial {t.Number}: '{name}' = {internalValue} is outside {distribution.ToJson()}");
            t.Params[name] = internalValue;
            t.Distributions[name] = distribution;
        }
    }

    /// <inheritdoc/>
    public void SetTrialIntermediateValue(long trialId, int step, double value)
    {
        lock (gate) Running(trialId).Intermediate[step] = value;
    }

    /// <inheritdoc/>
    public void SetTrialSystemAttr(long trialId, string key, double value)
    {
        lock (gate) Running(trialId).SystemAttrs[key] = value;
    }

    /// <inheritdoc/>
    public void FinishTrial(long trialId, TrialState state, double? value)
    {
        if (state == TrialState.Running) throw new ArgumentException("FinishTrial: the new state must be a finished one", nameof(state));
        lock (gate)
        {
            var t = Running(trialId);
            t.State = state; t.Value = value; t.Complete = DateTime.UtcNow;
        }
    }

    /// <inheritdoc/>
    public FrozenTrial GetTrial(long trialId)
    {
        lock (gate) return Find(trialId).Freeze();
    }

    /// <inheritdoc/>
    public IReadOnlyList<FrozenTrial> GetAllTrials(long studyId, IReadOnlyCollection<TrialState>? states = null)
    {
        lock (gate)
        {
            if (!trialsByStudy.TryGetValue(studyId, out var list)) throw new KeyNotFoundException($"no study with id {studyId}");
            return list.Where(t => states is null || states.Contains(t.State)).Select(t => t.Freeze()).ToList();
        }
    }

    private MutableTrial Find(long trialId) =>
        trialId >= 0 && trialId < trials.Count ? trials[(int)trialId] : throw new KeyNotFoundException($"no trial with id {trialId}");

    private MutableTrial Running(long trialId)
    {
        var t = Find(trialId);
        if (t.State != TrialState.Running) throw new InvalidOperationException($"trial {t.Number} is already finished ({t.State}) and cannot change");
        return t;
    }
}
