using Glassbox.ML.Options;
using Glassbox.ML.Replay;
using Glassbox.ML.Tree;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// The stateless helpers of the forests (see <see cref="ForestBase{TSelf}"/>, which holds what the two forests share):
/// per-tree random streams, bootstrap draws, the parallel loop over trees, importances and the trees' model-file form.
/// </summary>
internal static class Forest
{
    /// <summary>
    /// The draws per bootstrap sample for <paramref name="n"/> rows (n for null); a count above n is an error, as in
    /// scikit-learn (drawing more rows than there are is allowed with replacement, but sklearn refuses it).
    /// </summary>
    public static int BootstrapSize(string est, MaxSamples? maxSamples, int n)
    {
        if (maxSamples is null) return n;
        int draws = maxSamples.Resolve(n);
        if (maxSamples.IsCount && draws > n) Cart.Throw(est, "MaxSamples", maxSamples, $"≤ n_samples = {n}");
        return draws;
    }

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
