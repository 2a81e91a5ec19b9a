namespace Glassbox.Kernels;

/// <summary>
/// The sizes of one 2-D convolution, in the convolution's own terms: input x [N, C, H, W], weight
/// [OC, C/G, KH, KW], output y [N, OC, OH, OW], with OH = ⌊(H + 2·PH − DH·(KH − 1) − 1)/SH⌋ + 1 (and OW alike).
/// </summary>
/// <remarks>
/// A transposed convolution is described by the convolution whose backward-data pass it is: its output plays
/// the role of x here and its input the role of y, so the same three kernels serve both layers.
/// </remarks>
internal readonly record struct ConvGeometry(
    int N, int C, int H, int W, int OC, int KH, int KW,
    int SH, int SW, int PH, int PW, int DH, int DW, int Groups, int OH, int OW)
{
    /// <summary>Input channels per group.</summary>
    public int Cg => C / Groups;
    /// <summary>Output channels per group.</summary>
    public int OCg => OC / Groups;
    /// <summary>Rows of one group's column matrix: Cg·KH·KW (the length of each dot product).</summary>
    public int K => Cg * KH * KW;
    /// <summary>Output positions per image, OH·OW (columns of the column matrix).</summary>
    public int L => OH * OW;
    /// <summary>Input positions per image.</summary>
    public int HW => H * W;

    /// <summary>
    /// True when the column matrix of an image equals the image itself ([C, H·W]): a 1×1 kernel, stride 1, no padding.
    /// </summary>
    public bool IsPointwise => KH == 1 && KW == 1 && SH == 1 && SW == 1 && PH == 0 && PW == 0;

    /// <summary>
    /// True for a depthwise convolution with one filter per channel (G = C = OC), which has a dot product of only
    /// KH·KW terms per output: GEMM would run with M = 1, so a direct kernel is used instead.
    /// </summary>
    public bool IsDepthwise => Groups == C && OC == C && Groups > 1;

    /// <summary>Output size along one axis: ⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1 (may be ≤ 0 for a kernel that does not fit).</summary>
    public static int OutSize(int n, int k, int s, int p, int d) => (int)Math.Floor((n + 2.0 * p - d * (k - 1) - 1) / s) + 1;
}
