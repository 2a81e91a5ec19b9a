using Glassbox.ML.Options;

namespace Glassbox.ML.Isotonic;

/// <summary>
/// Isotonic regression (<c>sklearn.isotonic.IsotonicRegression</c>): the non-decreasing (or non-increasing) step
/// function f that minimises Σᵢ wᵢ (yᵢ − f(xᵢ))², then linear interpolation between its steps.
/// </summary>
/// <remarks>
/// <para>
/// <b>Fit.</b> Rows of weight 0 are dropped; the rest are sorted by (x, y) and rows with equal x (closer than 1e-15,
/// NumPy's float64 resolution, as sklearn's <c>_make_unique</c>) merge into one point with their weighted mean y and
/// summed weight — the least-squares fit must give tied x one value, and the mean is that value's contribution. The
/// ordered values are then solved by pool-adjacent-violators (Ayer et al. 1955; the single-pass form with
/// backtracking, O(n)): scanning left to right, a run of points that decreases is pooled into one block whose value is
/// its weighted mean, and the pooled block is compared again with the block before it, until every block is below the
/// next. The pooled means are the exact minimiser, since each violating pair must share a value in the optimum and a
/// shared value's best level is the weighted mean. A decreasing fit runs the same on the reversed sequence. The result
/// is clipped to [<see cref="YMin"/>, <see cref="YMax"/>] (clipping a monotone solution keeps it monotone and
/// optimal under the bounds). Points in the interior of a flat run carry no information for the interpolant and are
/// dropped (<see cref="XThresholds"/> keeps the ends of each run).
/// </para>
/// <para>
/// <b>Predict.</b> Piecewise linear through (<see cref="XThresholds"/>, <see cref="YThresholds"/>), as SciPy's
/// <c>interp1d(kind="linear")</c>: for x in [x_k−1, x_k] the value y_k−1 + (y_k − y_k−1)(x − x_k−1)/(x_k − x_k−1),
/// x_k the first threshold ≥ x. Outside [x_min, x_max] <see cref="OutOfBounds"/> decides; a fit with one distinct x is
/// the constant.
/// </para>
/// <para>
/// X is 2-D with exactly one column (sklearn also accepts 1-D X; here every estimator takes [n_samples, n_features]).
/// <c>increasing="auto"</c> (choose the direction by Spearman's ρ) is not offered: pass the direction.
/// </para>
/// </remarks>
public sealed class IsotonicRegression : Regressor<IsotonicRegression>
{
    private double[] xThresholds = [], yThresholds = [];
    private double xMin, xMax;

    /// <summary>Creates the regressor.</summary>
    /// <param name="yMin">Lower bound of the fitted values, or null for none (<c>y_min</c>).</param>
    /// <param name="yMax">Upper bound of the fitted values, or null for none (<c>y_max</c>).</param>
    /// <param name="increasing">True for a non-decreasing fit, false for non-increasing (<c>increasing</c>).</param>
    /// <param name="outOfBounds">Predictions outside the training range (<c>out_of_bounds</c>).</param>
    public IsotonicRegression(double? yMin = null, double? yMax = null, bool increasing = true, IsotonicOutOfBounds outOfBounds = IsotonicOutOfBounds.Nan)
    {
        YMin = yMin; YMax = yMax; Increasing = increasing; OutOfBounds = outOfBounds;
    }

    /// <summary>Lower bound of the fit (<c>y_min</c>).</summary>
    public double? YMin { get; }
    /// <summary>Upper bound of the fit (<c>y_max</c>).</summary>
    public double? YMax { get; }
    /// <summary>Direction of the fit (<c>increasing</c>).</summary>
    public bool Increasing { get; }
    /// <summary>Out-of-range behaviour of Predict (<c>out_of_bounds</c>).</summary>
    public IsotonicOutOfBounds OutOfBounds { get; }

    /// <summary>The distinct x of the interpolant, increasing (<c>X_thresholds_</c>).</summary>
    public Tensor XThresholds => Input.Vector(Learned(xThresholds, nameof(XThresholds)));
    /// <summary>The fitted values at <see cref="XThresholds"/> (<c>y_thresholds_</c>).</summary>
    public Tensor YThresholds => Input.Vector(Learned(yThresholds, nameof(YThresholds)));
    /// <summary>Smallest x seen in Fit, among rows of positive weight (<c>X_min_</c>).</summary>
    public double XMin => Learned(xMin, nameof(XMin));
    /// <summary>Largest x seen in Fit (<c>X_max_</c>).</summary>
    public double XMax => Learned(xMax, nameof(XMax));

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(OutOfBounds), Is.Defined<IsotonicOutOfBounds>() },
    };

    /// <summary>The table, then bounds that are numbers with y_min ≤ y_max.</summary>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (YMin is double.NaN) OutOfRange(nameof(YMin), YMin, "a number or null");
        if (YMax is double.NaN) OutOfRange(nameof(YMax), YMax, "a number or null");
        if (YMin is { } lo && YMax is { } hi && lo > hi) OutOfRange(nameof(YMax), hi, $"≥ YMin ({lo})");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0];
        if (x.Shape[1] != 1)
            throw new ArgumentException($"IsotonicRegression.Fit: X must have exactly one feature, got shape {ShapeUtil.Format(x.ShapeArray)}", nameof(x));
        var xv = Input.Raw(x);
        var yv = Input.Targets(y, n, nameof(IsotonicRegression));
        var w = SampleWeight;
        var rows = Enumerable.Range(0, n).Where(i => w is null || w[i] > 0).ToArray();
        // np.lexsort((y, X)): by x, then by y; a stable sort keeps equal pairs in row order
        Array.Sort(rows, (a, b) => xv[a] != xv[b] ? xv[a].CompareTo(xv[b]) : yv[a] != yv[b] ? yv[a].CompareTo(yv[b]) : a.CompareTo(b));
        var (ux, uy, uw) = MakeUnique(rows.Select(i => xv[i]).ToArray(), rows.Select(i => yv[i]).ToArray(), rows.Select(i => w?[i] ?? 1.0).ToArray());
        var fit = Solve(uy, uw, YMin, YMax, Increasing);
        xMin = ux[0];
        xMax = ux[^1];
        var keep = new List<int>();
        for (int i = 0; i < fit.Length; i++)
            if (i == 0 || i == fit.Length - 1 || fit[i] != fit[i - 1] || fit[i] != fit[i + 1]) keep.Add(i);
        xThresholds = keep.Select(i => ux[i]).ToArray();
        yThresholds = keep.Select(i => fit[i]).ToArray();
    }

    /// <summary>Merges runs of equal x (sorted input; equal means closer than 1e-15) into weighted means.</summary>
    private static (double[] X, double[] Y, double[] W) MakeUnique(double[] x, double[] y, double[] w)
    {
        const double Eps = 1e-15; // np.finfo(np.float64).resolution
        var ox = new List<double>(); var oy = new List<double>(); var ow = new List<double>();
        double cx = x[0], cy = 0, cw = 0;
        for (int j = 0; j < x.Length; j++)
        {
            if (x[j] - cx >= Eps)
            {
                ox.Add(cx); ow.Add(cw); oy.Add(cy / cw);
                cx = x[j]; cw = w[j]; cy = y[j] * w[j];
            }
            else { cw += w[j]; cy += y[j] * w[j]; }
        }
        ox.Add(cx); ow.Add(cw); oy.Add(cy / cw);
        return (ox.ToArray(), oy.ToArray(), ow.ToArray());
    }

    /// <summary>
    /// The isotonic fit of <paramref name="y"/> with weights <paramref name="w"/> in the given order
    /// (<c>sklearn.isotonic.isotonic_regression</c>), clipped to the bounds.
    /// </summary>
    internal static double[] Solve(double[] y, double[] w, double? yMin, double? yMax, bool increasing)
    {
        int n = y.Length;
        var v = increasing ? (double[])y.Clone() : y.Reverse().ToArray();
        var ww = increasing ? (double[])w.Clone() : w.Reverse().ToArray();
        Pava(v, ww);
        double lo = yMin ?? double.NegativeInfinity, hi = yMax ?? double.PositiveInfinity;
        for (int i = 0; i < n; i++) v[i] = Math.Min(Math.Max(v[i], lo), hi);
        if (!increasing) Array.Reverse(v);
        return v;
    }

    /// <summary>
    /// Pool-adjacent-violators in place. Blocks are index ranges [i, target[i]] with target[target[i]] = i; the block
    /// starting at i holds its weighted mean in y[i] and its total weight in w[i]. After pooling a decreasing run, the
    /// scan steps back to the previous block, so each point is pooled O(1) times amortised.
    /// </summary>
    private static void Pava(double[] y, double[] w)
    {
        int n = y.Length;
        var target = new int[n];
        for (int t = 0; t < n; t++) target[t] = t;
        int i = 0;
        while (i < n)
        {
            int k = target[i] + 1;
            if (k == n) break;
            if (y[i] < y[k]) { i = k; continue; }
            double sumWy = w[i] * y[i], sumW = w[i];
            while (true)
            {
                double prev = y[k];
                sumWy += w[k] * y[k];
                sumW += w[k];
                k = target[k] + 1;
                if (k == n || prev < y[k])
                {
                    y[i] = sumWy / sumW;
                    w[i] = sumW;
                    target[i] = k - 1;
                    target[k - 1] = i;
                    if (i > 0) i = target[i - 1];
                    break;
                }
            }
        }
        i = 0;
        while (i < n)
        {
            int k = target[i] + 1;
            for (int t = i + 1; t < k; t++) y[t] = y[i];
            i = k;
        }
    }

    /// <summary>Fitted values at x [n_samples, 1] (<c>predict</c>); NaN outside the training range with
    /// <see cref="IsotonicOutOfBounds.Nan"/>.</summary>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        var a = Input.Raw(xm);
        var r = new double[a.Length];
        for (int i = 0; i < a.Length; i++) r[i] = Interpolate(a[i]);
        return Input.Vector(r);
    }

    /// <summary>The interpolant at one x, with the out-of-bounds rule.</summary>
    internal double Interpolate(double t)
    {
        if (t < xMin || t > xMax)
        {
            switch (OutOfBounds)
            {
                case IsotonicOutOfBounds.Clip: t = Math.Clamp(t, xMin, xMax); break;
                case IsotonicOutOfBounds.Raise:
                    throw new ArgumentException($"IsotonicRegression.Predict: x = {t} is outside the training range [{xMin}, {xMax}] (OutOfBounds = Raise)", "x");
                default: return double.NaN;
            }
        }
        var xs = xThresholds;
        if (xs.Length == 1) return yThresholds[0];
        // np.searchsorted(x, t, side="left"), clipped to [1, len − 1]
        int hi = Array.BinarySearch(xs, t);
        if (hi < 0) hi = ~hi;
        else while (hi > 0 && xs[hi - 1] == t) hi--;
        hi = Math.Clamp(hi, 1, xs.Length - 1);
        int lo = hi - 1;
        double slope = (yThresholds[hi] - yThresholds[lo]) / (xs[hi] - xs[lo]);
        return slope * (t - xs[lo]) + yThresholds[lo];
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState s)
    {
        s.Set("X_thresholds", Input.Vector(xThresholds));
        s.Set("y_thresholds", Input.Vector(yThresholds));
        s.Set("X_min", xMin);
        s.Set("X_max", xMax);
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState s)
    {
        if (s.NFeaturesIn != 1) throw s.Invalid("n_features_in", $"IsotonicRegression has one feature, got {s.NFeaturesIn}");
        var xs = s.GetVector("X_thresholds", -1, finite: true);
        var ys = s.GetVector("y_thresholds", xs.Length, finite: true);
        if (xs.Length == 0) throw s.Invalid("X_thresholds", "a fitted isotonic regression has at least one threshold");
        for (int i = 1; i < xs.Length; i++)
            if (!(xs[i] > xs[i - 1])) throw s.Invalid("X_thresholds", $"thresholds must increase strictly, got {xs[i - 1]} before {xs[i]}");
        double lo = s.GetDouble("X_min", finite: true), hi = s.GetDouble("X_max", finite: true);
        if (lo != xs[0] || hi != xs[^1]) throw s.Invalid("X_min", $"X_min and X_max must be the first and last thresholds ({xs[0]}, {xs[^1]}), got {lo}, {hi}");
        xThresholds = xs; yThresholds = ys; xMin = lo; xMax = hi;
    }
}
