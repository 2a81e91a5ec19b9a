using System.Globalization;

namespace Glassbox.Tuning;

/// <summary>
/// A running trial as the objective sees it (Optuna's <c>optuna.trial.Trial</c>): it hands out parameter values
/// (<see cref="SuggestFloat"/>, <see cref="SuggestInt"/>, <see cref="SuggestCategorical{T}"/> — Optuna's
/// <c>suggest_float/int/categorical</c>) and takes intermediate values (<see cref="Report"/>, <see cref="ShouldPrune"/>
/// — <c>report</c>/<c>should_prune</c>).
/// </summary>
/// <remarks>
/// Asking for the same name twice returns the first value (a search space may be built in a loop). Asking for it with
/// a different range is an error: the sampler models each name as one distribution. A range with low = high returns
/// low without consulting the sampler. One trial belongs to one thread.
/// </remarks>
public sealed class Trial
{
    private readonly Dictionary<string, (double Value, Distribution Distribution)> cache = [];

    internal Trial(Study study, long id, int number)
    {
        Study = study; Id = id; Number = number;
    }

    /// <summary>The study this trial belongs to.</summary>
    public Study Study { get; }

    /// <summary>The storage's id of the trial.</summary>
    public long Id { get; }

    /// <summary>0, 1, 2, … within the study.</summary>
    public int Number { get; }

    /// <summary>The parameters suggested so far, as handed out.</summary>
    public IReadOnlyDictionary<string, object> Params => cache.ToDictionary(kv => kv.Key, kv => kv.Value.Distribution.ToExternal(kv.Value.Value));

    /// <summary>A real value in [low, high] (<c>suggest_float</c>): on a log scale, or on the grid low + k·step.</summary>
    public double SuggestFloat(string name, double low, double high, bool log = false, double? step = null) =>
        Suggest(name, new FloatDistribution(low, high, log, step));

    /// <summary>An integer in [low, high] on the grid low + k·step, or on a log scale (<c>suggest_int</c>).</summary>
    public int SuggestInt(string name, int low, int high, int step = 1, bool log = false) =>
        (int)Math.Round(Suggest(name, new IntDistribution(low, high, log, step)));

    /// <summary>
    /// One of <paramref name="choices"/> (<c>suggest_categorical</c>). Choices are told apart by their invariant text,
    /// which is what a storage records.
    /// </summary>
    public T SuggestCategorical<T>(string name, IReadOnlyList<T> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var texts = choices.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "null").ToArray();
        return choices[(int)Suggest(name, new CategoricalDistribution(texts))];
    }

    /// <summary>
    /// Records the objective's value at <paramref name="step"/> (an epoch, a boosting round; ≥ 0) for the pruner
    /// (<c>report</c>). A step reported twice keeps its first value, as in Optuna.
    /// </summary>
    public void Report(int step, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (Study.Storage.GetTrial(Id).IntermediateAt(step) is not null) return;
        Study.Storage.SetTrialIntermediateValue(Id, step, value);
    }

    /// <summary>Asks the study's pruner whether to stop now (<c>should_prune</c>); the objective then throws <see cref="TrialPrunedException"/>.</summary>
    public bool ShouldPrune() => Study.Pruner.Prune(Study, Study.Storage.GetTrial(Id));

    private double Suggest(string name, Distribution distribution)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (cache.TryGetValue(name, out var known))
        {
            if (!known.Distribution.Equals(distribution))
                throw new ArgumentException($"trial {Number}: parameter '{name}' was suggested with {known.Distribution.ToJson()} and now with {distribution.ToJson()}; one name needs one range");
            return known.Value;
        }
        double v = distribution switch
        {
            FloatDistribution f when f.Low == f.High => f.Low,
            IntDistribution i when i.Low == i.High => i.Low,
            CategoricalDistribution c when c.Choices.Count == 1 => 0,
            _ => Study.Sampler.SampleIndependent(Study, Study.Storage.GetTrial(Id), name, distribution),
        };
        Study.Storage.SetTrialParam(Id, name, v, distribution);
        cache[name] = (v, distribution);
        return v;
    }
}
