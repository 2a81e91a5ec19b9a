using System.Numerics;

namespace Glassbox.NN;

public static partial class F
{
    /// <summary>
    /// Pads (or, with negative constant amounts, crops) the last dimensions of <paramref name="input"/>
    /// (<c>torch.nn.functional.pad</c>). <paramref name="pad"/> lists (left, right) pairs starting from the
    /// <i>last</i> dimension: [wL, wR] pads the last dimension, [wL, wR, hL, hR] the last two, and so on — PyTorch's order.
    /// </summary>
    /// <param name="input">A float32 or float64 tensor with at least pad.Length/2 dimensions.</param>
    /// <param name="pad">An even number of amounts, last dimension first.</param>
    /// <param name="mode">How the border is filled; see <see cref="PadMode"/>.</param>
    /// <param name="value">The fill value in <see cref="PadMode.Constant"/> mode.</param>
    /// <remarks>
    /// <para>Every output element is either the fill value or a copy of one input element: along each padded axis of
    /// size n, output position i reads source index j = i − left, remapped by the mode (reflect: −j and 2(n − 1) − j;
    /// replicate: clamp to [0, n − 1]; circular: j mod n). The output is a gather through these per-axis index maps,
    /// and the gradient is the matching scatter-add: an input element that several border positions copied receives
    /// the sum of their gradients, and the constant border passes none.</para>
    /// <para>Reflect needs each amount &lt; n (a mirror that does not repeat the edge has only n − 1 elements to show)
    /// and circular each amount ≤ n (one wrap at most), as in PyTorch; negative amounts are accepted in constant mode only.
    /// PyTorch also limits the non-constant modes to the last 1–3 dimensions of a 2-D–5-D input; Glassbox pads any
    /// trailing dimensions the same way.</para>
    /// </remarks>
    public static Tensor Pad(Tensor input, int[] pad, PadMode mode = PadMode.Constant, double value = 0)
    {
        const string op = "pad";
        ArgumentNullException.ThrowIfNull(pad);
        input.RequireFloat(op);
        string shape = ShapeUtil.Format(input.ShapeArray);
        if (pad.Length % 2 != 0)
            throw new ArgumentException($"{op}: padding length must be even (left, right pairs), got {pad.Length} for input of shape {shape}");
        if (pad.Length / 2 > input.NDim)
            throw new ArgumentException($"{op}: padding of length {pad.Length} pads {pad.Length / 2} dimensions, but the input of shape {shape} has {input.NDim}");
        int nd = input.NDim;
        var outShape = input.ShapeToArray();
        var maps = new int[nd][];
        // Along every axis the outputs [mid, midEnd) read the consecutive sources 0, 1, … (whatever the mode): the
        // innermost axis copies that run as one block and remaps only the borders.
        var mid = new int[nd];
        var midEnd = new int[nd];
        for (int i = 0; i < pad.Length / 2; i++)
        {
            int dim = nd - 1 - i, n = input.Shape[dim], l = pad[2 * i], r = pad[2 * i + 1];
            int size = n + l + r;
            if (size < 0)
                throw new ArgumentException($"{op}: padding ({l}, {r}) of dimension {dim} gives a negative size {size} (input of shape {shape})");
            if (mode != PadMode.Constant)
            {
                if (l < 0 || r < 0)
                    throw new ArgumentException($"{op}: negative padding ({l}, {r}) of dimension {dim} is supported in constant mode only (input of shape {shape})");
                if (mode == PadMode.Reflect && (l >= n || r >= n))
                    throw new ArgumentException($"{op}: reflect padding ({l}, {r}) of dimension {dim} must be smaller than its size {n} (input of shape {shape})");
                if (mode == PadMode.Circular && (l > n || r > n))
                    throw new ArgumentException($"{op}: circular padding ({l}, {r}) of dimension {dim} must not exceed its size {n}, it would wrap more than once (input of shape {shape})");
                if (mode == PadMode.Replicate && n == 0 && size > 0)
                    throw new ArgumentException($"{op}: replicate padding of dimension {dim} needs a non-empty dimension (input of shape {shape})");
            }
            outShape[dim] = size;
            var map = new int[size];
            for (int o = 0; o < size; o++)
            {
                int j = o - l;
                map[o] = mode switch
                {
                    PadMode.Constant => j >= 0 && j < n ? j : -1,
                    PadMode.Reflect => j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j,
                    PadMode.Replicate => Math.Clamp(j, 0, n - 1),
                    PadMode.Circular => ((j % n) + n) % n,
                    _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, $"{op}: not a defined PadMode"),
                };
            }
            maps[dim] = map;
            (mid[dim], midEnd[dim]) = (Math.Max(0, l), Math.Max(Math.Max(0, l), Math.Min(size, n + l)));
        }
        for (int dim = 0; dim < nd; dim++)
            if (maps[dim] is null) { maps[dim] = Enumerable.Range(0, input.Shape[dim]).ToArray(); (mid[dim], midEnd[dim]) = (0, input.Shape[dim]); }
        var inner = nd == 0 ? (0, 0) : (mid[nd - 1], midEnd[nd - 1]);

        var x = input.ContiguousRaw();
        var inShape = input.ShapeToArray();
        var y = new Tensor(outShape, x.DType);
        if (y.DType == DType.Float32) PadGather(x.Span<float>(), y.Span<float>(), inShape, outShape, maps, inner, (float)value);
        else PadGather(x.Span<double>(), y.Span<double>(), inShape, outShape, maps, inner, value);
        return Tensor.Record(y, op, [input], g =>
        {
            var gc = g.ContiguousRaw();
            var dx = new Tensor(inShape, gc.DType);
            if (dx.DType == DType.Float32) PadScatter(gc.Span<float>(), dx.Span<float>(), inShape, outShape, maps, inner);
            else PadScatter(gc.Span<double>(), dx.Span<double>(), inShape, outShape, maps, inner);
            return [dx];
        });
    }

    /// <summary>y[o₀, …] = x[map₀[o₀], …], or <paramref name="fill"/> where any map gives −1.</summary>
    private static void PadGather<T>(ReadOnlySpan<T> x, Span<T> y, int[] inShape, int[] outShape, int[][] maps, (int Mid, int End) inner, T fill) where T : unmanaged, INumberBase<T>
    {
        if (y.IsEmpty) return;
        if (outShape.Length == 0) { y[0] = x[0]; return; }
        var inStr = ShapeUtil.ContiguousStrides(inShape);
        var outStr = ShapeUtil.ContiguousStrides(outShape);
        PadGatherRec(x, y, 0, 0, 0, inStr, outStr, outShape, maps, inner, fill);
    }

    private static void PadGatherRec<T>(ReadOnlySpan<T> x, Span<T> y, int dim, int xo, int yo, int[] inStr, int[] outStr, int[] outShape, int[][] maps, (int Mid, int End) inner, T fill)
        where T : unmanaged, INumberBase<T>
    {
        var map = maps[dim];
        if (dim == outShape.Length - 1)
        {
            var (a, b) = inner;
            for (int o = 0; o < a; o++) y[yo + o] = map[o] < 0 ? fill : x[xo + map[o]];
            if (b > a) x.Slice(xo + map[a], b - a).CopyTo(y.Slice(yo + a, b - a));
            for (int o = b; o < map.Length; o++) y[yo + o] = map[o] < 0 ? fill : x[xo + map[o]];
            return;
        }
        for (int o = 0; o < map.Length; o++)
        {
            if (map[o] < 0) y.Slice(yo + o * outStr[dim], outStr[dim]).Fill(fill);
            else PadGatherRec(x, y, dim + 1, xo + map[o] * inStr[dim], yo + o * outStr[dim], inStr, outStr, outShape, maps, inner, fill);
        }
    }

    /// <summary>dx[map₀[o₀], …] += dy[o₀, …] (dx zero on entry): the adjoint of <see cref="PadGather"/>.</summary>
    private static void PadScatter<T>(ReadOnlySpan<T> dy, Span<T> dx, int[] inShape, int[] outShape, int[][] maps, (int Mid, int End) inner) where T : unmanaged, INumberBase<T>
    {
        if (dy.IsEmpty || dx.IsEmpty) return;
        if (outShape.Length == 0) { dx[0] += dy[0]; return; }
        var inStr = ShapeUtil.ContiguousStrides(inShape);
        var outStr = ShapeUtil.ContiguousStrides(outShape);
        PadScatterRec(dy, dx, 0, 0, 0, inStr, outStr, outShape, maps, inner);
    }

    private static void PadScatterRec<T>(ReadOnlySpan<T> dy, Span<T> dx, int dim, int xo, int yo, int[] inStr, int[] outStr, int[] outShape, int[][] maps, (int Mid, int End) inner)
        where T : unmanaged, INumberBase<T>
    {
        var map = maps[dim];
        if (dim == outShape.Length - 1)
        {
            var (a, b) = inner;
            for (int o = 0; o < a; o++) if (map[o] >= 0) dx[xo + map[o]] += dy[yo + o];
            if (b > a) { var d = dx.Slice(xo + map[a], b - a); System.Numerics.Tensors.TensorPrimitives.Add(d, dy.Slice(yo + a, b - a), d); }
            for (int o = b; o < map.Length; o++) if (map[o] >= 0) dx[xo + map[o]] += dy[yo + o];
            return;
        }
        for (int o = 0; o < map.Length; o++)
            if (map[o] >= 0) PadScatterRec(dy, dx, dim + 1, xo + map[o] * inStr[dim], yo + o * outStr[dim], inStr, outStr, outShape, maps, inner);
    }
}
