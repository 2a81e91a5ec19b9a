namespace Glassbox.Tuning;

/// <summary>
/// Where studies and trials live (Optuna's <c>BaseStorage</c>): <see cref="InMemoryStudyStorage"/> here, and an SQLite
/// storage in Glassbox.Tracking that survives the process. Every method must be safe to call from several threads at
/// once: <see cref="Study.Optimize"/> runs trials in parallel against one storage.
/// </summary>
/// <remarks>
/// Rules every implementation keeps: trial numbers in a study are 0, 1, 2, … without gaps or repeats even under
/// concurrent <see cref="CreateTrial"/>; a finished trial (Complete, Pruned, Fail) is frozen — changing it throws
/// <see cref="InvalidOperationException"/>; a parameter, once set on a trial, cannot be set again with another value.
/// </remarks>
public interface IStudyStorage
{
    /// <summary>
    /// The id of the study called <paramref name="name"/>, creating it with <paramref name="direction"/> when there is
    /// none (Optuna's <c>create_study(load_if_exists=True)</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The study exists with the other direction.</exception>
    long CreateOrLoadStudy(string name, StudyDirection direction);

    /// <summary>Starts a new Running trial in the study; returns its id and number.</summary>
    (long Id, int Number) CreateTrial(long studyId);

    /// <summary>Records a parameter's internal value and distribution on a Running trial.</summary>
    void SetTrialParam(long trialId, string name, double internalValue, Distribution distribution);

    /// <summary>Records (or replaces) the value reported at a step of a Running trial.</summary>
    void SetTrialIntermediateValue(long trialId, int step, double value);

    /// <summary>Records a pruner's number on a Running trial.</summary>
    void SetTrialSystemAttr(long trialId, string key, double value);

    /// <summary>Finishes a Running trial with its final state and value.</summary>
    void FinishTrial(long trialId, TrialState state, double? value);

    /// <summary>One trial.</summary>
    /// <exception cref="KeyNotFoundException">No trial has that id.</exception>
    FrozenTrial GetTrial(long trialId);

    /// <summary>The study's trials, by number; only those in <paramref name="states"/> when given.</summary>
    IReadOnlyList<FrozenTrial> GetAllTrials(long studyId, IReadOnlyCollection<TrialState>? states = null);
}
