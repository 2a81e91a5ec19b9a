using System.Reflection;
using System.Text.Json.Nodes;

namespace Glassbox.ML;

/// <summary>
/// Base class of every classical estimator (scikit-learn's <c>BaseEstimator</c>). <typeparamref name="TSelf"/>
/// is the concrete type, so <c>new Ridge(alpha: 2).Fit(x, y)</c> is typed as <c>Ridge</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Hyperparameters</b> are the arguments of the public constructor with the most parameters, each exposed as a
/// read-only property of the same name in PascalCase (<c>fitIntercept</c> → <c>FitIntercept</c>). That is
/// sklearn's own rule (<c>get_params</c> reads the <c>__init__</c> signature), and it is what lets
/// <see cref="GetParams"/>, <see cref="Clone"/> and <see cref="Save"/> work for every subclass without
/// per-class code. Constructors only store values; <see cref="Fit(Tensor, Tensor?)"/> validates them (<see cref="CheckParams"/>),
/// so a grid search can build a bad candidate and get the error when it is fitted, as in sklearn.
/// </para>
/// <para>
/// <b>Learned attributes</b> read their backing field through <see cref="Learned{T}"/>, which throws
/// <see cref="NotFittedException"/> before Fit. <see cref="SaveState"/>/<see cref="LoadState"/> list them
/// for the JSON model file.
/// </para>
/// </remarks>
public abstract class Estimator<TSelf> : IEstimator, IJsonEstimator where TSelf : Estimator<TSelf>
{
    private bool fitted;
    private int nFeaturesIn;

    /// <inheritdoc/>
    public bool IsFitted => fitted;

    /// <summary>Number of columns of X seen in Fit (<c>n_features_in_</c>).</summary>
    public int NFeaturesIn => Learned(nFeaturesIn, nameof(NFeaturesIn));

    /// <summary>
    /// Validates the hyperparameters, learns from X [n_samples, n_features] (any dtype, converted to float64)
    /// and y, and returns this estimator. Refitting discards what an earlier Fit learned.
    /// </summary>
    public TSelf Fit(Tensor x, Tensor? y = null) => FitWith(x, y, null);

    /// <summary>
    /// Fit with a weight per sample (sklearn's <c>fit(X, y, sample_weight=...)</c>): sample i's term in the loss, its
    /// count in impurity and class sums, its mass in means and variances, is multiplied by wᵢ. An integer weight
    /// behaves as that many copies of the row, 0 as leaving it out, and all-ones as no weights. Only estimators whose
    /// <see cref="SupportsSampleWeight"/> is true accept weights (the others throw <see cref="NotSupportedException"/>);
    /// null is the unweighted fit.
    /// </summary>
    /// <param name="x">Samples [n_samples, n_features].</param>
    /// <param name="y">Targets [n_samples], or null for unsupervised estimators.</param>
    /// <param name="sampleWeight">Weights [n_samples]: finite, ≥ 0, with a positive sum (<c>sample_weight</c>).</param>
    public TSelf Fit(Tensor x, Tensor? y, Tensor? sampleWeight)
    {
        if (sampleWeight is null) return FitWith(x, y, null);
        ArgumentNullException.ThrowIfNull(x);
        if (!SupportsSampleWeight)
            throw new NotSupportedException($"{GetType().Name}.Fit: sample_weight is not supported by this estimator (as in sklearn, whose {GetType().Name}.fit has no sample_weight)");
        return FitWith(x, y, CheckSampleWeight(sampleWeight, x.NDim >= 1 ? x.Shape[0] : 0, nameof(Fit)));
    }

    /// <summary>
    /// Validates sample weights for <paramref name="nSamples"/> rows — 1-D, one per row, finite, ≥ 0, positive sum —
    /// and returns them as float64 (the check of <see cref="Fit(Tensor, Tensor?, Tensor?)"/>, also used by methods
    /// such as <c>PartialFit</c> that take weights outside Fit).
    /// </summary>
    protected double[] CheckSampleWeight(Tensor sampleWeight, int nSamples, string member)
    {
        ArgumentNullException.ThrowIfNull(sampleWeight);
        if (sampleWeight.NDim != 1 || sampleWeight.Shape[0] != nSamples)
            throw new ArgumentException($"{GetType().Name}.{member}: sample_weight must be 1-D with one weight per sample ({nSamples}), got shape {ShapeUtil.Format(sampleWeight.ShapeArray)}", nameof(sampleWeight));
        var w = Input.Weights(sampleWeight, nSamples, $"{GetType().Name}.{member}")!; // finite, ≥ 0 (the metrics' check)
        double sum = w.Sum();
        if (!(sum > 0)) throw new ArgumentException($"{GetType().Name}.{member}: sample_weight sums to 0; at least one sample needs a positive weight", nameof(sampleWeight));
        return w;
    }

    private TSelf FitWith(Tensor x, Tensor? y, double[]? w)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckParams();
        var xm = AsMatrix(x, "X");
        CheckNotEmpty(xm);
        CheckFinite(xm, nameof(Fit));
        if (y is not null && y.NDim >= 1 && y.Shape[0] != xm.Shape[0])
            throw new ArgumentException($"{GetType().Name}.Fit: X has {xm.Shape[0]} samples but y has {y.Shape[0]}");
        fitted = false;
        SampleWeight = w;
        try { FitCore(xm, y); }
        finally { SampleWeight = null; }
        nFeaturesIn = xm.Shape[1];
        fitted = true;
        return (TSelf)this;
    }

    /// <summary>
    /// sklearn's <c>check_array(ensure_min_samples=1, ensure_min_features=1)</c>, with its messages: an estimator
    /// learns nothing from no rows, and with no columns every model would be a constant that predicts without looking
    /// at X — both are almost always a bug upstream (an empty filter, a column selection that matched nothing).
    /// </summary>
    private void CheckNotEmpty(Tensor xm)
    {
        int n = xm.Shape[0], p = xm.Shape[1];
        if (n < 1)
            throw new ArgumentException($"{GetType().Name}.Fit: Found array with 0 sample(s) (shape=({n}, {p})) while a minimum of 1 is required.", "x");
        if (p < 1)
            throw new ArgumentException($"{GetType().Name}.Fit: Found array with 0 feature(s) (shape=({n}, {p})) while a minimum of 1 is required.", "x");
    }

    /// <summary>True when <see cref="Fit(Tensor, Tensor?, Tensor?)"/> accepts sample weights.</summary>
    public virtual bool SupportsSampleWeight => false;

    /// <summary>The validated sample weights of the Fit in progress (null when unweighted, and outside Fit). An
    /// estimator that overrides <see cref="SupportsSampleWeight"/> reads them in <see cref="FitCore"/>.</summary>
    protected double[]? SampleWeight { get; private set; }

    IEstimator IEstimator.Fit(Tensor x, Tensor? y, Tensor? sampleWeight) => Fit(x, y, sampleWeight);

    IEstimator IEstimator.Fit(Tensor x, Tensor? y) => Fit(x, y);

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> naming the first hyperparameter outside its allowed values:
    /// each entry of <see cref="Constraints"/> in order. An estimator with checks that relate several parameters
    /// overrides this, calls the base first, then checks those.
    /// </summary>
    protected virtual void CheckParams()
    {
        var table = Constraints;
        if (table.Count == 0) return;
        var values = GetParams();
        foreach (var (name, constraint) in table)
        {
            if (!values.TryGetValue(name, out var v))
                throw new InvalidOperationException($"{GetType().Name}: the constraint table names {name}, which is not a hyperparameter");
            if (!constraint.Allows(v)) OutOfRange(name, v, constraint.Text);
        }
    }

    /// <summary>The declarative hyperparameter constraints (scikit-learn's <c>_parameter_constraints</c>): one entry per
    /// hyperparameter with a restricted range. Empty by default.</summary>
    protected virtual Options.ParamTable Constraints => [];

    /// <summary>The learning itself; <paramref name="x"/> is a contiguous float64 matrix.</summary>
    protected abstract void FitCore(Tensor x, Tensor? y);

    /// <summary>Writes the learned attributes (everything Fit set) into <paramref name="state"/>.</summary>
    protected abstract void SaveState(ModelState state);

    /// <summary>
    /// Restores the learned attributes written by <see cref="SaveState"/>. The state comes from a file and is
    /// untrusted: read it through <see cref="ModelState"/>'s typed getters, stating the dtype and shape every array
    /// must have (usually in terms of <see cref="ModelState.NFeaturesIn"/> and the hyperparameters, which are
    /// already checked), and throw <see cref="ModelState.Invalid"/> for any other relation the predictions rely on —
    /// so that a damaged file fails here rather than with an index error, or a wrong answer, later.
    /// </summary>
    protected abstract void LoadState(ModelState state);

    /// <summary>Returns <paramref name="value"/>, or throws <see cref="NotFittedException"/> naming <paramref name="name"/> before Fit.</summary>
    protected T Learned<T>(T value, string name)
    {
        if (!fitted) throw new NotFittedException(GetType().Name, name);
        return value;
    }

    /// <summary>Throws <see cref="NotFittedException"/> before Fit.</summary>
    protected void CheckFitted(string member)
    {
        if (!fitted) throw new NotFittedException(GetType().Name, member);
    }

    /// <summary>
    /// The input check of every prediction method: fitted, 2-D, the same number of features as in Fit; returns a
    /// contiguous float64 matrix.
    /// </summary>
    protected Tensor CheckInput(Tensor x, string member)
    {
        CheckFitted(member);
        ArgumentNullException.ThrowIfNull(x);
        var xm = AsMatrix(x, "X");
        CheckFinite(xm, member);
        if (xm.Shape[1] != nFeaturesIn)
            throw new ArgumentException($"{GetType().Name}.{member}: X has {xm.Shape[1]} features, but the estimator was fitted with {nFeaturesIn}");
        return xm;
    }

    /// <summary>
    /// Whether X may hold NaN, read as "missing" (sklearn's <c>force_all_finite="allow-nan"</c>): true for the
    /// imputer, the scalers and encoders, and the composites that hand X on to such steps. Everything else rejects
    /// NaN, as sklearn's <c>check_array</c> does — a NaN would otherwise flow silently through sorts, distances and
    /// sums. Infinity is rejected either way.
    /// </summary>
    protected virtual bool AllowsNaN => false;

    /// <summary>Throws naming the estimator, the method and the first offending cell when X holds NaN (unless
    /// <see cref="AllowsNaN"/>) or ±infinity.</summary>
    private void CheckFinite(Tensor xm, string member)
    {
        var a = Input.Raw(xm);
        if (System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<double>(a)) return;
        int p = Math.Max(1, xm.Shape[1]);
        for (int i = 0; i < a.Length; i++)
        {
            double v = a[i];
            if (double.IsFinite(v) || (double.IsNaN(v) && AllowsNaN)) continue;
            throw new ArgumentException(double.IsNaN(v)
                ? $"{GetType().Name}.{member}: X contains NaN at [{i / p}, {i % p}]; impute missing values first (SimpleImputer) or drop those rows"
                : $"{GetType().Name}.{member}: X contains infinity at [{i / p}, {i % p}]", "x");
        }
    }

    /// <summary>X as a contiguous float64 [rows, cols] tensor; 1-D input is rejected as in sklearn ("reshape your data").</summary>
    protected internal static Tensor AsMatrix(Tensor x, string name)
    {
        if (x.NDim != 2)
            throw new ArgumentException($"{name}: expected a 2-D array [n_samples, n_features], got shape {ShapeUtil.Format(x.ShapeArray)}; reshape 1-D data with Reshape(-1, 1) for one feature");
        var c = x.To(DType.Float64).ContiguousRaw();
        // a view into a larger buffer (e.g. the first rows of a dataset) is copied once here, so that every later
        // Input.Raw — the finite check, the fit itself, each prediction — hands out the array without copying again
        if (c.Offset != 0 || c.Data<double>().Length != c.Numel)
            c = new Tensor(new Storage(c.ToArray<double>()), 0, c.ShapeArray, ShapeUtil.ContiguousStrides(c.ShapeArray), DType.Float64);
        return c;
    }

    /// <summary>Raises the standard out-of-range error for hyperparameter <paramref name="name"/>.</summary>
    protected void OutOfRange(string name, object? value, string allowed) =>
        throw new ArgumentOutOfRangeException(name, value, $"{GetType().Name}: hyperparameter {name} must be {allowed}, got {value ?? "null"}");

    // ---- hyperparameters by reflection -------------------------------------------------------------

    /// <inheritdoc/>
    public virtual IReadOnlyDictionary<string, object?> GetParams()
    {
        var d = new Dictionary<string, object?>();
        var t = GetType();
        foreach (var p in EstimatorReflection.ParamConstructor(t).GetParameters())
        {
            var name = EstimatorReflection.Pascal(p.Name!);
            var prop = t.GetProperty(name) ?? throw new InvalidOperationException($"{t.Name}: constructor argument {p.Name} has no property {name}");
            d[name] = prop.GetValue(this);
        }
        return d;
    }

    /// <summary>A typed <see cref="IEstimator.Clone"/>: an unfitted copy with some hyperparameters replaced.</summary>
    public virtual TSelf Clone(IReadOnlyDictionary<string, object?>? with = null)
    {
        var current = new Dictionary<string, object?>(GetParams(), StringComparer.OrdinalIgnoreCase);
        var given = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (with is not null)
            foreach (var (k, v) in with)
            {
                if (!current.ContainsKey(k))
                    throw new ArgumentException($"{GetType().Name}.Clone: invalid parameter '{k}'; valid parameters are {string.Join(", ", current.Keys)}");
                given[k] = v;
            }
        var ctor = EstimatorReflection.ParamConstructor(GetType());
        var args = ctor.GetParameters().Select(p =>
        {
            var name = EstimatorReflection.Pascal(p.Name!);
            var v = given.TryGetValue(name, out var g) ? g : current[name];
            if (v is IEstimator e && !given.ContainsKey(name)) v = e.Clone();
            return ConvertParam(v, p.ParameterType, name);
        }).ToArray();
        return (TSelf)ctor.Invoke(args);
    }

    IEstimator IEstimator.Clone(IReadOnlyDictionary<string, object?>? with) => Clone(with);

    /// <summary>Converts a grid value to the constructor's parameter type (an int grid value for a double hyperparameter, …).</summary>
    internal static object? ConvertParam(object? v, Type target, string name)
    {
        if (v is null) return null;
        if (target.IsInstanceOfType(v)) return v;
        var inner = Nullable.GetUnderlyingType(target) ?? target;
        // scikit-learn's spellings are accepted where a grid or a fixture gives them: "entropy" for Criterion.Entropy,
        // "sqrt" or 0.5 for MaxFeatures (the option type parses its JSON form)
        if (inner.IsEnum && v is string s) return Options.SklearnNames.Parse(inner, s, name);
        if (Options.SklearnOptions.IsOption(inner) && v is string or int or long or double or float or int[] or bool[])
        {
            try { return Options.SklearnOptions.FromJson(inner, ModelFile.ValueToJson(v is float f ? (double)f : v)!); }
            catch (ArgumentException a) { throw new ArgumentException($"parameter {name}: {a.Message}", a); }
        }
        if (v is IConvertible && typeof(IConvertible).IsAssignableFrom(inner) && !inner.IsEnum)
            return System.Convert.ChangeType(v, inner, System.Globalization.CultureInfo.InvariantCulture);
        throw new ArgumentException($"parameter {name}: cannot use a {v.GetType().Name} where {target.Name} is expected");
    }

    /// <summary>Short form "Ridge(Alpha=1, FitIntercept=True)", like sklearn's repr.</summary>
    public override string ToString() =>
        $"{GetType().Name}({string.Join(", ", GetParams().Select(kv => $"{kv.Key}={FormatValue(kv.Value)}"))})";

    private static string FormatValue(object? v) => v switch
    {
        null => "null",
        string s => $"\"{s}\"",
        Enum e => $"\"{Options.SklearnNames.Of(e)}\"",
        Options.ISklearnOption o => o.ToString() ?? "",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object?>().Select(FormatValue)) + "]",
        _ => System.Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    // ---- persistence ---------------------------------------------------------------------------------

    /// <inheritdoc/>
    public void Save(string path) => ModelFile.Save(this, path);

    /// <summary>Loads a model written by <see cref="Save"/>; throws if the file holds another estimator type.</summary>
    public static TSelf Load(string path) => ModelFile.Load<TSelf>(path);

    JsonObject IJsonEstimator.ToJson() => ToJson();

    void IJsonEstimator.CheckLoadedParams() => CheckParams();

    int IJsonEstimator.FeaturesIn => fitted ? nFeaturesIn : 0;

    void IJsonEstimator.RestoreState(JsonObject state, string field, int depth) => RestoreState(state, field, depth);

    /// <summary>The JSON form: type, hyperparameters and (if fitted) learned state.</summary>
    internal virtual JsonObject ToJson()
    {
        var name = EstimatorRegistry.NameOf(GetType())
            ?? throw new NotSupportedException($"{GetType().Name} cannot be saved: it is not in EstimatorRegistry, so its model file could not be loaded");
        var o = new JsonObject { ["type"] = name, ["params"] = ParamsToJson() };
        if (fitted)
        {
            var st = new ModelState();
            SaveState(st);
            st.Set("n_features_in", nFeaturesIn);
            o["state"] = st.ToJson();
        }
        return o;
    }

    /// <summary>Hyperparameters as JSON; override for hyperparameters that are not plain values (pipeline steps).</summary>
    internal virtual JsonObject ParamsToJson()
    {
        var o = new JsonObject();
        foreach (var (k, v) in GetParams()) o[k] = ModelFile.ValueToJson(v);
        return o;
    }

    /// <summary>
    /// Restores learned state after the constructor has been called with the saved (and checked) hyperparameters.
    /// <c>n_features_in</c> is read first, so that <see cref="LoadState"/> can check shapes against
    /// <see cref="ModelState.NFeaturesIn"/>.
    /// </summary>
    internal void RestoreState(JsonObject state, string field, int depth)
    {
        var st = ModelState.FromJson(state, field, depth);
        int features = st.GetInt("n_features_in", 1, int.MaxValue);
        st.NFeaturesIn = features;
        fitted = false;
        LoadState(st);
        nFeaturesIn = features;
        fitted = true;
    }

    /// <summary>Marks the estimator fitted without running <see cref="FitCore"/> (meta-estimators that fit their parts directly).</summary>
    internal void MarkFitted(int features)
    {
        nFeaturesIn = features;
        fitted = true;
    }
}
