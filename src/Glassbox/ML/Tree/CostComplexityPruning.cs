namespace Glassbox.ML.Tree;

/// <summary>
/// Minimal cost-complexity pruning (Breiman, Friedman, Olshen &amp; Stone 1984, <i>Classification and Regression
/// Trees</i>, ch. 3; sklearn's <c>ccp_alpha</c> and <c>cost_complexity_pruning_path</c>).
/// </summary>
/// <remarks>
/// <para>
/// A subtree T is charged R_α(T) = R(T) + α·|leaves(T)|, where R(T) = Σ over its leaves t of R(t) and
/// R(t) = (w_t / w_root)·impurity(t) is node t's weighted impurity. Collapsing the branch T_t under an internal node t
/// into a leaf changes R by R(t) − R(T_t) ≥ 0 and removes |leaves(T_t)| − 1 leaves, so it pays off for every
/// α ≥ g(t) = (R(t) − R(T_t)) / (|leaves(T_t)| − 1), the node's <i>effective alpha</i>.
/// </para>
/// <para>
/// Weakest-link pruning: repeatedly collapse the internal node with the smallest g(t) (the first such node in node
/// order on ties), updating the leaf counts and R(T_·) of its ancestors, until the root is a leaf. The g values met
/// form the increasing pruning path α₀ = 0 &lt; α₁ ≤ α₂ …, each with its subtree's total leaf impurity; fitting with
/// <c>ccp_alpha</c> = α keeps the last subtree whose effective alpha is ≤ α (the smallest subtree minimising R_α).
/// </para>
/// <para>
/// The pruned tree is rebuilt in depth-first order (node, left subtree, right subtree), collapsed nodes becoming
/// leaves with feature/threshold −2 but their impurity, sample counts and values kept — node for node what sklearn
/// 1.2's <c>_build_pruned_tree</c> produces.
/// </para>
/// </remarks>
internal static class CostComplexityPruning
{
    /// <summary>The pruning path: effective alphas (starting at 0) and the total leaf impurity of each subtree
    /// (<c>ccp_alphas</c>, <c>impurities</c>).</summary>
    public static (double[] Alphas, double[] Impurities) Path(TreeStructure tree)
    {
        var alphas = new List<double>();
        var impurities = new List<double>();
        WeakestLink(tree, _ => false, (a, r) => { alphas.Add(a); impurities.Add(r); });
        return (alphas.ToArray(), impurities.ToArray());
    }

    /// <summary>The subtree for <paramref name="ccpAlpha"/> ≥ 0: the tree itself for 0 (sklearn skips pruning then),
    /// else the rebuilt tree in which every branch whose effective alpha was ≤ ccpAlpha is collapsed.</summary>
    public static TreeStructure Prune(TreeStructure tree, double ccpAlpha)
    {
        if (ccpAlpha == 0.0) return tree;
        var isLeaf = WeakestLink(tree, alpha => ccpAlpha < alpha, (_, _) => { });
        return Rebuild(tree, isLeaf);
    }

    /// <summary>
    /// Runs weakest-link pruning until <paramref name="stop"/>(next effective alpha) or the root is a leaf, reporting
    /// (α, R(subtree)) for the unpruned tree and after each collapse; returns which nodes are leaves at the end.
    /// </summary>
    private static bool[] WeakestLink(TreeStructure t, Func<double, bool> stop, Action<double, double> report)
    {
        int n = t.NodeCount;
        double total = t.weightedNNodeSamples[0];
        var rNode = new double[n];
        for (int i = 0; i < n; i++) rNode[i] = t.weightedNNodeSamples[i] * t.impurity[i] / total;
        var parent = new int[n];
        var leaf = new bool[n];
        // parents and leaves by the same stack walk as sklearn (root pushed with parent −1)
        var stack = new Stack<(int Node, int Parent)>();
        stack.Push((0, -1));
        while (stack.Count > 0)
        {
            var (node, par) = stack.Pop();
            parent[node] = par;
            if (t.left[node] == -1) leaf[node] = true;
            else { stack.Push((t.left[node], node)); stack.Push((t.right[node], node)); }
        }
        // R(T_t) and |leaves(T_t)| for every node, leaves bubbled up in index order (sklearn's summation order)
        var rBranch = new double[n];
        var nLeaves = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (!leaf[i]) continue;
            rBranch[i] = rNode[i];
            for (int j = i; j != 0; j = parent[j])
            {
                rBranch[parent[j]] += rNode[i];
                nLeaves[parent[j]]++;
            }
        }
        var candidate = new bool[n];
        var inSubtree = new bool[n];
        for (int i = 0; i < n; i++) { candidate[i] = !leaf[i]; inSubtree[i] = true; }
        report(0.0, rBranch[0]);
        while (candidate[0])
        {
            double alpha = double.MaxValue;
            int weakest = -1;
            for (int i = 0; i < n; i++)
            {
                if (!candidate[i]) continue;
                double g = (rNode[i] - rBranch[i]) / (nLeaves[i] - 1);
                if (g < alpha) { alpha = g; weakest = i; }
            }
            if (stop(alpha)) break;
            // the weakest branch's descendants leave the subtree; the node itself becomes a leaf
            var drop = new Stack<int>();
            drop.Push(weakest);
            while (drop.Count > 0)
            {
                int node = drop.Pop();
                if (!inSubtree[node]) continue;
                candidate[node] = false; leaf[node] = false; inSubtree[node] = false;
                if (t.left[node] != -1) { drop.Push(t.left[node]); drop.Push(t.right[node]); }
            }
            leaf[weakest] = true;
            inSubtree[weakest] = true;
            int removed = nLeaves[weakest] - 1;
            nLeaves[weakest] = 0;
            double rDiff = rNode[weakest] - rBranch[weakest];
            rBranch[weakest] = rNode[weakest];
            for (int j = parent[weakest]; j != -1; j = parent[j])
            {
                nLeaves[j] -= removed;
                rBranch[j] += rDiff;
            }
            report(alpha, rBranch[0]);
        }
        return leaf;
    }

    /// <summary>Copies the nodes still in the subtree into a new tree, depth first (left before right), turning the
    /// nodes marked in <paramref name="isLeaf"/> into leaves.</summary>
    private static TreeStructure Rebuild(TreeStructure t, bool[] isLeaf)
    {
        var pruned = new TreeStructure(t.NFeatures, t.NValues);
        var stack = new Stack<(int Node, int Depth, int Parent, bool IsLeft)>();
        stack.Push((0, 0, -1, false));
        int maxDepth = 0;
        while (stack.Count > 0)
        {
            var (node, depth, par, isLeft) = stack.Pop();
            bool leaf = isLeaf[node];
            int id = pruned.AddNode(par, isLeft, leaf, t.feature[node], t.threshold[node], t.impurity[node],
                t.nNodeSamples[node], t.weightedNNodeSamples[node]);
            t.NodeValue(node).CopyTo(pruned.NodeValue(id));
            if (!leaf)
            {
                stack.Push((t.right[node], depth + 1, id, false));
                stack.Push((t.left[node], depth + 1, id, true));
            }
            maxDepth = Math.Max(maxDepth, depth);
        }
        pruned.MaxDepth = maxDepth;
        return pruned;
    }
}

/// <summary>
/// The minimal cost-complexity pruning path of a tree (<c>cost_complexity_pruning_path</c>'s Bunch): the effective
/// alphas at which successive subtrees become optimal, increasing from 0, and the total weighted leaf impurity of each
/// of those subtrees (the last one being the root alone).
/// </summary>
/// <param name="CcpAlphas">Effective alphas [n_subtrees] (<c>ccp_alphas</c>).</param>
/// <param name="Impurities">Σ over the subtree's leaves of (w_t / w_root)·impurity(t) [n_subtrees] (<c>impurities</c>).</param>
public sealed record CostComplexityPath(Tensor CcpAlphas, Tensor Impurities);
