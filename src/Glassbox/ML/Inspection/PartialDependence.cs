namespace Glassbox.ML.Inspection;

/// <summary>
/// Partial dependence and individual conditional expectation (<c>sklearn.inspection.partial_dependence</c>,
/// <c>method="brute"</c>; Friedman 2001, Goldstein et al. 2015): the model's average response as one or two features
/// are set to each value of a grid while every other column keeps its observed values.
/// </summary>
/// <remarks>
/// <para>
/// PD_S(v) = (1/n) Σᵢ f(v, x_{i,C}), S the chosen features, C the rest; the individual curves are the terms
/// f(v, x_{i,C}) themselves. f is the regressor's prediction; for a classifier its probabilities — of the second class
/// only when there are two, of every class otherwise (a classifier without probabilities: its decision function).
/// </para>
/// <para>
/// Grid per feature: its distinct values when fewer than <c>gridResolution</c>, else <c>gridResolution</c> evenly
/// spaced points between two empirical percentiles, computed as SciPy's <c>mquantiles</c> (α = β = 0.4, the rule
/// sklearn uses: position n·q + 0.4 + 0.2·q in the sorted column, interpolated), so outliers do not stretch it. Two
/// features give the Cartesian grid, first feature slowest.
/// </para>
/// <para>
/// Reading it: PD averages over the marginal distribution of the other features, so where S is correlated with them it
/// evaluates the model at combinations the data never shows — the curve is then partly extrapolation. Individual
/// curves that cross show interactions the average hides.
/// </para>
/// </remarks>
public static class PartialDependence
{
    /// <summary>The partial dependence of the chosen features.</summary>
    /// <param name="Values">The grid of each feature (<c>values</c>).</param>
    /// <param name="Average">Averaged responses [n_outputs, g₁(, g₂)] (<c>average</c>).</param>
    /// <param name="Individual">Per-row responses [n_outputs, n_samples, g₁(, g₂)] (<c>individual</c>).</param>
    public sealed record Result(double[][] Values, Tensor Average, Tensor Individual);

    /// <summary>Computes the partial dependence by brute force (one prediction of all rows per grid point).</summary>
    /// <param name="estimator">A fitted regressor or classifier.</param>
    /// <param name="x">The rows to average over [n, p] (<c>X</c>).</param>
    /// <param name="features">One feature index, or two for a joint grid (<c>features</c>).</param>
    /// <param name="gridResolution">Points per feature axis, ≥ 2 (<c>grid_resolution</c>).</param>
    /// <param name="lowerPercentile">Lower end of the grid as a quantile in [0, 1) (<c>percentiles[0]</c>).</param>
    /// <param name="upperPercentile">Upper end, above the lower, at most 1 (<c>percentiles[1]</c>).</param>
    public static Result Compute(IEstimator estimator, Tensor x, int[] features, int gridResolution = 100,
        double lowerPercentile = 0.05, double upperPercentile = 0.95)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(features);
        if (!estimator.IsFitted) throw new NotFittedException(estimator.GetType().Name, "PartialDependence");
        var (a, n, p) = InspectionInput.Matrix(x, "PartialDependence");
        if (features.Length is < 1 or > 2) throw new ArgumentException($"PartialDependence: one or two features, got {features.Length}", nameof(features));
        foreach (int f in features)
            if (f < 0 || f >= p) throw new ArgumentOutOfRangeException(nameof(features), f, $"PartialDependence: feature index must be in [0, {p})");
        if (gridResolution < 2) throw new ArgumentOutOfRangeException(nameof(gridResolution), gridResolution, "PartialDependence: gridResolution must be ≥ 2");
        if (!(lowerPercentile >= 0 && lowerPercentile < upperPercentile && upperPercentile <= 1))
            throw new ArgumentOutOfRangeException(nameof(lowerPercentile), $"PartialDependence: percentiles must satisfy 0 ≤ lower < upper ≤ 1, got ({lowerPercentile}, {upperPercentile})");
        var values = features.Select(f => Axis(Enumerable.Range(0, n).Select(i => a[i * p + f]).ToArray(), gridResolution, lowerPercentile, upperPercentile)).ToArray();
        var grid = values.Length == 1 ? values[0].Select(v => new[] { v }).ToArray()
            : values[0].SelectMany(v => values[1].Select(w => new[] { v, w })).ToArray();
        int points = grid.Length, outputs = -1;
        double[] avg = [], ind = [];
        var work = (double[])a.Clone();
        for (int g = 0; g < points; g++)
        {
            for (int i = 0; i < n; i++)
                for (int k = 0; k < features.Length; k++) work[i * p + features[k]] = grid[g][k];
            var (r, width) = Respond(estimator, Tensor.FromArray(work, n, p));
            if (outputs < 0)
            {
                outputs = width;
                avg = new double[outputs * points];
                ind = new double[outputs * n * points];
            }
            for (int o = 0; o < outputs; o++)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    double v = r[i * outputs + o];
                    ind[(o * n + i) * points + g] = v;
                    s += v;
                }
                avg[o * points + g] = s / n;
            }
        }
        var gshape = values.Select(v => v.Length).ToArray();
        return new Result(values, Tensor.FromArray(avg, [outputs, .. gshape]), Tensor.FromArray(ind, [outputs, n, .. gshape]));
    }

    /// <summary>The responses [n, width] row-major: regressor predictions, a classifier's probabilities (the second
    /// class's only for two classes), or its decision function.</summary>
    internal static (double[] Values, int Width) Respond(IEstimator estimator, Tensor x)
    {
        var final = estimator is Pipeline pl ? pl.FinalEstimator : estimator;
        int n = x.Shape[0];
        if (final is IClassifier)
        {
            if (final is IProbabilisticClassifier)
            {
                var pr = ((IProbabilisticClassifier)estimator).PredictProba(x);
                var v = Input.Raw(pr);
                int k = pr.Shape[1];
                return k == 2 ? (Enumerable.Range(0, n).Select(i => v[i * 2 + 1]).ToArray(), 1) : (v, k);
            }
            if (final is IDecisionFunction)
            {
                var d = ((IDecisionFunction)estimator).DecisionFunction(x);
                return (Input.Raw(d), d.NDim == 1 ? 1 : d.Shape[1]);
            }
            throw new NotSupportedException($"PartialDependence: {final.GetType().Name} has neither PredictProba nor DecisionFunction");
        }
        if (final is IRegressor) return (Input.Raw(((IPredictor)estimator).Predict(x)), 1);
        throw new NotSupportedException($"PartialDependence: {final.GetType().Name} is neither a regressor nor a classifier");
    }

    /// <summary>One feature's grid: its sorted distinct values when fewer than the resolution, else evenly spaced
    /// between the mquantiles percentiles (NumPy's linspace: start + i·step, the last point exactly the end).</summary>
    internal static double[] Axis(double[] column, int resolution, double lo, double hi)
    {
        var sorted = (double[])column.Clone();
        Array.Sort(sorted);
        var uniques = sorted.Distinct().ToArray();
        if (uniques.Length < resolution) return uniques;
        double a = MQuantile(sorted, lo), b = MQuantile(sorted, hi);
        if (Math.Abs(a - b) <= 1e-8 + 1e-5 * Math.Abs(b))
            throw new ArgumentException("PartialDependence: the percentiles are too close to each other to build a grid; choose percentiles further apart");
        double step = (b - a) / (resolution - 1);
        var axis = new double[resolution];
        for (int i = 0; i < resolution; i++) axis[i] = i * step + a;
        axis[^1] = b;
        return axis;
    }

    /// <summary>SciPy's <c>mstats.mquantiles(x, q, alphap=0.4, betap=0.4)</c> of the sorted values.</summary>
    internal static double MQuantile(double[] sorted, double q)
    {
        int n = sorted.Length;
        if (n == 1) return sorted[0];
        double m = 0.4 + q * (1.0 - 0.4 - 0.4);
        double aleph = n * q + m;
        int k = (int)Math.Floor(Math.Clamp(aleph, 1, n - 1));
        double gamma = Math.Clamp(aleph - k, 0, 1);
        return (1.0 - gamma) * sorted[k - 1] + gamma * sorted[k];
    }
}
