using Glassbox.ML.Ensemble;
using Glassbox.ML.Tree;

namespace Glassbox.Tests.ML.Trees;

/// <summary>
/// Minimal cost-complexity pruning by its defining property — for every α the pruned tree minimises
/// R_α(T) = Σ_leaves R(t) + α·|leaves| over all prunings of the full tree (checked by enumerating them) — plus the
/// shape of the path, the forests and the parameter check. Node-for-node agreement with sklearn is in the parity family
/// "ccp".
/// </summary>
public class CostComplexityPruningTests
{
    private static (Tensor X, Tensor Y, Tensor Yr) Data(int n = 90, ulong seed = 3)
    {
        var g = new Generator(seed);
        var x = new double[n * 3];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var y = new long[n];
        var yr = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = x[i * 3] - 0.8 * x[i * 3 + 1] + 0.7 * g.NextNormal();
            y[i] = s > 0.5 ? 2 : s > -0.5 ? 1 : 0;
            yr[i] = s + 0.5 * x[i * 3 + 2] * x[i * 3 + 2];
        }
        return (Tensor.FromArray(x, n, 3), Tensor.FromArray(y, [n]), Tensor.FromArray(yr, [n]));
    }

    /// <summary>Every pruning of the subtree under <paramref name="node"/> as (R, leaves) pairs.</summary>
    private static List<(double R, int Leaves)> Prunings(TreeStructure t, int node)
    {
        double rNode = t.WeightedNNodeSamples.ToDoubleArray()[node] * t.Impurity.ToDoubleArray()[node] / t.WeightedNNodeSamples.ToDoubleArray()[0];
        var result = new List<(double, int)> { (rNode, 1) };
        var left = t.ChildrenLeft.ToArray<long>();
        if (left[node] == -1) return result;
        var right = t.ChildrenRight.ToArray<long>();
        foreach (var (rl, nl) in Prunings(t, (int)left[node]))
            foreach (var (rr, nr) in Prunings(t, (int)right[node]))
                result.Add((rl + rr, nl + nr));
        return result;
    }

    private static double LeafImpurity(TreeStructure t)
    {
        var left = t.ChildrenLeft.ToArray<long>();
        var w = t.WeightedNNodeSamples.ToDoubleArray();
        var imp = t.Impurity.ToDoubleArray();
        double r = 0;
        for (int i = 0; i < left.Length; i++) if (left[i] == -1) r += w[i] * imp[i] / w[0];
        return r;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PrunedTreeMinimisesTheCostComplexityOverAllPrunings(bool classifier)
    {
        var (x, y, yr) = Data();
        // depth 4 keeps the number of prunings small enough to enumerate (≤ 677)
        TreeStructure Fit(double alpha) => classifier
            ? new DecisionTreeClassifier(maxDepth: 4, randomState: 0, ccpAlpha: alpha).Fit(x, y).Tree
            : new DecisionTreeRegressor(maxDepth: 4, randomState: 0, ccpAlpha: alpha).Fit(x, yr).Tree;
        var full = Fit(0);
        var all = Prunings(full, 0);
        var path = classifier
            ? new DecisionTreeClassifier(maxDepth: 4, randomState: 0).CostComplexityPruningPath(x, y)
            : new DecisionTreeRegressor(maxDepth: 4, randomState: 0).CostComplexityPruningPath(x, yr);
        var alphas = path.CcpAlphas.ToDoubleArray();
        var impurities = path.Impurities.ToDoubleArray();
        Assert.Equal(0.0, alphas[0]);
        for (int i = 1; i < alphas.Length; i++)
        {
            Assert.True(alphas[i] >= alphas[i - 1] - 1e-15, "alphas increase");
            Assert.True(impurities[i] >= impurities[i - 1] - 1e-15, "subtree impurity grows as it is pruned");
        }
        Assert.Equal(LeafImpurity(full), impurities[0], 12);
        Assert.Equal(all[0].R, impurities[^1], 12); // the last subtree is the root alone
        var probes = new List<double>();
        for (int i = 0; i + 1 < alphas.Length; i++) probes.Add((alphas[i] + alphas[i + 1]) / 2);
        probes.Add(alphas[^1] * 2);
        for (int i = 0; i < probes.Count; i++)
        {
            double a = probes[i];
            var pruned = Fit(a);
            double cost = LeafImpurity(pruned) + a * pruned.NLeaves;
            double best = all.Min(s => s.R + a * s.Leaves);
            Assert.Equal(best, cost, 12);
            // among the optimal prunings it is the smallest one (Breiman et al.'s T(α))
            int fewest = all.Where(s => s.R + a * s.Leaves <= best + 1e-12).Min(s => s.Leaves);
            Assert.Equal(fewest, pruned.NLeaves);
            // α between path alphas i and i + 1 keeps the subtree reached after the first i collapses
            Assert.Equal(i == probes.Count - 1 ? impurities[^1] : impurities[i], LeafImpurity(pruned), 12);
        }
        Assert.Equal(1, Fit(alphas[^1] * 2).NodeCount);
    }

    [Fact]
    public void ForestsPruneEachTreeAndTheParameterIsChecked()
    {
        var (x, y, yr) = Data(120);
        const double alpha = 0.01;
        var rf = new RandomForestClassifier(nEstimators: 5, randomState: 4).Fit(x, y);
        var pruned = new RandomForestClassifier(nEstimators: 5, randomState: 4, ccpAlpha: alpha).Fit(x, y);
        for (int t = 0; t < 5; t++)
        {
            var expected = CostComplexityPruning.Prune(rf.Trees[t], alpha);
            Assert.Equal(expected.Feature.ToArray<long>(), pruned.Trees[t].Feature.ToArray<long>());
            Assert.Equal(expected.Value.ToDoubleArray(), pruned.Trees[t].Value.ToDoubleArray());
            Assert.True(pruned.Trees[t].NLeaves < rf.Trees[t].NLeaves);
        }
        var reg = new RandomForestRegressor(nEstimators: 3, randomState: 1, ccpAlpha: 0.05).Fit(x, yr);
        Assert.All(reg.Trees, t => Assert.True(t.NLeaves < 40));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionTreeRegressor(ccpAlpha: -0.1).Fit(x, yr));
        Assert.Equal("CcpAlpha", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBoostingClassifier(ccpAlpha: double.NaN).Fit(x, y));
        Assert.Equal("CcpAlpha", ex.ParamName);
    }
}
