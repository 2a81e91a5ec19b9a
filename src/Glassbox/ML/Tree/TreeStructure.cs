namespace Glassbox.ML.Tree;

/// <summary>
/// A fitted binary decision tree as parallel node arrays — scikit-learn's <c>sklearn.tree._tree.Tree</c>
/// (<c>tree_</c>). Node 0 is the root; nodes are numbered in the order the builder creates them: depth-first
/// (a node, then its whole left subtree, then its right subtree), or, with <c>max_leaf_nodes</c>, best-first (the two
/// children of each expanded node in turn, in the order the frontier expands them).
/// </summary>
/// <remarks>
/// Sample x goes left at node t when <c>(float)x[Feature[t]] ≤ Threshold[t]</c>: like sklearn, trees see the
/// features as float32 (thresholds are float64 midpoints of float32 values), so predictions on float64 input are
/// made on the same rounded values the splits were chosen on. Leaves have children −1 (<c>TREE_LEAF</c>) and
/// feature/threshold −2 (<c>TREE_UNDEFINED</c>). <see cref="Value"/> holds, per node, the weighted class counts
/// (classification, as sklearn 1.2) or the weighted mean target (regression).
/// </remarks>
public sealed class TreeStructure
{
    internal int[] left = new int[16], right = new int[16], feature = new int[16], nNodeSamples = new int[16];
    internal double[] threshold = new double[16], impurity = new double[16], weightedNNodeSamples = new double[16];
    internal double[] value;
    private int count;

    internal TreeStructure(int nFeatures, int nValues)
    {
        NFeatures = nFeatures;
        NValues = nValues;
        value = new double[16 * nValues];
    }

    /// <summary>Number of features of the data the tree was grown on (<c>n_features</c>).</summary>
    public int NFeatures { get; }

    /// <summary>Entries of <see cref="Value"/> per node: the number of classes, or 1 for regression.</summary>
    public int NValues { get; }

    /// <summary>Number of nodes (<c>node_count</c>).</summary>
    public int NodeCount => count;

    /// <summary>Depth of the deepest leaf, the root having depth 0 (<c>max_depth</c>).</summary>
    public int MaxDepth { get; internal set; }

    /// <summary>Number of leaves (<c>n_leaves</c>).</summary>
    public int NLeaves
    {
        get
        {
            int c = 0;
            for (int i = 0; i < count; i++) if (left[i] == -1) c++;
            return c;
        }
    }

    /// <summary>Left child of each node, −1 for leaves, int64 [node_count] (<c>children_left</c>).</summary>
    public Tensor ChildrenLeft => Ints(left);
    /// <summary>Right child of each node, −1 for leaves (<c>children_right</c>).</summary>
    public Tensor ChildrenRight => Ints(right);
    /// <summary>Split feature of each node, −2 for leaves (<c>feature</c>).</summary>
    public Tensor Feature => Ints(feature);
    /// <summary>Split threshold of each node (go left when x ≤ threshold), −2 for leaves (<c>threshold</c>).</summary>
    public Tensor Threshold => Doubles(threshold);
    /// <summary>Impurity of each node under the fitting criterion (<c>impurity</c>).</summary>
    public Tensor Impurity => Doubles(impurity);
    /// <summary>Training samples reaching each node (<c>n_node_samples</c>).</summary>
    public Tensor NNodeSamples => Ints(nNodeSamples);
    /// <summary>Summed sample weight reaching each node (<c>weighted_n_node_samples</c>).</summary>
    public Tensor WeightedNNodeSamples => Doubles(weightedNNodeSamples);
    /// <summary>Per-node values [node_count, NValues] (<c>value[:, 0, :]</c>).</summary>
    public Tensor Value => Tensor.FromArray(value[..(count * NValues)], [count, NValues]);

    private Tensor Ints(int[] a) => Tensor.FromArray(a[..count].Select(v => (long)v).ToArray(), [count]);
    private Tensor Doubles(double[] a) => Tensor.FromArray(a[..count], [count]);

    /// <summary>Appends a node and links it to its parent (sklearn's <c>_add_node</c>); returns its id.</summary>
    internal int AddNode(int parent, bool isLeft, bool isLeaf, int feat, double thr, double imp, int n, double wn)
    {
        if (count == left.Length)
        {
            int cap = count * 2;
            Array.Resize(ref left, cap); Array.Resize(ref right, cap); Array.Resize(ref feature, cap);
            Array.Resize(ref nNodeSamples, cap); Array.Resize(ref threshold, cap); Array.Resize(ref impurity, cap);
            Array.Resize(ref weightedNNodeSamples, cap); Array.Resize(ref value, cap * NValues);
        }
        int id = count++;
        if (parent >= 0)
        {
            if (isLeft) left[parent] = id; else right[parent] = id;
        }
        left[id] = right[id] = -1;
        feature[id] = isLeaf ? -2 : feat;
        threshold[id] = isLeaf ? -2.0 : thr;
        impurity[id] = imp;
        nNodeSamples[id] = n;
        weightedNNodeSamples[id] = wn;
        return id;
    }

    /// <summary>Turns a node added as a split candidate into a leaf (best-first growth ran out of leaves before
    /// expanding it): feature and threshold become −2, as sklearn's <c>BestFirstTreeBuilder</c> sets them.</summary>
    internal void MakeLeaf(int id)
    {
        left[id] = right[id] = -1;
        feature[id] = -2;
        threshold[id] = -2.0;
    }

    /// <summary>The value slice of node <paramref name="node"/>.</summary>
    internal Span<double> NodeValue(int node) => value.AsSpan(node * NValues, NValues);

    /// <summary>Leaf reached by row <paramref name="i"/> of the row-major float64 matrix <paramref name="x"/> [*, NFeatures].</summary>
    internal int ApplyRow(double[] x, int i)
    {
        int node = 0, off = i * NFeatures;
        while (left[node] != -1)
            node = (float)x[off + feature[node]] <= threshold[node] ? left[node] : right[node];
        return node;
    }

    /// <summary>Leaf of every row (<c>apply</c>).</summary>
    internal int[] Apply(double[] x, int n)
    {
        var r = new int[n];
        for (int i = 0; i < n; i++) r[i] = ApplyRow(x, i);
        return r;
    }

    /// <summary>
    /// Σ over the split nodes on feature j of wₜ·impₜ − w_L·imp_L − w_R·imp_R, divided by the root's weight
    /// (<c>compute_feature_importances</c>); normalised to sum 1 when <paramref name="normalize"/> and the sum is &gt; 0.
    /// </summary>
    internal double[] FeatureImportances(bool normalize)
    {
        var imp = new double[NFeatures];
        for (int t = 0; t < count; t++)
        {
            if (left[t] == -1) continue;
            int l = left[t], r = right[t];
            imp[feature[t]] += weightedNNodeSamples[t] * impurity[t] - weightedNNodeSamples[l] * impurity[l] - weightedNNodeSamples[r] * impurity[r];
        }
        for (int j = 0; j < imp.Length; j++) imp[j] /= weightedNNodeSamples[0];
        if (normalize)
        {
            double s = 0;
            foreach (var v in imp) s += v;
            if (s > 0) for (int j = 0; j < imp.Length; j++) imp[j] /= s;
        }
        return imp;
    }

    /// <summary>Depth of the subtree under <paramref name="node"/> counting nodes (a leaf is 1), as sklearn's <c>_compute_depth</c>.</summary>
    internal int SubtreeDepth(int node) => left[node] == -1 ? 1 : 1 + Math.Max(SubtreeDepth(left[node]), SubtreeDepth(right[node]));

    /// <summary>Writes the node arrays under <paramref name="prefix"/>.</summary>
    internal void Save(ModelState st, string prefix)
    {
        st.Set(prefix + "n_features", NFeatures);
        st.Set(prefix + "n_values", NValues);
        st.Set(prefix + "max_depth", MaxDepth);
        st.Set(prefix + "children_left", ChildrenLeft);
        st.Set(prefix + "children_right", ChildrenRight);
        st.Set(prefix + "feature", Feature);
        st.Set(prefix + "threshold", Threshold);
        st.Set(prefix + "impurity", Impurity);
        st.Set(prefix + "n_node_samples", NNodeSamples);
        st.Set(prefix + "weighted_n_node_samples", WeightedNNodeSamples);
        st.Set(prefix + "value", Value);
    }

    /// <summary>
    /// Reads what <see cref="Save"/> wrote, checking that it is a tree the predictors can walk: n_features equal to
    /// the estimator's, <paramref name="nValues"/> values per node, node arrays of one length, and every split node's
    /// children inside the tree and numbered after it (both builders and the pruner number them so). The last rule is
    /// what makes any walk from the root end at a leaf: a damaged file cannot send a prediction out of the arrays or
    /// round a cycle.
    /// </summary>
    internal static TreeStructure Load(ModelState st, string prefix, int nValues)
    {
        int nFeatures = st.GetInt(prefix + "n_features");
        if (nFeatures != st.NFeaturesIn) throw st.Invalid(prefix + "n_features", $"is {nFeatures} but n_features_in is {st.NFeaturesIn}");
        int nv = st.GetInt(prefix + "n_values");
        if (nv != nValues) throw st.Invalid(prefix + "n_values", $"expected {nValues} value(s) per node, got {nv}");
        var t = new TreeStructure(nFeatures, nValues) { MaxDepth = st.GetInt(prefix + "max_depth", 0) };
        var left = st.GetInts(prefix + "children_left", -1, -1);
        int count = left.Length;
        if (count == 0) throw st.Invalid(prefix + "children_left", "a tree has at least its root node");
        t.left = left;
        t.right = st.GetInts(prefix + "children_right", count, -1);
        t.feature = st.GetInts(prefix + "feature", count, -2, nFeatures - 1);
        t.nNodeSamples = st.GetInts(prefix + "n_node_samples", count, 0);
        t.threshold = st.GetVector(prefix + "threshold", count, finite: true);
        t.impurity = st.GetVector(prefix + "impurity", count);
        t.weightedNNodeSamples = st.GetVector(prefix + "weighted_n_node_samples", count);
        t.value = st.GetMatrix(prefix + "value", count, nValues, finite: true);
        for (int i = 0; i < count; i++)
        {
            bool leaf = t.left[i] == -1;
            if (leaf != (t.right[i] == -1))
                throw st.Invalid(prefix + "children_right", $"node {i}: one child is a leaf marker (−1) and the other is not");
            if (leaf) continue;
            if (t.left[i] <= i || t.left[i] >= count || t.right[i] <= i || t.right[i] >= count || t.left[i] == t.right[i])
                throw st.Invalid(prefix + "children_left", $"node {i}: children {t.left[i]} and {t.right[i]} must be distinct nodes after it, below {count}");
            if (t.feature[i] < 0) throw st.Invalid(prefix + "feature", $"split node {i} has feature {t.feature[i]}");
        }
        t.count = count;
        return t;
    }
}
