namespace Glassbox.NN;

// Channel-wise ("feature") dropout: Dropout1d and Dropout2d zero whole channels instead of single elements.
public static partial class F
{
    /// <summary>
    /// Channel dropout for [N, C, H, W] or unbatched [C, H, W] input (<c>torch.nn.functional.dropout2d</c>): in
    /// training each channel (n, c) is zeroed entirely with probability <paramref name="p"/> and the surviving
    /// channels are scaled by 1/(1 − p), so E[y] = x; with <paramref name="training"/> false it is the identity.
    /// </summary>
    /// <remarks>
    /// <para>Why whole channels: neighbouring pixels of a feature map are strongly correlated, so element-wise dropout
    /// barely removes information (the lost pixel is predictable from its neighbours) and mostly just adds noise;
    /// dropping a whole map removes the feature (Tompson et al., 2015).</para>
    /// <para>One uniform u per (n, c) from <paramref name="generator"/> (or <see cref="Generator.Default"/>), in row-major
    /// order; the channel is kept when u ≥ p, as <see cref="Dropout"/> keeps elements. The backward multiplies by the same
    /// scaled mask. A 3-d input is read as unbatched [C, H, W] (PyTorch's documented meaning; 1.13 itself still warns and
    /// treats it as [N, C, L]); another rank throws.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">p outside [0, 1].</exception>
    /// <exception cref="ArgumentException">Input rank not 3 or 4.</exception>
    public static Tensor Dropout2d(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        if (input.NDim != 3 && input.NDim != 4)
            throw new ArgumentException($"dropout2d: expected a 3D [C, H, W] or 4D [N, C, H, W] input, got {input.NDim}D input of shape {ShapeUtil.Format(input.ShapeArray)}");
        return FeatureDropout(input, p, training, generator, batched: input.NDim == 4, "dropout2d");
    }

    /// <summary>
    /// Channel dropout for [N, C, L] or unbatched [C, L] input (<c>torch.nn.functional.dropout1d</c>): whole channels
    /// are zeroed with probability <paramref name="p"/>, survivors scaled by 1/(1 − p); identity when not training.
    /// See <see cref="Dropout2d"/> for the mask stream.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">p outside [0, 1].</exception>
    /// <exception cref="ArgumentException">Input rank not 2 or 3.</exception>
    public static Tensor Dropout1d(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        if (input.NDim != 2 && input.NDim != 3)
            throw new ArgumentException($"dropout1d: expected a 2D [C, L] or 3D [N, C, L] input, got {input.NDim}D input of shape {ShapeUtil.Format(input.ShapeArray)}");
        return FeatureDropout(input, p, training, generator, batched: input.NDim == 3, "dropout1d");
    }

    /// <summary>x·m with one Bernoulli(1 − p) draw per (sample, channel), scaled by 1/(1 − p) and broadcast over the rest.</summary>
    private static Tensor FeatureDropout(Tensor input, double p, bool training, Generator? generator, bool batched, string op)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"{op}: probability has to be between 0 and 1, but got {p}");
        input.RequireFloat(op);
        if (!training || p == 0) return input;
        var g = generator ?? Generator.Default;
        int lead = batched ? 2 : 1;
        var maskShape = new int[input.NDim];
        for (int d = 0; d < maskShape.Length; d++) maskShape[d] = d < lead ? input.Shape[d] : 1;
        int count = ShapeUtil.Numel(maskShape);
        // p = 1 drops everything; its scale would be 1/0, and is irrelevant, so the mask is all zeros.
        double scale = p < 1 ? 1.0 / (1.0 - p) : 0.0;
        var mask = new double[count];
        for (int i = 0; i < count; i++) mask[i] = g.NextDouble() >= p ? scale : 0.0;
        return input * Tensor.FromArray(mask, maskShape).To(input.DType);
    }
}
