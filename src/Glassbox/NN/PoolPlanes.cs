using System.Globalization;
using Glassbox.Kernels;

namespace Glassbox.NN;

/// <summary>
/// Shared plumbing of the pooling and resampling ops: rank checks that accept PyTorch's unbatched inputs, and the
/// parallel loop over the N·C independent planes that every kernel works on.
/// </summary>
internal static class PoolPlanes
{
    /// <summary>
    /// Elements of input a chunk of planes should cover before it goes to another thread: about the same as an
    /// elementwise op's grain, since a pooling plane costs a few operations per input element.
    /// </summary>
    private const int Grain = Par.ElementwiseGrain / 2;

    /// <summary>Runs body(firstPlane, count) over <paramref name="planes"/> planes of <paramref name="workPerPlane"/> elements each.</summary>
    public static void For(int planes, int workPerPlane, Action<int, int> body)
        => Par.For(planes, Math.Max(1, Grain / Math.Max(1, workPerPlane)), body);

    /// <summary>
    /// The input as [N, C, H, W]: a 4-d input as is, a 3-d [C, H, W] one as a batch of one (PyTorch's unbatched form).
    /// Other ranks, a float check and empty C/H/W fail with the op's name and the shape.
    /// </summary>
    public static Tensor As4d(Tensor input, string op, out bool unbatched)
    {
        input.RequireFloat(op);
        if (input.NDim is not (3 or 4))
            throw new ArgumentException($"{op}: expected a 3-d [C, H, W] or 4-d [N, C, H, W] input, got shape {ShapeUtil.Format(input.ShapeArray)}");
        unbatched = input.NDim == 3;
        for (int d = input.NDim - 3; d < input.NDim; d++)
            if (input.Shape[d] == 0)
                throw new ArgumentException($"{op}: expected non-empty channel and spatial dimensions (only the batch may be 0), got shape {ShapeUtil.Format(input.ShapeArray)}");
        return unbatched ? input.Unsqueeze(0) : input;
    }

    /// <summary>
    /// A 1-d op's input [N, C, L] or unbatched [C, L] viewed as [N, C, 1, L] / [C, 1, L], so the 2-d kernels run it with
    /// a 1-row window; the caller squeezes dimension −2 out of the result.
    /// </summary>
    public static Tensor As2dFrom1d(Tensor input, string op)
    {
        input.RequireFloat(op);
        if (input.NDim is not (2 or 3))
            throw new ArgumentException($"{op}: expected a 2-d [C, L] or 3-d [N, C, L] input, got shape {ShapeUtil.Format(input.ShapeArray)}");
        for (int d = input.NDim - 2; d < input.NDim; d++)
            if (input.Shape[d] == 0)
                throw new ArgumentException($"{op}: expected non-empty channel and length dimensions (only the batch may be 0), got shape {ShapeUtil.Format(input.ShapeArray)}");
        return input.Unsqueeze(-2);
    }

    /// <summary>
    /// A size as a pooling module's repr prints it: <c>2</c> when both axes agree, <c>(2, 3)</c> otherwise. PyTorch
    /// prints the value as the caller gave it (so <c>MaxPool2d((2, 2))</c> shows <c>(2, 2)</c>); a
    /// <see cref="Size2d"/> no longer knows how it was given, and the square form is the common one.
    /// </summary>
    public static string Repr(Size2d s) => s.H == s.W ? s.H.ToString(CultureInfo.InvariantCulture) : s.ToString();
}
