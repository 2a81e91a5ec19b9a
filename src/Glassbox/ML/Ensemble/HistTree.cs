namespace Glassbox.ML.Ensemble;

/// <summary>
/// One fitted tree of a histogram gradient-boosting model (sklearn's <c>TreePredictor</c>): split nodes send x left when
/// x[Feature] ≤ Threshold (a bin edge, float64), and a NaN x[Feature] to the side <see cref="MissingLeft"/> names;
/// leaves hold the shrunk Newton step value.
/// </summary>
internal sealed class HistTree
{
    public int[] Left = [], Right = [], Feature = [];
    public double[] Threshold = [], Value = [];
    /// <summary>Per node: NaN goes left (sklearn's <c>missing_go_to_left</c>).</summary>
    public bool[] MissingLeft = [];

    /// <summary>Raw-score contribution of the tree for row <paramref name="i"/> of row-major <paramref name="x"/> [*, p].</summary>
    public double Predict(double[] x, int i, int p)
    {
        int node = 0;
        while (Left[node] != -1)
        {
            double v = x[i * p + Feature[node]];
            bool goLeft = double.IsNaN(v) ? MissingLeft[node] : v <= Threshold[node];
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
    }

    public static HistTree Load(ModelState st, string prefix)
    {
        int[] I(string k) => st.GetTensor(prefix + k).ToArray<long>().Select(v => (int)v).ToArray();
        return new HistTree
        {
            Left = I("left"), Right = I("right"), Feature = I("feature"),
            Threshold = st.GetTensor(prefix + "threshold").ToDoubleArray(), Value = st.GetTensor(prefix + "value").ToDoubleArray(),
            // files written before missing-value support have no such entry: NaN could not occur, any side will do
            MissingLeft = st.GetTensorOrNull(prefix + "missing_go_to_left")?.ToArray<bool>() ?? new bool[st.GetTensor(prefix + "left").Shape[0]],
        };
    }
}
