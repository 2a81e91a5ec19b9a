namespace Glassbox.RL.Networks;

/// <summary>The affine map from (−1, 1) onto an action box, shared by the squashing actors.</summary>
internal static class ActionBox
{
    /// <summary>s = (high − low)/2 and b = (high + low)/2 as [A] tensors; the bounds must be finite with low &lt; high.</summary>
    public static (Tensor Scale, Tensor Bias) ScaleAndBias(float[] low, float[] high, DType dtype, string owner)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Length == 0 || low.Length != high.Length)
            throw new ArgumentException($"{owner}: action bounds must be non-empty and of equal length, got low [{low.Length}] and high [{high.Length}]");
        var scale = new double[low.Length];
        var bias = new double[low.Length];
        for (int i = 0; i < low.Length; i++)
        {
            if (!float.IsFinite(low[i]) || !float.IsFinite(high[i]) || !(low[i] < high[i]))
                throw new ArgumentException($"{owner}: action bound {i} must be finite with low < high, got [{low[i]}, {high[i]}]");
            scale[i] = ((double)high[i] - low[i]) / 2;
            bias[i] = ((double)high[i] + low[i]) / 2;
        }
        var s = Tensor.FromArray(scale, low.Length);
        var b = Tensor.FromArray(bias, low.Length);
        return dtype == DType.Float64 ? (s, b) : (s.To(dtype), b.To(dtype));
    }
}
