using Glassbox.ML.Replay;

namespace Glassbox.ML.Tree;

internal sealed partial class TreeBuilder
{
    /// <summary>
    /// Best-first growth, scikit-learn 1.2's <c>BestFirstTreeBuilder</c> (used whenever <c>max_leaf_nodes</c> is set):
    /// every node's best split is found the moment the node is added (<c>_add_split_node</c>), and the node waits on a
    /// frontier ordered by that split's weighted impurity decrease
    /// Δ = N_t/N · (imp(t) − N_L/N_t · imp(L) − N_R/N_t · imp(R)). The node of largest Δ is expanded next — its two
    /// children are added (left, then right) and evaluated — until <paramref name="maxLeafNodes"/> − 1 splits were made;
    /// whatever is still waiting becomes a leaf. So with L leaves allowed the tree holds the L − 1 splits that a greedy
    /// choice by Δ picks, not the first L − 1 of a depth-first walk.
    /// </summary>
    /// <remarks>
    /// The split search is <see cref="NodeSplit"/>, unchanged; a node's split is the one depth-first growth would find
    /// for the same samples in the same order, except that (as in sklearn) no constant features are inherited from the
    /// parent (they are rediscovered), and the splitter's random stream is consumed in the order nodes are added.
    /// Nodes are numbered in the order they are added, so the numbering differs from depth-first growth. A node is a
    /// leaf from the start under the same rules as depth-first (depth, <c>min_samples_split</c>,
    /// 2·<c>min_samples_leaf</c>, impurity ≤ ε, no valid split, Δ + ε &lt; <c>min_impurity_decrease</c>).
    /// </remarks>
    private void GrowBestFirst(TreeStructure tree, int maxLeafNodes)
    {
        var frontier = new StdHeap<FrontierRecord>((a, b) => a.Improvement < b.Improvement);
        int maxSplitNodes = maxLeafNodes - 1, maxDepthSeen = -1;
        frontier.Push(AddSplitNode(tree, 0, nUsed, double.PositiveInfinity, true, -1, false, 0));
        while (frontier.Count > 0)
        {
            var r = frontier.Pop();
            if (r.IsLeaf || maxSplitNodes <= 0) tree.MakeLeaf(r.NodeId);
            else
            {
                maxSplitNodes--;
                var left = AddSplitNode(tree, r.Start, r.Pos, r.ImpurityLeft, false, r.NodeId, true, r.Depth + 1);
                var right = AddSplitNode(tree, r.Pos, r.End, r.ImpurityRight, false, r.NodeId, false, r.Depth + 1);
                frontier.Push(left);
                frontier.Push(right);
            }
            if (r.Depth > maxDepthSeen) maxDepthSeen = r.Depth;
        }
        tree.MaxDepth = maxDepthSeen;
    }

    /// <summary>
    /// Adds the node of samples [start, end) to the tree with its best split already searched (and its samples
    /// partitioned), and returns its frontier record (sklearn's <c>_add_split_node</c>).
    /// </summary>
    private FrontierRecord AddSplitNode(TreeStructure tree, int start, int end, double impurity, bool isFirst, int parent, bool isLeft, int depth)
    {
        int m = end - start;
        NodeInit(start, end);
        double wn = weightedNNode;
        if (isFirst) impurity = NodeImpurity();
        bool isLeaf = depth >= s.MaxDepth || m < s.MinSamplesSplit || m < 2 * s.MinSamplesLeaf || impurity <= Epsilon;
        int feat = 0, pos = end;
        double thr = 0, impL = impurity, impR = impurity, improvement = 0;
        if (!isLeaf)
        {
            // sklearn starts every best-first node with n_constant_features = 0
            (feat, pos, thr, impL, impR, improvement, _) = NodeSplit(start, end, depth, impurity, 0);
            isLeaf = pos >= end || improvement + Epsilon < s.MinImpurityDecrease;
        }
        int id = tree.AddNode(parent, isLeft, isLeaf, feat, thr, impurity, m, wn);
        var v = tree.NodeValue(id);
        if (classification) sumTotal.CopyTo(v);
        else v[0] = sumTotal[0] / wn;
        return isLeaf
            ? new FrontierRecord(id, start, end, end, depth, true, impurity, impurity, impurity, 0.0)
            : new FrontierRecord(id, start, end, pos, depth, false, impurity, impL, impR, improvement);
    }
}
