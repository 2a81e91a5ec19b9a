using Glassbox.ML.Options;
using Glassbox.ML.Replay;
using Glassbox.ML.Tree;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// The parts shared by <see cref="RandomForestClassifier"/> and <see cref="RandomForestRegressor"/>
/// (sklearn's <c>BaseForest</c>): bootstrap draws, the parallel loop over trees, out-of-bag bookkeeping.
/// </summary>
internal static class Forest
{
    /// <summary>
    /// Adds the constraints of the hyperparameters both forests share — the CART ones
    /// (<see cref="Cart.WithCartConstraints"/>) and <c>n_estimators</c>, <c>max_samples</c>, <c>n_jobs</c> — and
    /// returns <paramref name="table"/>. <c>oob_score</c> needs <c>bootstrap</c>, a relation of two parameters that
    /// <see cref="CheckOobNeedsBootstrap"/> checks after the table.
    /// </summary>
    public static ParamTable WithForestConstraints(this ParamTable table)
    {
        table.Add("NEstimators", Is.Int(min: 1));
        table.WithCartConstraints();
        table.Add("MaxSamples", Is.Where<MaxSamples>(m => m.IsValid, MaxSamples.Allowed).OrNull());
        // sklearn: None means 1 job, −1 all cores; 0 and other negatives are errors (joblib's −2 = "all but one" is not supported)
        table.Add("NJobs", Is.Where<int>(j => j == -1 || j >= 1, "−1 or an int ≥ 1").OrNull());
        return table;
    }

    /// <summary>Out-of-bag estimates need rows left out of some trees, so <c>oob_score</c> requires <c>bootstrap</c>.</summary>
    public static void CheckOobNeedsBootstrap(string est, bool bootstrap, bool oobScore)
    {
        if (oobScore && !bootstrap) Cart.Throw(est, "OobScore", oobScore, "false when Bootstrap is false (out-of-bag estimates need bootstrap samples)");
    }

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
    /// Grows the <c>n_estimators</c> trees of forest <paramref name="h"/> on <paramref name="n"/> rows of
    /// <paramref name="p"/> features, in parallel. Tree t draws, from its own <see cref="TreeGenerator"/>, first its
    /// bootstrap (the draw count of each row, or null without bootstrap), then its splitter seed; <paramref name="grow"/>
    /// builds the tree from the draw counts and the settings, and the tree is pruned with <c>ccp_alpha</c>. Returns the
    /// trees and, when <c>oob_score</c> is set, each tree's draw counts (rows with 0 are out of bag).
    /// </summary>
    public static (TreeStructure[] Trees, double[][]? DrawCounts) GrowTrees(IForestHyperparameters h, string est, int n, int p,
        Func<double[]?, TreeSettings, TreeStructure> grow)
    {
        ulong seed = Cart.SeedOf(h.RandomState);
        int draws = BootstrapSize(est, h.MaxSamples, n);
        var settings = Cart.Settings(h, p, 0, false);
        var trees = new TreeStructure[h.NEstimators];
        var counts = h.OobScore ? new double[h.NEstimators][] : null;
        ForEachTree(h.NEstimators, h.NJobs, t =>
        {
            var g = TreeGenerator(seed, t);
            var w = h.Bootstrap ? BootstrapWeights(g, n, draws) : null;
            uint splitter = (uint)g.NextLong(SklearnRandom.RandRMax);
            trees[t] = CostComplexityPruning.Prune(grow(w, settings with { SplitterSeed = splitter }), h.CcpAlpha);
            if (counts is not null) counts[t] = w!;
        });
        return (trees, counts);
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
