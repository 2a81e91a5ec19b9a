using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Glassbox.Kernels;

/// <summary>
/// General matrix multiply C = α·op(A)·op(B) + β·C in float32 (SGEMM, <c>cblas_sgemm</c>) and float64
/// (DGEMM, <c>cblas_dgemm</c>); the kernel behind <c>torch.matmul</c> / <see cref="Tensor.MatMul"/>.
/// Same letters and layout as <see cref="GemmReference"/>: row-major, M×N result, shared dimension K,
/// op(X) = Xᵀ when the trans flag is set (read in place). When β = 0, C is overwritten (NaNs in C are not
/// propagated); when α = 0 or K = 0, A and B are not read (the BLAS convention).
/// </summary>
/// <remarks>
/// <para>
/// The implementation follows Goto &amp; van de Geijn, "Anatomy of High-Performance Matrix Multiplication"
/// (ACM TOMS 2008) in the loop order of BLIS (Van Zee &amp; van de Geijn, 2015). Five loops wrap one tiny
/// register-tiled kernel:
/// </para>
/// <code>
/// for jc in 0..N step NC          // B block  KC×NC  lives in L3
///   for pc in 0..K step KC        //   pack op(B)[pc.., jc..] into NR-wide micro-panels
///     for ic in 0..M step MC      // A block  MC×KC  lives in L2; pack into MR-tall micro-panels
///       for jr in 0..NC step NR   //   B micro-panel KC×NR stays in L1 while ...
///         for ir in 0..MC step MR //   ... every A micro-panel streams past it
///           C[ir..+MR, jr..+NR] += A_panel · B_panel   // MR×NR accumulators held in registers
/// </code>
/// <para>
/// Why it is fast: the micro-kernel performs MR·NR fused multiply-adds per MR + NR loaded values, so it is
/// bound by FMA throughput, not memory; packing makes every load in the kernel unit-stride and aligned no
/// matter how A and B are laid out (transposed or not), and the block sizes keep each operand in the cache
/// level that can feed it. The block sizes and the kernels are in <see cref="GemmKernels"/>, the loops in
/// <see cref="GemmDriver{T, TKernel}"/>, the packing in <see cref="GemmPacking"/>.
/// </para>
/// <para>
/// Work is split over <see cref="Par.MaxThreads"/> threads by cutting M (or N, when that packs less) into
/// independent row (column) ranges run on <see cref="GemmWorkers"/>; each thread packs into its own buffers
/// (<see cref="GemmScratch"/>). Products with m·n·k below 160³ run on the calling thread.
/// </para>
/// <para>
/// SGEMMs of one to three rows (a layer applied to a single sample) skip the packing and run in
/// <see cref="GemmSmallM"/>, which reads op(B) in place and gives the same bits as the packed path.
/// </para>
/// </remarks>
public static class Gemm
{
    /// <summary>SGEMM: C[M×N] = α·op(A)[M×K]·op(B)[K×N] + β·C (float32, <c>cblas_sgemm</c> in row-major).</summary>
    /// <param name="c">Output, row-major with leading dimension <paramref name="ldc"/> ≥ N.</param>
    /// <param name="ldc">Distance between rows of C.</param>
    /// <param name="a">A stored row-major: M×K (ld ≥ K), or K×M (ld ≥ M) when <paramref name="transA"/>.</param>
    /// <param name="lda">Distance between stored rows of A.</param>
    /// <param name="transA">Use op(A) = Aᵀ.</param>
    /// <param name="b">B stored row-major: K×N (ld ≥ N), or N×K (ld ≥ K) when <paramref name="transB"/>.</param>
    /// <param name="ldb">Distance between stored rows of B.</param>
    /// <param name="transB">Use op(B) = Bᵀ.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The shared dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="beta">Scale of the old C (0 overwrites without reading C).</param>
    public static unsafe void Sgemm(Span<float> c, int ldc, ReadOnlySpan<float> a, int lda, bool transA, ReadOnlySpan<float> b, int ldb, bool transB,
        int m, int n, int k, float alpha = 1f, float beta = 0f)
    {
        Validate("sgemm", c.Length, ldc, a.Length, lda, transA, b.Length, ldb, transB, m, n, k);
        if (m == 0 || n == 0) return;
        fixed (float* pc = c) fixed (float* pa = a) fixed (float* pb = b)
        {
            if (k == 0 || alpha == 0f) { ScaleC(pc, ldc, m, n, beta); return; }
            int threads = Threads(m, n, k);
            if (m <= GemmSmallM.MaxRows && !forcePacked)
            {
                GemmSmallM.Sgemm(pc, ldc, pa, lda, transA, pb, ldb, transB, m, n, k, alpha, beta, Isa, threads);
                return;
            }
            switch (Isa)
            {
                case GemmIsa.Avx512:
                    GemmDriver<float, GemmKernels.Sgemm512>.Run(pc, ldc, pa, lda, transA, pb, ldb, transB, m, n, k, alpha, beta, threads); break;
                case GemmIsa.Avx2:
                    GemmDriver<float, GemmKernels.Sgemm256>.Run(pc, ldc, pa, lda, transA, pb, ldb, transB, m, n, k, alpha, beta, threads); break;
                case GemmIsa.Vector128:
                    GemmDriver<float, GemmKernels.Sgemm128>.Run(pc, ldc, pa, lda, transA, pb, ldb, transB, m, n, k, alpha, beta, threads); break;
                default:
                    GemmDriver<float, GemmKernels.Scalar<float>>.Run(pc, ldc, pa, lda, transA, pb, ldb, transB, m, n, k, alpha, beta, threads); break;
            }
        }
    }

    /// <summary>DGEMM: C[M×N] = α·op(A)[M×K]·op(B)[K×N] + β·C (float64, <c>cblas_dgemm</c> in row-major).</summary>
    /// <param name="c">Output, row-major with leading dimension <paramref name="ldc"/> ≥ N.</param>
    /// <param name="ldc">Distance between rows of C.</param>
    /// <param name="a">A stored row-major: M×K (ld ≥ K), or K×M (ld ≥ M) when <paramref name="transA"/>.</param>
    /// <param name="lda">Distance between stored rows of A.</param>
    /// <param name="transA">Use op(A) = Aᵀ.</param>
    /// <param name="b">B stored row-major: K×N (ld ≥ N), or N×K (ld ≥ K) when <paramref name="transB"/>.</param>
    /// <param name="ldb">Distance between stored rows of B.</param>
    /// <param name="transB">Use op(B) = Bᵀ.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The shared dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="beta">Scale of the old C (0 overwrites without reading C).</param>
    public static unsafe void Dgemm(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, bool transA, ReadOnlySpan<double> b, int ldb, bool transB,
        int m, int n, int k, double alpha = 1.0, double beta = 0.0)
    {
        Validate("dgemm", c.Length, ldc, a.Length, lda, transA, b.Length, ldb, transB, m, n, k);
        if (m == 0 || n == 0) return;
        fixed (double* pc = c) fixed (double* pa = a) fixed (double* pb = b)
        {
            if (k == 0 || alpha == 0.0) { ScaleC(pc, ldc, m, n, beta); return; }
            int threads = Threads(m, n, k);
            switch (Isa)
            {
                case GemmIsa.Avx512:
                    GemmDriver<double, GemmKernels.Dgemm512>.Run(pc, ldc, pa, lda, transA, pb, ldb, transB, m, n, k, alpha, beta, threads); break;
                case GemmIsa.Avx2:
                    GemmDriver<double, GemmKernels.Dgemm256>.Run(pc, ldc, pa, lda, transA, pb, ldb, transB, m, n, k, alpha, beta, threads); break;
                case GemmIsa.Vector128:
                    GemmDriver<double, GemmKernels.Dgemm128>.Run(pc, ldc, pa, lda, transA, pb, ldb, transB, m, n, k, alpha, beta, threads); break;
                default:
                    GemmDriver<double, GemmKernels.Scalar<double>>.Run(pc, ldc, pa, lda, transA, pb, ldb, transB, m, n, k, alpha, beta, threads); break;
            }
        }
    }

    /// <summary>
    /// The micro-kernel family in use: the widest the hardware supports, unless a test or benchmark forces a
    /// narrower one with <see cref="ForceIsa"/>.
    /// </summary>
    internal static GemmIsa Isa => forceIsa is { } forced && forced < BestIsa ? forced : BestIsa;

    /// <summary>
    /// Tests set this to sweep the fallback kernels on hardware that would pick a wider one; null = auto.
    /// Per thread (read only by the calling thread), so tests running in parallel cannot disturb each other.
    /// </summary>
    internal static GemmIsa? ForceIsa { get => forceIsa; set => forceIsa = value; }

    /// <summary>
    /// Tests set this to run on exactly this many threads even for tiny products (to exercise the split with
    /// partial tiles); null = <see cref="Par.MaxThreads"/> above the size threshold. Per calling thread.
    /// </summary>
    internal static int? ForceThreads { get => forceThreads; set => forceThreads = value; }

    /// <summary>
    /// Tests set this to send products of at most <see cref="GemmSmallM.MaxRows"/> rows through the packed path too,
    /// to compare the two bit for bit. Per calling thread.
    /// </summary>
    internal static bool ForcePacked { get => forcePacked; set => forcePacked = value; }

    [ThreadStatic] private static bool forcePacked;
    [ThreadStatic] private static GemmIsa? forceIsa;
    [ThreadStatic] private static int? forceThreads;

    /// <summary>
    /// Until the returned scope is disposed, GEMMs called from this thread run on this thread alone — for callers that
    /// already keep every core busy with one product per worker (blocks of rows in parallel), where the product's own
    /// threads would only contend with them.
    /// </summary>
    internal static SingleThreadScope OnThisThreadOnly()
    {
        var scope = new SingleThreadScope(forceThreads);
        forceThreads = 1;
        return scope;
    }

    /// <summary>Restores the thread's previous GEMM thread setting.</summary>
    internal readonly struct SingleThreadScope(int? previous) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() => forceThreads = previous;
    }

    /// <summary>The widest kernel family this CPU runs.</summary>
    internal static GemmIsa BestIsa { get; } =
        GemmKernels.UseAvx512 ? GemmIsa.Avx512
        : Fma.IsSupported && Avx2.IsSupported ? GemmIsa.Avx2
        : Vector128.IsHardwareAccelerated ? GemmIsa.Vector128
        : GemmIsa.Scalar;

    // m·n·k below 160³ ≈ 4·10⁶ (8 Mflop: ~40 µs of SGEMM, ~80 µs of DGEMM on one Zen 5 core) runs on one
    // thread: waking a pool thread costs 5–20 µs (more on a busy machine) and a half-size product packs
    // relatively more, so below this the second core does not pay for itself.
    private const long ParallelMinWork = 160L * 160 * 160;

    private static int Threads(int m, int n, int k)
        => forceThreads ?? ((long)m * n * k < ParallelMinWork ? 1 : Math.Max(1, Par.MaxThreads));

    private static void Validate(string op, int cLen, int ldc, int aLen, int lda, bool transA, int bLen, int ldb, bool transB, int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentOutOfRangeException(nameof(m), $"{op}: sizes must be ≥ 0, got m={m}, n={n}, k={k}");
        Check(op, "C", cLen, ldc, m, n);
        if (transA) Check(op, "A (transposed, stored K×M)", aLen, lda, k, m); else Check(op, "A (stored M×K)", aLen, lda, m, k);
        if (transB) Check(op, "B (transposed, stored N×K)", bLen, ldb, n, k); else Check(op, "B (stored K×N)", bLen, ldb, k, n);
    }

    // A stored rows×cols matrix with leading dimension ld needs ld ≥ cols (unless it is one row, where ld is
    // never used) and (rows−1)·ld + cols elements.
    private static void Check(string op, string name, int len, int ld, int rows, int cols)
    {
        if (rows == 0 || cols == 0) return;
        if (rows > 1 && ld < cols) throw new ArgumentOutOfRangeException(nameof(ld), $"{op}: leading dimension of {name} is {ld}, must be ≥ {cols} for a {rows}×{cols} matrix");
        long need = (long)(rows - 1) * ld + cols;
        if (len < need) throw new ArgumentException($"{op}: {name} is {rows}×{cols} with leading dimension {ld}, which needs {need} elements, but the span has {len}");
    }

    // C ← β·C, the whole answer when α = 0 or K = 0; β = 0 writes zeros without reading C.
    private static unsafe void ScaleC<T>(T* c, int ldc, int m, int n, T beta) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<T>(c + (long)i * ldc, n);
            if (beta == T.Zero) row.Clear();
            else if (beta != T.One) for (int j = 0; j < n; j++) row[j] *= beta;
        }
    }
}

/// <summary>Micro-kernel families, narrowest first (so a forced choice can only narrow the hardware's best).</summary>
internal enum GemmIsa
{
    /// <summary>Plain scalar code (any CPU).</summary>
    Scalar,
    /// <summary>128-bit vectors (SSE, or NEON on ARM64).</summary>
    Vector128,
    /// <summary>256-bit AVX2 + FMA3.</summary>
    Avx2,
    /// <summary>512-bit AVX-512F.</summary>
    Avx512,
}
