using Glassbox.ML.Options;
using Glassbox.ML.Replay;

namespace Glassbox.ML.Tree;

/// <summary>Hyperparameter checks and fitting steps shared by the CART estimators and the ensembles built on them.</summary>
internal static class Cart
{
    /// <summary>
    /// Adds the constraints of the hyperparameters every CART estimator shares (the trees and the forests): depth, split
    /// and leaf sizes, <c>max_features</c>, <c>min_impurity_decrease</c>, the seed, <c>ccp_alpha</c> and
    /// <c>max_leaf_nodes</c>. Returns <paramref name="table"/>, so an estimator writes its own entries and appends these.
    /// </summary>
    /// <remarks>
    /// <c>min_samples_split</c> starts at 2 because a node of one sample cannot be split; the effective minimum is
    /// max(min_samples_split, 2·min_samples_leaf). <c>max_leaf_nodes</c> starts at 2 because one leaf is no tree to grow
    /// best-first. Infinite <c>min_impurity_decrease</c> or <c>ccp_alpha</c> would only ever give a single leaf, and NaN
    /// would silently disable the check, so both must be finite.
    /// </remarks>
    public static ParamTable WithCartConstraints(this ParamTable table)
    {
        table.Add("MaxDepth", Is.Int(min: 1).OrNull());
        table.Add("MinSamplesSplit", Is.Int(min: 2));
        table.Add("MinSamplesLeaf", Is.Int(min: 1));
        table.Add("MaxFeatures", Is.Where<MaxFeatures>(m => m.IsValid, MaxFeatures.Allowed).OrNull());
        table.Add("MinImpurityDecrease", Is.Real(0));
        table.Add("RandomState", Is.Seed.OrNull());
        table.Add("CcpAlpha", Is.Real(0));
        table.Add("MaxLeafNodes", Is.Int(min: 2).OrNull());
        return table;
    }

    /// <summary>Raises the standard hyperparameter error.</summary>
    public static void Throw(string est, string name, object? value, string allowed) =>
        throw new ArgumentOutOfRangeException(name, value, $"{est}: hyperparameter {name} must be {allowed}, got {value ?? "null"}");

    /// <summary>
    /// The splitter's initial xorshift state for integer seed <paramref name="randomState"/>, as sklearn derives it:
    /// <c>RandomState(seed).randint(0, RAND_R_MAX)</c>. A null seed draws one from <see cref="Generator.Default"/>.
    /// </summary>
    public static uint SplitterSeed(long? randomState) =>
        new SklearnRandom(SeedOf(randomState)).RandInt(SklearnRandom.RandRMax);

    /// <summary>A 32-bit MT19937 seed: the given one (sklearn allows 0..2³²−1), or one drawn from the default generator.</summary>
    public static uint SeedOf(long? randomState) => randomState is long s ? (uint)s : (uint)Generator.Default.NextLong(1L << 32);

    /// <summary>Builds the settings record of one tree; <c>max_features</c> resolves to sklearn's <c>max_features_</c>
    /// (all <paramref name="nFeatures"/> for null).</summary>
    public static TreeSettings Settings(SplitCriterion c, int? maxDepth, int minSamplesSplit, int minSamplesLeaf, MaxFeatures? maxFeatures,
        double minImpurityDecrease, int? maxLeafNodes, int nFeatures, uint seed, bool parallel) =>
        new TreeSettings(c, maxDepth ?? int.MaxValue, Math.Max(minSamplesSplit, 2 * minSamplesLeaf), minSamplesLeaf,
            maxFeatures?.Resolve(nFeatures) ?? nFeatures, minImpurityDecrease, seed, parallel) with { MaxLeafNodes = maxLeafNodes };

    /// <summary>Class probabilities of the leaves: weighted counts normalised to sum 1 (a zero row stays zero).</summary>
    public static void AddProba(TreeStructure t, double[] x, int n, double[] outProba)
    {
        int k = t.NValues;
        for (int i = 0; i < n; i++) AddLeafProba(t, t.ApplyRow(x, i), outProba.AsSpan(i * k, k));
    }

    /// <summary>Adds the class frequencies of <paramref name="leaf"/> of tree <paramref name="t"/>, normalised to sum 1
    /// (a leaf of zero weight adds nothing), to <paramref name="row"/> [n_classes].</summary>
    public static void AddLeafProba(TreeStructure t, int leaf, Span<double> row)
    {
        var v = t.NodeValue(leaf);
        double s = 0;
        foreach (var c in v) s += c;
        if (s == 0) s = 1;
        for (int c = 0; c < row.Length; c++) row[c] += v[c] / s;
    }

    /// <summary>
    /// The element-wise product a·b of two optional per-sample weight vectors, null standing for all ones (sklearn's
    /// <c>sample_weight * expanded_class_weight</c>, or a bootstrap's draw counts times the sample weights). Returns
    /// the other vector itself when one is null, and null when both are.
    /// </summary>
    public static double[]? Multiply(double[]? a, double[]? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        var r = new double[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] * b[i];
        return r;
    }
}
