using Glassbox.ML.Tree;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// The parts shared by <see cref="RandomForestClassifier"/> and <see cref="RandomForestRegressor"/>
/// (sklearn's <c>BaseForest</c>): bootstrap draws, the parallel loop over trees, out-of-bag bookkeeping.
/// </summary>
internal static class Forest
{
    /// <summary>Number of draws per bootstrap sample (<c>_get_n_samples_bootstrap</c>): n for null, the int, or max(1, round(f·n)).</summary>
    public static int BootstrapSize(object? maxSamples, int n) => maxSamples switch
    {
        null => n,
        int i => i,
        long l => (int)l,
        double f => Math.Max(1, (int)Math.Round(f * n, MidpointRounding.ToEven)),
        float f => Math.Max(1, (int)Math.Round(f * n, MidpointRounding.ToEven)),
        _ => throw new ArgumentOutOfRangeException(nameof(maxSamples), maxSamples, "max_samples: expected null, an int or a fraction"),
    };

    /// <summary>True for null, an int in [1, n] or a double in (0, 1].</summary>
    public static bool ValidMaxSamples(object? v) => v switch
    {
        null => true,
        int i => i >= 1,
        long l => l >= 1,
        double d => d > 0 && d <= 1,
        float f => f > 0 && f <= 1,
        _ => false,
    };

    /// <summary>
    /// The random stream of tree <paramref name="t"/>: a <see cref="Generator"/> seeded from the forest seed and the
    /// tree index (SplitMix-style mixing), so a tree's bootstrap and split order do not depend on which thread grows
    /// it or on how many threads there are.
    /// </summary>
    public static Generator TreeGenerator(ulong forestSeed, int t)
    {
        ulong z = forestSeed + 0x9E3779B97F4A7C15UL * (ulong)(t + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return new Generator(z ^ (z >> 31));
    }

    /// <summary>
    /// Bootstrap as sample weights (sklearn fits each tree on the original rows weighted by how often they were drawn,
    /// so unsampled rows, weight 0, are out of bag): <paramref name="draws"/> uniform draws with replacement.
    /// </summary>
    public static double[] BootstrapWeights(Generator g, int n, int draws)
    {
        var w = new double[n];
        for (int d = 0; d < draws; d++) w[g.NextInt(n)] += 1;
        return w;
    }

    /// <summary>Runs <paramref name="body"/>(t) for every tree on up to <paramref name="nJobs"/> threads (null or −1: <c>Par.MaxThreads</c>).</summary>
    public static void ForEachTree(int nTrees, int? nJobs, Action<int> body)
    {
        int threads = nJobs is int j && j > 0 ? Math.Min(j, Kernels.Par.MaxThreads) : Kernels.Par.MaxThreads;
        if (threads <= 1) { for (int t = 0; t < nTrees; t++) body(t); return; }
        Parallel.For(0, nTrees, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }

    /// <summary>Checks the forest hyperparameters shared by both forests.</summary>
    public static void Check(string est, int nEstimators, bool bootstrap, bool oobScore, object? maxSamples, int? nJobs)
    {
        if (nEstimators < 1) Cart.Throw(est, "NEstimators", nEstimators, "an int ≥ 1");
        if (oobScore && !bootstrap) Cart.Throw(est, "OobScore", oobScore, "false when Bootstrap is false (out-of-bag estimates need bootstrap samples)");
        if (!ValidMaxSamples(maxSamples)) Cart.Throw(est, "MaxSamples", maxSamples, "null, an int ≥ 1 or a double in (0, 1]");
        if (nJobs is int j && (j == 0 || j < -1)) Cart.Throw(est, "NJobs", j, "null, −1 or an int ≥ 1");
    }

    /// <summary>
    /// Mean of the per-tree importances over trees that split at least once, renormalised to sum 1
    /// (<c>feature_importances_</c>). Forests average each tree's normalised importances; gradient boosting
    /// (<paramref name="normalizeEachTree"/> false) averages the raw ones, sklearn 1.2's <c>normalize=False</c>.
    /// </summary>
    public static double[] FeatureImportances(IEnumerable<TreeStructure> trees, int p, bool normalizeEachTree = true)
    {
        var acc = new double[p];
        int used = 0;
        foreach (var t in trees)
        {
            if (t.NodeCount <= 1) continue;
            var fi = t.FeatureImportances(normalizeEachTree);
            for (int j = 0; j < p; j++) acc[j] += fi[j];
            used++;
        }
        if (used == 0) return acc;
        double s = 0;
        for (int j = 0; j < p; j++) { acc[j] /= used; s += acc[j]; }
        if (s > 0) for (int j = 0; j < p; j++) acc[j] /= s;
        return acc;
    }

    /// <summary>Saves the trees under "tree{t}." prefixes.</summary>
    public static void Save(ModelState st, TreeStructure[] trees)
    {
        st.Set("n_trees", trees.Length);
        for (int t = 0; t < trees.Length; t++) trees[t].Save(st, $"tree{t}.");
    }

    /// <summary>Loads what <see cref="Save"/> wrote.</summary>
    public static TreeStructure[] Load(ModelState st, int nValues)
    {
        var trees = new TreeStructure[st.GetCount("n_trees")];
        if (trees.Length == 0) throw st.Invalid("n_trees", "a fitted forest has at least one tree");
        for (int t = 0; t < trees.Length; t++) trees[t] = TreeStructure.Load(st, $"tree{t}.", nValues);
        return trees;
    }
}
