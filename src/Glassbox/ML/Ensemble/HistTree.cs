namespace Glassbox.ML.Ensemble;

/// <summary>
/// One fitted tree of a histogram gradient-boosting model (sklearn's <c>TreePredictor</c>): split nodes send x left when
/// x[Feature] ≤ Threshold (a bin edge, float64), and a NaN x[Feature] to the side <see cref="MissingLeft"/> names;
/// leaves hold the shrunk Newton step value. A categorical split node sends x left when the integer category
/// ⌊x[Feature]⌋ is in its bitset <see cref="CatLeft"/>.
/// </summary>
internal sealed class HistTree
{
    public int[] Left = [], Right = [], Feature = [];
    public double[] Threshold = [], Value = [];
    /// <summary>Per node: NaN goes left (sklearn's <c>missing_go_to_left</c>).</summary>
    public bool[] MissingLeft = [];

    /// <summary>
    /// Per node, for a categorical split: the 256-bit set (4 words) of raw category values 0…255 that go left, and null
    /// for a numeric split or a leaf; the array itself is null when the tree has no categorical split. The set holds
    /// sklearn's <c>raw_left_cat_bitsets</c> entry with the unknown categories (not seen in training, sklearn's
    /// <c>known_cat_bitsets</c>) already routed the missing-value way, so prediction needs no table of known categories.
    /// </summary>
    public ulong[]?[]? CatLeft;

    /// <summary>Raw-score contribution of the tree for row <paramref name="i"/> of row-major <paramref name="x"/> [*, p].</summary>
    public double Predict(double[] x, int i, int p)
    {
        if (CatLeft is not null) return PredictCategorical(x, i, p);
        int node = 0;
        while (Left[node] != -1)
        {
            double v = x[i * p + Feature[node]];
            bool goLeft = double.IsNaN(v) ? MissingLeft[node] : v <= Threshold[node];
            node = goLeft ? Left[node] : Right[node];
        }
        return Value[node];
    }

    /// <summary>
    /// <see cref="Predict"/> for a tree with categorical splits. As sklearn's predictor: NaN, a negative value or one
    /// beyond the 256 possible categories goes the missing-value way; otherwise the category is the value truncated
    /// toward zero (a C cast).
    /// </summary>
    private double PredictCategorical(double[] x, int i, int p)
    {
        var cat = CatLeft!;
        int node = 0;
        while (Left[node] != -1)
        {
            double v = x[i * p + Feature[node]];
            bool goLeft;
            if (double.IsNaN(v)) goLeft = MissingLeft[node];
            else if (cat[node] is ulong[] bits)
            {
                if (v >= 0 && v < 256) { int c = (int)v; goLeft = ((bits[c >> 6] >> (c & 63)) & 1UL) != 0; }
                else goLeft = MissingLeft[node];
            }
            else goLeft = v <= Threshold[node];
            node = goLeft ? Left[node] : Right[node];
        }
        return Value[node];
    }

    public void Save(ModelState st, string prefix)
    {
        st.Set(prefix + "left", Tensor.FromArray(Left.Select(v => (long)v).ToArray(), [Left.Length]));
        st.Set(prefix + "right", Tensor.FromArray(Right.Select(v => (long)v).ToArray(), [Right.Length]));
        st.Set(prefix + "feature", Tensor.FromArray(Feature.Select(v => (long)v).ToArray(), [Feature.Length]));
        st.Set(prefix + "threshold", Tensor.FromArray(Threshold, [Threshold.Length]));
        st.Set(prefix + "value", Tensor.FromArray(Value, [Value.Length]));
        st.Set(prefix + "missing_go_to_left", Tensor.FromArray(MissingLeft, [MissingLeft.Length]));
        if (CatLeft is null) return;
        // numeric nodes and leaves: is_categorical false and four zero words
        var words = new long[CatLeft.Length * 4];
        var isCat = new bool[CatLeft.Length];
        for (int nd = 0; nd < CatLeft.Length; nd++)
            if (CatLeft[nd] is ulong[] b)
            {
                isCat[nd] = true;
                for (int w = 0; w < 4; w++) words[nd * 4 + w] = unchecked((long)b[w]);
            }
        st.Set(prefix + "is_categorical", Tensor.FromArray(isCat, [isCat.Length]));
        st.Set(prefix + "cat_left", Tensor.FromArray(words, [words.Length]));
    }

    /// <summary>
    /// Reads what <see cref="Save"/> wrote, checking it can be walked: node arrays of one length, features of the
    /// estimator's, and every split node's children inside the tree and numbered after it, so a walk from the root
    /// always ends at a leaf.
    /// </summary>
    public static HistTree Load(ModelState st, string prefix)
    {
        var left = st.GetInts(prefix + "left", -1, -1);
        int count = left.Length;
        if (count == 0) throw st.Invalid(prefix + "left", "a tree has at least its root node");
        var right = st.GetInts(prefix + "right", count, -1);
        var feature = st.GetInts(prefix + "feature", count, int.MinValue, st.NFeaturesIn - 1);
        for (int i = 0; i < count; i++)
        {
            bool leaf = left[i] == -1;
            if (leaf != (right[i] == -1))
                throw st.Invalid(prefix + "right", $"node {i}: one child is a leaf marker (−1) and the other is not");
            if (leaf) continue;
            if (left[i] <= i || left[i] >= count || right[i] <= i || right[i] >= count || left[i] == right[i])
                throw st.Invalid(prefix + "left", $"node {i}: children {left[i]} and {right[i]} must be distinct nodes after it, below {count}");
            if (feature[i] < 0) throw st.Invalid(prefix + "feature", $"split node {i} has feature {feature[i]}");
        }
        ulong[]?[]? catLeft = null;
        // files without categorical splits (or written before categorical support) have no such entries
        if (st.Contains(prefix + "is_categorical") && st.GetTensorOrNull(prefix + "is_categorical") is not null)
        {
            var isCat = st.GetBools(prefix + "is_categorical", count);
            var words = st.GetLongs(prefix + "cat_left", checked(count * 4));
            catLeft = new ulong[]?[isCat.Length];
            for (int nd = 0; nd < isCat.Length; nd++)
                if (isCat[nd]) catLeft[nd] = [.. words.AsSpan(nd * 4, 4).ToArray().Select(w => unchecked((ulong)w))];
        }
        return new HistTree
        {
            CatLeft = catLeft,
            Left = left, Right = right, Feature = feature,
            Threshold = st.GetVector(prefix + "threshold", count), Value = st.GetVector(prefix + "value", count, finite: true),
            // files written before missing-value support have no such entry: NaN could not occur, any side will do
            MissingLeft = st.Contains(prefix + "missing_go_to_left") && st.GetTensorOrNull(prefix + "missing_go_to_left") is not null
                ? st.GetBools(prefix + "missing_go_to_left", count) : new bool[count],
        };
    }
}
