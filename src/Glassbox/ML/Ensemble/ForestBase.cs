using Glassbox.ML.Options;
using Glassbox.ML.Replay;
using Glassbox.ML.Tree;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// What <see cref="RandomForestClassifier"/> and <see cref="RandomForestRegressor"/> share (scikit-learn's
/// <c>BaseForest</c>): the forest hyperparameters on top of the CART ones, the parallel growth of the trees on bootstrap
/// samples, the out-of-bag estimate, averaging the trees' leaves at prediction, and the trees' place in the model file.
/// A twin supplies how one tree grows from its targets and what a leaf adds to a prediction row
/// (<see cref="AddLeaf"/>: class frequencies or the leaf value).
/// </summary>
/// <remarks>
/// <para>
/// Tree t draws, from its own <see cref="Generator"/> seeded by (<see cref="CartBase{TSelf}.RandomState"/>, t), first its
/// bootstrap, then its splitter seed, so the same seed gives the same forest for any thread count (see
/// <see cref="Forest.TreeGenerator"/>). A bootstrap reaches the tree as integer sample weights: rows never drawn get
/// weight 0 and are that tree's out-of-bag rows.
/// </para>
/// <para>See <see cref="CartBase{TSelf}"/> for why the twins share a base class and the classifier side is an
/// interface plus a component.</para>
/// </remarks>
public abstract class ForestBase<TSelf> : CartBase<TSelf> where TSelf : ForestBase<TSelf>
{
    private TreeStructure[] trees = [];
    private double oobScore = double.NaN;
    private double[]? oobMean;

    /// <summary>Stores the hyperparameters.</summary>
    private protected ForestBase(int nEstimators, Criterion criterion, int? maxDepth, int minSamplesSplit, int minSamplesLeaf, MaxFeatures maxFeatures,
        double minImpurityDecrease, bool bootstrap, bool oobScore, int? nJobs, long? randomState, MaxSamples? maxSamples, double ccpAlpha,
        int? maxLeafNodes)
        : base(criterion, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, minImpurityDecrease, randomState, ccpAlpha, maxLeafNodes)
    {
        NEstimators = nEstimators; Bootstrap = bootstrap; OobScore = oobScore; NJobs = nJobs; MaxSamples = maxSamples;
    }

    /// <summary>Number of trees (<c>n_estimators</c>).</summary>
    public int NEstimators { get; }
    /// <summary>Grow each tree on a bootstrap sample; false uses all rows (<c>bootstrap</c>).</summary>
    public bool Bootstrap { get; }
    /// <summary>Whether Fit computes <see cref="OobScoreFitted"/> (<c>oob_score</c>).</summary>
    public bool OobScore { get; }
    /// <summary>Fitting threads (<c>n_jobs</c>); null or −1 for <c>Par.MaxThreads</c>.</summary>
    public int? NJobs { get; }
    /// <summary>Bootstrap size: null (n), a count, or a fraction of n (<c>max_samples</c>).</summary>
    public MaxSamples? MaxSamples { get; }

    /// <summary>The fitted trees (<c>[e.tree_ for e in estimators_]</c>).</summary>
    public IReadOnlyList<TreeStructure> Trees => Learned(trees, nameof(Trees));

    /// <summary>The out-of-bag score (<c>oob_score_</c>): each row predicted by the trees that did not see it, scored
    /// against its target — accuracy for the classifier, R² for the regressor, unweighted in both (sklearn scores
    /// without <c>sample_weight</c>); requires oobScore: true.</summary>
    public double OobScoreFitted => OobScore ? Learned(oobScore, nameof(OobScoreFitted))
        : throw new InvalidOperationException($"{GetType().Name}.OobScoreFitted: fit with oobScore: true");

    /// <summary>The mean out-of-bag prediction row of every training row [n_samples · values] (zeros for a row never out
    /// of bag); null before Fit and without <see cref="OobScore"/>.</summary>
    private protected double[]? OobMean => oobMean;

    /// <summary>Mean of the trees' normalised impurity importances (<c>feature_importances_</c>).</summary>
    public Tensor FeatureImportances => Input.Vector(Forest.FeatureImportances(Trees, NFeaturesIn));

    /// <inheritdoc/>
    /// <remarks>The twin's own entries, then <c>n_estimators</c>, the CART ones, <c>max_samples</c> and <c>n_jobs</c>.
    /// <c>oob_score</c> needs <c>bootstrap</c>, a relation of two parameters that <see cref="CheckParams"/> checks
    /// after the table.</remarks>
    protected override ParamTable Constraints
    {
        get
        {
            var table = OwnConstraints;
            table.Add(nameof(NEstimators), Is.Int(min: 1));
            table.WithCartConstraints();
            table.Add(nameof(MaxSamples), Is.Where<MaxSamples>(m => m.IsValid, Ensemble.MaxSamples.Allowed).OrNull());
            // sklearn: None means 1 job, −1 all cores; 0 and other negatives are errors (joblib's −2 = "all but one" is not supported)
            table.Add(nameof(NJobs), Is.Where<int>(j => j == -1 || j >= 1, "−1 or an int ≥ 1").OrNull());
            return table;
        }
    }

    /// <inheritdoc/>
    protected override void CheckParams()
    {
        base.CheckParams();
        // out-of-bag estimates need rows left out of some trees
        if (OobScore && !Bootstrap) OutOfRange(nameof(OobScore), OobScore, "false when Bootstrap is false (out-of-bag estimates need bootstrap samples)");
    }

    /// <summary>Adds what leaf <paramref name="leaf"/> of tree <paramref name="t"/> predicts to <paramref name="row"/>
    /// [<see cref="CartBase{TSelf}.NodeValues"/>]; the forest's prediction is the mean of these over its trees.</summary>
    private protected abstract void AddLeaf(TreeStructure t, int leaf, Span<double> row);

    /// <summary>
    /// Grows the forest on X and, with <see cref="OobScore"/>, its out-of-bag mean and score. <paramref name="grow"/>
    /// builds one tree from the shared column data, the tree's draw counts (null without bootstrap) and its settings;
    /// <paramref name="score"/> scores the out-of-bag means against the training targets.
    /// </summary>
    private protected void FitForest(Tensor x, Func<ColumnData, double[]?, TreeSettings, TreeStructure> grow, Func<double[], double> score)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var xr = Input.Raw(x);
        var data = new ColumnData(xr, n, p);
        var (fitted, draws) = GrowTrees(n, p, (w, settings) => grow(data, w, settings));
        trees = fitted;
        oobScore = double.NaN;
        oobMean = null;
        if (draws is null) return;
        // each row averages the trees that did not see it (in tree order, so the sum is deterministic)
        int k = NodeValues;
        var mean = new double[n * k];
        Kernels.Par.For(n, 256, (a, len) =>
        {
            for (int i = a; i < a + len; i++)
            {
                var row = mean.AsSpan(i * k, k);
                int cnt = 0;
                for (int t = 0; t < fitted.Length; t++)
                {
                    if (draws[t][i] != 0) continue;
                    AddLeaf(fitted[t], fitted[t].ApplyRow(xr, i), row);
                    cnt++;
                }
                for (int c = 0; c < k; c++) row[c] /= Math.Max(cnt, 1);
            }
        });
        oobMean = mean;
        oobScore = score(mean);
    }

    /// <summary>
    /// Grows the <see cref="NEstimators"/> trees on <paramref name="n"/> rows of <paramref name="p"/> features, in
    /// parallel. Tree t draws, from its own <see cref="Forest.TreeGenerator"/>, first its bootstrap (the draw count of
    /// each row, or null without bootstrap), then its splitter seed; <paramref name="grow"/> builds the tree from the
    /// draw counts and the settings, and the tree is pruned with <c>ccp_alpha</c>. Returns the trees and, when
    /// <c>oob_score</c> is set, each tree's draw counts (rows with 0 are out of bag).
    /// </summary>
    private (TreeStructure[] Trees, double[][]? DrawCounts) GrowTrees(int n, int p, Func<double[]?, TreeSettings, TreeStructure> grow)
    {
        ulong seed = Cart.SeedOf(RandomState);
        int draws = Forest.BootstrapSize(GetType().Name, MaxSamples, n);
        var settings = Settings(p, 0, false);
        var grown = new TreeStructure[NEstimators];
        var counts = OobScore ? new double[NEstimators][] : null;
        Forest.ForEachTree(NEstimators, NJobs, t =>
        {
            var g = Forest.TreeGenerator(seed, t);
            var w = Bootstrap ? Forest.BootstrapWeights(g, n, draws) : null;
            uint splitter = (uint)g.NextLong(SklearnRandom.RandRMax);
            grown[t] = CostComplexityPruning.Prune(grow(w, settings with { SplitterSeed = splitter }), CcpAlpha);
            if (counts is not null) counts[t] = w!;
        });
        return (grown, counts);
    }

    /// <summary>The mean over the trees of <see cref="AddLeaf"/> for each row of X [n_samples · values], after the
    /// input check of <paramref name="member"/>.</summary>
    private protected double[] MeanOverTrees(Tensor x, string member)
    {
        var xm = CheckInput(x, member);
        int n = xm.Shape[0], k = NodeValues;
        var a = Input.Raw(xm);
        var r = new double[n * k];
        Kernels.Par.For(n, 64, (s, len) =>
        {
            for (int i = s; i < s + len; i++)
            {
                var row = r.AsSpan(i * k, k);
                foreach (var t in trees) AddLeaf(t, t.ApplyRow(a, i), row);
                for (int c = 0; c < k; c++) row[c] /= trees.Length;
            }
        });
        return r;
    }

    /// <summary>The state key of the out-of-bag means ("oob_decision" for the classifier, "oob_prediction" for the
    /// regressor, after sklearn's <c>oob_decision_function_</c> and <c>oob_prediction_</c>).</summary>
    private protected abstract string OobKey { get; }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        Forest.Save(state, trees);
        state.Set("oob_score", oobScore);
        state.Set(OobKey, oobMean is null ? null : Input.Vector(oobMean));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        trees = Forest.Load(state, NodeValues);
        oobScore = state.GetDouble("oob_score");
        oobMean = state.GetVectorOrNull(OobKey);
    }
}
