namespace Glassbox.ML.Tree;

/// <summary>
/// A node waiting on the best-first frontier (sklearn's <c>FrontierRecord</c>): where its samples lie, how it would be
/// split, and the priority of that split.
/// </summary>
/// <param name="NodeId">The node's id in the tree (already added).</param>
/// <param name="Start">First position of its samples in the builder's sample array.</param>
/// <param name="End">One past the last position.</param>
/// <param name="Pos">Split position: samples [Start, Pos) go left; End for a leaf.</param>
/// <param name="Depth">Depth of the node (root = 0).</param>
/// <param name="IsLeaf">True when the node cannot be split (its split was not found or not allowed).</param>
/// <param name="Impurity">Impurity of the node.</param>
/// <param name="ImpurityLeft">Impurity of the left child of its best split (the node's own for a leaf).</param>
/// <param name="ImpurityRight">Impurity of the right child of its best split (the node's own for a leaf).</param>
/// <param name="Improvement">Weighted impurity decrease of its best split, N_t/N·(imp(t) − N_L/N_t·imp(L) − N_R/N_t·imp(R));
/// 0 for a leaf. The frontier's priority: the best-first builder keeps its records in a <see cref="Replay.StdHeap{T}"/>
/// ordered by it, as sklearn's <c>BestFirstTreeBuilder</c> does.</param>
internal readonly record struct FrontierRecord(int NodeId, int Start, int End, int Pos, int Depth, bool IsLeaf,
    double Impurity, double ImpurityLeft, double ImpurityRight, double Improvement);
