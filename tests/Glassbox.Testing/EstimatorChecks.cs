using System.Reflection;
using Glassbox.ML;
using Glassbox.ML.Manifold;
using Glassbox.ML.Mixture;

namespace Glassbox.Testing;

/// <summary>What data an estimator is exercised with by the contract checks.</summary>
public enum DataKind
{
    /// <summary>60×4 standard normal X, y = 1.5·x0 − 2·x1 + 0.3 + noise.</summary>
    Regression,
    /// <summary>60×4 standard normal X, three classes labelled 3, 7, 11 (deliberately not 0…k−1).</summary>
    Classification,
    /// <summary>As <see cref="Classification"/> with two classes, 3 and 7.</summary>
    Binary,
    /// <summary>60×4 standard normal X and no y (scalers, clustering, decomposition).</summary>
    Transform,
    /// <summary>Non-negative integer counts and the classification labels (multinomial naive Bayes).</summary>
    Counts,
    /// <summary>A few integer categories per column and no y (encoders).</summary>
    Categorical,
    /// <summary>The categories of <see cref="Categorical"/> with the regression target (target encoding).</summary>
    CategoricalTarget,
}

/// <summary>
/// Building blocks of scikit-learn-style estimator checks, shared by the contract suite and any test that checks one
/// estimator the same way: which estimator types exist, seeded data of each <see cref="DataKind"/>, and every
/// row-wise output of an estimator as plain arrays so that two models can be compared bit for bit.
/// </summary>
public static class EstimatorChecks
{
    /// <summary>
    /// Every concrete class of <paramref name="assembly"/> (by default the Glassbox library) deriving from
    /// <see cref="Estimator{TSelf}"/>, public or not, ordered by full name — scikit-learn's <c>all_estimators()</c>.
    /// </summary>
    public static IReadOnlyList<Type> AllEstimatorTypes(Assembly? assembly = null) =>
        (assembly ?? typeof(Estimator<>).Assembly).GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters && IsEstimator(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    private static bool IsEstimator(Type t)
    {
        for (var b = t.BaseType; b is not null; b = b.BaseType)
            if (b.IsGenericType && b.GetGenericTypeDefinition() == typeof(Estimator<>)) return true;
        return false;
    }

    /// <summary>
    /// Whether <paramref name="t"/> can be built with no arguments: a public constructor whose parameters all have
    /// defaults (the hyperparameter constructor), or a parameterless one.
    /// </summary>
    public static bool HasDefaultConstructor(Type t) =>
        t.GetConstructors().Any(c => c.GetParameters().All(p => p.HasDefaultValue));

    /// <summary>An instance of <paramref name="t"/> with every hyperparameter at its default.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="t"/> has no such constructor.</exception>
    public static IEstimator CreateDefault(Type t)
    {
        var ctor = t.GetConstructors().Where(c => c.GetParameters().All(p => p.HasDefaultValue))
            .OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"{t.Name} has no constructor usable without arguments");
        return (IEstimator)ctor.Invoke(ctor.GetParameters().Select(p => p.DefaultValue).ToArray());
    }

    /// <summary>The data kind an estimator is checked with when nothing else is said: by the interfaces it implements.</summary>
    public static DataKind DefaultKind(Type t) =>
        typeof(IClassifier).IsAssignableFrom(t) ? DataKind.Classification
        : typeof(IRegressor).IsAssignableFrom(t) ? DataKind.Regression
        : DataKind.Transform;

    /// <summary>Seeded data of the given kind: X is n×4 (seed 7); y is null for the unsupervised kinds.</summary>
    public static (Tensor X, Tensor? Y) Data(DataKind kind, int n = 60)
    {
        var g = new Generator(7);
        var x = new double[n * 4];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var X = Tensor.FromArray(x, n, 4);
        if (kind == DataKind.Transform) return (X, null);
        if (kind == DataKind.Categorical)
            return (Tensor.FromArray(x.Select(v => Math.Round(v * 1.5)).ToArray(), n, 4), null); // a few integer categories per column
        if (kind == DataKind.CategoricalTarget)
            return (Data(DataKind.Categorical, n).X, Data(DataKind.Regression, n).Y);
        if (kind == DataKind.Counts)
        {
            var counts = x.Select(v => Math.Floor(Math.Abs(v) * 3)).ToArray();
            return (Tensor.FromArray(counts, n, 4), Data(DataKind.Classification, n).Y);
        }
        if (kind == DataKind.Regression)
        {
            var y = new double[n];
            for (int i = 0; i < n; i++) y[i] = 1.5 * x[i * 4] - 2 * x[i * 4 + 1] + 0.3 + 0.1 * g.NextNormal();
            return (X, Tensor.FromArray(y, [n]));
        }
        long[] labels = [3, 7, 11];
        var yc = new long[n];
        for (int i = 0; i < n; i++)
        {
            double s = x[i * 4] - x[i * 4 + 2] + 0.5 * g.NextNormal();
            yc[i] = kind == DataKind.Binary ? labels[s < 0 ? 0 : 1] : labels[s < -0.5 ? 0 : s < 0.5 ? 1 : 2];
        }
        return (X, Tensor.FromArray(yc, [n]));
    }

    /// <summary>Three Gaussian blobs in 4-D, centres <paramref name="sep"/> apart along the axes (6: well separated;
    /// 3: the classes overlap a little), unit noise, labels 0..2 in turn.</summary>
    public static (Tensor X, Tensor Y) Blobs(int n = 90, ulong seed = 7, double sep = 6)
    {
        var g = new Generator(seed);
        double[][] centres = [[0, 0, 0, 0], [sep, 0, sep, 0], [0, sep, 0, -sep]];
        var x = new double[n * 4];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) x[i * 4 + j] = centres[i % 3][j] + g.NextNormal();
        }
        return (Tensor.FromArray(x, n, 4), Tensor.FromArray(y, n));
    }

    /// <summary>
    /// Every output of a fitted estimator on <paramref name="x"/>, as double arrays: Predict, PredictProba,
    /// DecisionFunction, Transform, InverseTransform of the transform, and for estimators without those interfaces
    /// their own outputs (a mixture's predictions and log-densities, t-SNE's embedding and final KL divergence).
    /// Outputs a pipeline's final step does not have (<see cref="NotSupportedException"/>) are left out.
    /// </summary>
    /// <exception cref="InvalidOperationException">The estimator has no output at all: a check comparing them would
    /// pass vacuously.</exception>
    public static List<double[]> Outputs(IEstimator e, Tensor x)
    {
        var r = new List<double[]>();
        void Add(Func<Tensor> f)
        {
            try { r.Add(f().ToDoubleArray()); }
            catch (NotSupportedException) { } // a pipeline exposes every interface; its final step decides which apply
        }
        if (e is IPredictor p) Add(() => p.Predict(x));
        if (e is IProbabilisticClassifier c) Add(() => c.PredictProba(x));
        if (e is IDecisionFunction d) Add(() => d.DecisionFunction(x));
        if (e is ITransformer t) Add(() => t.Transform(x));
        if (e is IInverseTransformer it) Add(() => it.InverseTransform(it.Transform(x)));
        // Mixtures are neither predictors (their Score takes no y) nor transformers; check their row-wise outputs directly.
        if (e is GaussianMixture gm) { Add(() => gm.Predict(x)); Add(() => gm.PredictProba(x)); Add(() => gm.ScoreSamples(x)); }
        // t-SNE embeds its training set only (no out-of-sample transform), so its outputs ignore x.
        if (e is TSNE ts) { Add(() => ts.Embedding); Add(() => Tensor.FromArray([ts.KlDivergence], [1])); }
        // A sampler changes its training set and predicts nothing: its output is the fitted per-class count (ignores x).
        if (e is ISampler sm) { Add(() => sm.Classes); Add(() => sm.SamplingCounts); }
        if (r.Count == 0) throw new InvalidOperationException($"{e.GetType().Name}: no output to check");
        return r;
    }

    /// <summary>Whether the two output lists are identical bit for bit (NaN equal to NaN); the index of the first
    /// differing output, or −1.</summary>
    public static int FirstDifference(IReadOnlyList<double[]> a, IReadOnlyList<double[]> b)
    {
        if (a.Count != b.Count) return Math.Min(a.Count, b.Count);
        for (int k = 0; k < a.Count; k++)
            if (!a[k].AsSpan().SequenceEqual(b[k])) return k;
        return -1;
    }

    /// <summary>The rows <paramref name="rows"/> of a 2-D tensor, as a new contiguous tensor (rows may repeat).</summary>
    public static Tensor Rows(Tensor x, int[] rows)
    {
        int p = x.Shape[1];
        var src = x.ToDoubleArray();
        var r = new double[rows.Length * p];
        for (int i = 0; i < rows.Length; i++) Array.Copy(src, rows[i] * p, r, i * p, p);
        return Tensor.FromArray(r, rows.Length, p);
    }
}
