namespace Glassbox.ML.ModelSelection;

/// <summary>
/// Exhaustive search over a hyperparameter grid (<c>sklearn.model_selection.GridSearchCV</c>). Candidates are
/// enumerated as sklearn's <c>ParameterGrid</c>: names sorted, Cartesian product with the last name varying fastest.
/// </summary>
public sealed class GridSearchCV : SearchCV<GridSearchCV>
{
    /// <summary>Creates the search.</summary>
    /// <param name="estimator">Estimator to tune.</param>
    /// <param name="paramGrid">Name → values to try; names as in <see cref="IEstimator.GetParams"/> or "step__Param" for pipelines (<c>param_grid</c>).</param>
    /// <param name="cv">Number of folds.</param>
    /// <param name="scoring">A built-in scorer, or null for the estimator's own Score.</param>
    /// <param name="refit">Refit the best on all data.</param>
    public GridSearchCV(IEstimator estimator, IReadOnlyDictionary<string, object?[]> paramGrid, int cv = 5, Scoring? scoring = null, bool refit = true)
        : base(estimator, cv, scoring, refit) => ParamGrid = paramGrid;

    /// <summary>The grid (<c>param_grid</c>).</summary>
    public IReadOnlyDictionary<string, object?[]> ParamGrid { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<IReadOnlyDictionary<string, object?>> Candidates()
    {
        var keys = ParamGrid.Keys.Order(StringComparer.Ordinal).ToArray();
        var list = new List<IReadOnlyDictionary<string, object?>> { new Dictionary<string, object?>() };
        foreach (var k in keys)
            list = list.SelectMany(d => ParamGrid[k].Select(v => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(d) { [k] = v })).ToList();
        return list;
    }
}
