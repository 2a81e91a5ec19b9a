namespace Glassbox.Kernels;

/// <summary>
/// The geometry of one sliding-window pooling: an input plane H×W, an output plane OH×OW, and the window's
/// kernel, stride, padding and dilation per axis. Output (oh, ow) looks at input rows
/// oh·SH − PH + kh·DH (kh &lt; KH) and columns ow·SW − PW + kw·DW (kw &lt; KW); rows and columns outside
/// [0, H) × [0, W) are padding.
/// </summary>
internal readonly record struct Pool2dShape(int H, int W, int OH, int OW, int KH, int KW, int SH, int SW, int PH, int PW, int DH, int DW)
{
    /// <summary>Elements in one input plane.</summary>
    public int InPlane => H * W;

    /// <summary>Elements in one output plane.</summary>
    public int OutPlane => OH * OW;

    /// <summary>
    /// PyTorch's pooling output length (<c>pooling_output_shape</c>): ⌊(in + 2p − d(k − 1) − 1 [+ s − 1 in ceil
    /// mode]) / s⌋ + 1, and in ceil mode one less when the last window would start at or past in + p, i.e. inside
    /// the right padding only — a window must start inside the input or the left padding.
    /// </summary>
    public static int OutputSize(int input, int kernel, int pad, int stride, int dilation, bool ceilMode)
    {
        long num = (long)input + 2L * pad - (long)dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        long o = FloorDiv(num, stride) + 1;
        if (ceilMode && (o - 1) * stride >= input + pad) o--;
        return (int)Math.Clamp(o, int.MinValue / 2, int.MaxValue);
    }

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    /// <summary>First input row of adaptive window i of n over a length-m axis: ⌊i·m/n⌋.</summary>
    public static int AdaptiveStart(int i, int n, int m) => (int)((long)i * m / n);

    /// <summary>One past the last input row of adaptive window i of n over a length-m axis: ⌈(i + 1)·m/n⌉.</summary>
    public static int AdaptiveEnd(int i, int n, int m) => (int)(((long)(i + 1) * m + n - 1) / n);
}
