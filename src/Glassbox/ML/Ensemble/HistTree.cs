namespace Glassbox.ML.Ensemble;

/// <summary>
/// One fitted tree of a histogram gradient-boosting model (sklearn's <c>TreePredictor</c>): split nodes send x left when
/// x[Feature] ≤ Threshold (a bin edge, float64); leaves hold the shrunk Newton step value.
/// </summary>
internal sealed class HistTree
{
    public int[] Left = [], Right = [], Feature = [];
    public double[] Threshold = [], Value = [];

    /// <summary>Raw-score contribution of the tree for row <paramref name="i"/> of row-major <paramref name="x"/> [*, p].</summary>
    public double Predict(double[] x, int i, int p)
    {
        int node = 0;
        while (Left[node] != -1) node = x[i * p + Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        return Value[node];
    }

    public void Save(ModelState st, string prefix)
    {
        st.Set(prefix + "left", Tensor.FromArray(Left.Select(v => (long)v).ToArray(), [Left.Length]));
        st.Set(prefix + "right", Tensor.FromArray(Right.Select(v => (long)v).ToArray(), [Right.Length]));
        st.Set(prefix + "feature", Tensor.FromArray(Feature.Select(v => (long)v).ToArray(), [Feature.Length]));
        st.Set(prefix + "threshold", Tensor.FromArray(Threshold, [Threshold.Length]));
        st.Set(prefix + "value", Tensor.FromArray(Value, [Value.Length]));
    }

    public static HistTree Load(ModelState st, string prefix)
    {
        int[] I(string k) => st.GetTensor(prefix + k).ToArray<long>().Select(v => (int)v).ToArray();
        return new HistTree
        {
            Left = I("left"), Right = I("right"), Feature = I("feature"),
            Threshold = st.GetTensor(prefix + "threshold").ToDoubleArray(), Value = st.GetTensor(prefix + "value").ToDoubleArray(),
        };
    }
}
