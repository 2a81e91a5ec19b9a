namespace Glassbox.ML.ModelSelection;

/// <summary>
/// Search over <see cref="NIter"/> random candidates (<c>sklearn.model_selection.RandomizedSearchCV</c>). Each
/// distribution is either a list of values (drawn uniformly) or a <c>Func&lt;Generator, object?&gt;</c> sampler
/// (e.g. <c>g =&gt; Math.Pow(10, -3 + 4 * g.NextDouble())</c> for a log-uniform α). Names are visited in sorted
/// order, drawing from one seeded <see cref="Generator"/>, so a seed fixes the candidates.
/// </summary>
public sealed class RandomizedSearchCV : SearchCV<RandomizedSearchCV>
{
    /// <summary>Creates the search.</summary>
    /// <param name="estimator">Estimator to tune.</param>
    /// <param name="paramDistributions">Name → object?[] or Func&lt;Generator, object?&gt; (<c>param_distributions</c>).</param>
    /// <param name="nIter">Number of candidates (<c>n_iter</c>).</param>
    /// <param name="cv">Number of folds.</param>
    /// <param name="scoring">A built-in scorer, or null for the estimator's own Score.</param>
    /// <param name="refit">Refit the best on all data.</param>
    /// <param name="seed">Generator seed (<c>random_state</c>).</param>
    public RandomizedSearchCV(IEstimator estimator, IReadOnlyDictionary<string, object> paramDistributions, int nIter = 10, int cv = 5,
        Scoring? scoring = null, bool refit = true, ulong seed = 0)
        : base(estimator, cv, scoring, refit)
    {
        ParamDistributions = paramDistributions; NIter = nIter; Seed = seed;
    }

    /// <summary>The distributions (<c>param_distributions</c>).</summary>
    public IReadOnlyDictionary<string, object> ParamDistributions { get; }
    /// <summary>Number of candidates (<c>n_iter</c>).</summary>
    public int NIter { get; }
    /// <summary>Sampling seed (<c>random_state</c>).</summary>
    public ulong Seed { get; }

    /// <inheritdoc/>
    protected override Options.ParamTable Constraints
    {
        get
        {
            var table = base.Constraints;
            table.Add(nameof(NIter), Options.Is.Int(min: 1));
            return table;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Every distribution must be usable: a check over the dictionary's contents, naming the bad key.</remarks>
    protected override void CheckParams()
    {
        base.CheckParams();
        foreach (var (k, v) in ParamDistributions)
            if (v is not (object?[] { Length: > 0 } or Func<Generator, object?>))
                OutOfRange(nameof(ParamDistributions), k, "a non-empty object?[] or a Func<Generator, object?> for every name");
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<IReadOnlyDictionary<string, object?>> Candidates()
    {
        var g = new Generator(Seed);
        var keys = ParamDistributions.Keys.Order(StringComparer.Ordinal).ToArray();
        var list = new List<IReadOnlyDictionary<string, object?>>();
        for (int i = 0; i < NIter; i++)
        {
            var d = new Dictionary<string, object?>();
            foreach (var k in keys)
                d[k] = ParamDistributions[k] switch
                {
                    object?[] values => values[g.NextInt(values.Length)],
                    Func<Generator, object?> sample => sample(g),
                    _ => throw new InvalidOperationException(),
                };
            list.Add(d);
        }
        return list;
    }
}
