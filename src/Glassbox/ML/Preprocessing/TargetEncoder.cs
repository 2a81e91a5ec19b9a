using Glassbox.ML.Options;

namespace Glassbox.ML.Preprocessing;

/// <summary>
/// Target (mean) encoding of categorical columns (<c>sklearn.preprocessing.TargetEncoder</c>, sklearn ≥ 1.3, with a
/// fixed smoothing): each category value c of a column becomes the shrunk target mean
/// enc(c) = (Σ_{i: x_i = c} y_i + m·ȳ) / (n_c + m), m = <see cref="Smooth"/>, ȳ the global mean; unseen
/// categories encode as ȳ. Categories are the exact float64 values of X (codes); NaN is a category of its own.
/// </summary>
/// <remarks>
/// <b>Leak-free training output.</b> <see cref="FitTransform"/> does not return the full-data encoding of the
/// training rows (each row would see its own target — the classic target leak that makes rare categories look
/// perfectly predictive). It cross-fits: the rows are split into <see cref="Cv"/> shuffled folds and each fold is
/// encoded with statistics of the other folds only. Fit + <see cref="Transform"/> use the encodings
/// learned on all rows, which is right for new data. So FitTransform(X, y) ≠ Fit(X, y).Transform(X), by design
/// (as in sklearn). y is a binary (0/1) or continuous target; one output column per input column.
/// </remarks>
public sealed class TargetEncoder : Estimator<TargetEncoder>, ITransformer
{
    private Dictionary<double, double>[] encodings = [];
    private double targetMean;

    /// <summary>Creates an unfitted encoder.</summary>
    /// <param name="smooth">Shrinkage m towards the global mean, ≥ 0 (<c>smooth</c>).</param>
    /// <param name="cv">Folds of the cross-fitting in FitTransform, ≥ 2 (<c>cv</c>).</param>
    /// <param name="randomState">Seed of the fold shuffle (<c>random_state</c>).</param>
    public TargetEncoder(double smooth = 10, int cv = 5, ulong randomState = 0)
    {
        Smooth = smooth; Cv = cv; RandomState = randomState;
    }

    /// <summary>Shrinkage towards the global mean (<c>smooth</c>).</summary>
    public double Smooth { get; }
    /// <summary>Cross-fitting folds (<c>cv</c>).</summary>
    public int Cv { get; }
    /// <summary>Fold shuffle seed (<c>random_state</c>).</summary>
    public ulong RandomState { get; }

    /// <summary>Global target mean ȳ (<c>target_mean_</c>).</summary>
    public double TargetMean => Learned(targetMean, nameof(TargetMean));

    /// <summary>The learned encoding of column <paramref name="column"/>: category value → encoded value (<c>encodings_</c>).</summary>
    public IReadOnlyDictionary<double, double> Encoding(int column) => Learned(encodings, nameof(Encoding))[column];

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(Smooth), Is.Real(0) },
        { nameof(Cv), Is.Int(min: 2) },
    };

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var xs = Input.Raw(x);
        int n = x.Shape[0], p = x.Shape[1];
        var t = Input.Targets(y, n, nameof(TargetEncoder));
        (encodings, targetMean) = Learn(xs, n, p, t, Enumerable.Range(0, n));
    }

    private (Dictionary<double, double>[], double) Learn(double[] xs, int n, int p, double[] t, IEnumerable<int> rows)
    {
        var idx = rows.ToArray();
        double mean = idx.Length == 0 ? 0 : idx.Average(i => t[i]);
        var enc = new Dictionary<double, double>[p];
        for (int j = 0; j < p; j++)
        {
            var sums = new Dictionary<double, (double Sum, int Count)>();
            foreach (var i in idx)
            {
                double c = Key(xs[i * p + j]);
                var s = sums.GetValueOrDefault(c);
                sums[c] = (s.Sum + t[i], s.Count + 1);
            }
            enc[j] = sums.ToDictionary(kv => kv.Key, kv => (kv.Value.Sum + Smooth * mean) / (kv.Value.Count + Smooth));
        }
        return (enc, mean);
    }

    private static double Key(double v) => double.IsNaN(v) ? double.NaN : v + 0.0; // one NaN key; −0 and +0 the same category

    private static double[] Apply(double[] xs, int n, int p, Dictionary<double, double>[] enc, double mean, IEnumerable<int> rows, double[] output)
    {
        foreach (var i in rows)
            for (int j = 0; j < p; j++) output[i * p + j] = enc[j].TryGetValue(Key(xs[i * p + j]), out var e) ? e : mean;
        return output;
    }

    /// <summary>Full-data encodings applied to X; unseen categories → the global mean (<c>transform</c>).</summary>
    public Tensor Transform(Tensor x)
    {
        var xm = CheckInput(x, nameof(Transform));
        int n = xm.Shape[0], p = xm.Shape[1];
        var o = new double[n * p];
        return Input.Matrix(Apply(Input.Raw(xm), n, p, encodings, targetMean, Enumerable.Range(0, n), o), n, p);
    }

    /// <summary>
    /// Fits on all rows (for later <see cref="Transform"/>) and returns the <b>cross-fitted</b> encoding of the
    /// training rows: fold k encoded with statistics of the other folds only (<c>fit_transform</c>).
    /// </summary>
    public Tensor FitTransform(Tensor x, Tensor? y = null)
    {
        Fit(x, y);
        var xs = Input.Raw(AsMatrix(x, "X"));
        int n = x.Shape[0], p = x.Shape[1];
        var t = Input.Targets(y, n, nameof(TargetEncoder));
        var fold = new int[n];
        var perm = Enumerable.Range(0, n).ToArray();
        var g = new Generator(RandomState);
        for (int i = n - 1; i > 0; i--) { int j = g.NextInt(i + 1); (perm[i], perm[j]) = (perm[j], perm[i]); }
        for (int r = 0; r < n; r++) fold[perm[r]] = r % Cv;
        var o = new double[n * p];
        for (int k = 0; k < Cv; k++)
        {
            int kk = k;
            var (enc, mean) = Learn(xs, n, p, t, Enumerable.Range(0, n).Where(i => fold[i] != kk));
            Apply(xs, n, p, enc, mean, Enumerable.Range(0, n).Where(i => fold[i] == kk), o);
        }
        return Input.Matrix(o, n, p);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        state.Set("target_mean", targetMean);
        state.Set("n_columns", encodings.Length);
        for (int j = 0; j < encodings.Length; j++)
        {
            var keys = encodings[j].Keys.ToArray();
            state.Set($"categories_{j}", Input.Vector(keys));
            state.Set($"encodings_{j}", Input.Vector(keys.Select(k => encodings[j][k]).ToArray()));
        }
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        targetMean = state.GetDouble("target_mean", finite: true);
        int p = state.GetInt("n_columns");
        if (p != state.NFeaturesIn) throw state.Invalid("n_columns", $"is {p} but n_features_in is {state.NFeaturesIn}");
        encodings = new Dictionary<double, double>[p];
        for (int j = 0; j < p; j++)
        {
            var k = state.GetVector($"categories_{j}");
            var v = state.GetVector($"encodings_{j}", k.Length, finite: true);
            if (k.Distinct().Count() != k.Length) throw state.Invalid($"categories_{j}", "categories must be distinct");
            encodings[j] = k.Select((c, i) => (c, v[i])).ToDictionary(a => a.c, a => a.Item2);
        }
    }
}
