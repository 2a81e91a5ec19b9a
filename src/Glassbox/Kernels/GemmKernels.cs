using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Glassbox.Kernels;

/// <summary>
/// A GEMM micro-kernel and the cache blocking that feeds it. The driver (<see cref="GemmDriver{T, TKernel}"/>)
/// is generic over a struct implementing this, so each kernel gets its own JIT-specialized copy of the loops
/// with the block sizes as constants.
/// </summary>
/// <remarks>
/// Contract of <see cref="Run"/>: with packed A micro-panel a[p·MR + i] (i &lt; MR) and packed B micro-panel
/// b[p·NR + j] (j &lt; NR), p &lt; kc, compute
/// <c>C[i, j] = α·Σ_p a[p·MR + i]·b[p·NR + j] + β·C[i, j]</c> for the full MR×NR tile, C row-major with
/// leading dimension ldc; β = 0 must not read C. Block sizes: MC is a multiple of MR and NC of NR.
/// </remarks>
internal unsafe interface IGemmKernel<T> where T : unmanaged
{
    /// <summary>Rows of the register tile (values broadcast from packed A).</summary>
    static abstract int MR { get; }
    /// <summary>Columns of the register tile (vector loads from packed B).</summary>
    static abstract int NR { get; }
    /// <summary>Rows of the packed A block (kept in L2).</summary>
    static abstract int MC { get; }
    /// <summary>Depth of one packed panel (a KC×NR micro-panel of B stays in L1).</summary>
    static abstract int KC { get; }
    /// <summary>Columns of the packed B block (kept in L3).</summary>
    static abstract int NC { get; }
    /// <summary>The MR×NR tile update described in the interface remarks.</summary>
    static abstract void Run(int kc, T* a, T* b, T* c, int ldc, T alpha, T beta);
}

/// <summary>
/// The micro-kernels, one per element type and vector width (the float32 ones in GemmKernels.Sgemm.cs, the
/// float64 ones in GemmKernels.Dgemm.cs), plus the scalar fallback here.
/// </summary>
/// <remarks>
/// <para>
/// Register tile (MR×NR): an x86 core has 16 vector registers with AVX2 and 32 with AVX-512. The tile's
/// MR·NR/W accumulators (W = lanes per vector) must fit together with the NR/W loaded B vectors and one
/// broadcast A value. With two FMA pipes of latency 4 at least 8 independent accumulators are needed to keep
/// both busy. 6×16 floats = 12 ymm accumulators + 2 + 1 = 15 of 16 registers (the classic Haswell kernel);
/// with AVX-512, 8×32 floats = 16 zmm accumulators + 2 + 1 = 19 of 32. Each k step does MR·NR/W FMAs for
/// NR/W loads and MR broadcasts (the JIT folds each broadcast into one vbroadcastss from memory), so the
/// kernel is FMA-bound, not load-bound: 16 FMAs against 2 loads + 8 broadcasts per step for 8×32.
/// </para>
/// <para>
/// Blocking (Zen 4/5: 32–48 KB L1d, 1 MB L2 per core, large shared L3): KC is chosen so the B micro-panel
/// KC·NR·size stays in L1 (16–32 KB) while every A micro-panel of the block streams past it; MC so the
/// packed A block MC·KC·size is about a quarter to half of L2 (the other half holds the B panel and C lines
/// in flight); NC so the B block KC·NC·size (a few MB) sits in L3. Larger KC amortizes the C tile's load and
/// store (once per KC FMAs per element) but crowds L1.
/// </para>
/// </remarks>
internal static unsafe partial class GemmKernels
{
    /// <summary>
    /// Whether to use the 512-bit kernels. Zen 4 splits a 512-bit FMA into two 256-bit halves (same peak as
    /// AVX2); Zen 5 and Intel server cores have full-width units, where 512-bit doubles the peak. The twice
    /// larger register file also lets the tile be bigger.
    /// </summary>
    internal static bool UseAvx512 => Vector512.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx512F.IsSupported;

    /// <summary>
    /// Portable fallback: 4×4 tile in plain scalar code (16 accumulators; the JIT keeps most in registers).
    /// Used where no SIMD is available, and swept by the tests.
    /// </summary>
    internal struct Scalar<T> : IGemmKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static int MR => 4;
        public static int NR => 4;
        public static int MC => 64;
        public static int KC => 256;
        public static int NC => 1024;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int kc, T* a, T* b, T* c, int ldc, T alpha, T beta)
        {
            T* acc = stackalloc T[16];
            for (int i = 0; i < 16; i++) acc[i] = T.Zero;
            for (int p = 0; p < kc; p++, a += 4, b += 4)
            {
                T b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
                for (int i = 0; i < 4; i++)
                {
                    T ai = a[i];
                    T* r = acc + 4 * i;
                    r[0] += ai * b0; r[1] += ai * b1; r[2] += ai * b2; r[3] += ai * b3;
                }
            }
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                {
                    T* cij = c + (nint)i * ldc + j;
                    *cij = beta == T.Zero ? alpha * acc[4 * i + j] : alpha * acc[4 * i + j] + beta * *cij;
                }
        }
    }

    // Tile write-back shared by the vector kernels: C ← α·acc (β = 0, C not read) or α·acc + β·C.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Out(float* c, Vector256<float> acc, Vector256<float> va, Vector256<float> vb, bool readC)
        => (readC ? Vector256.FusedMultiplyAdd(acc, va, Vector256.Load(c) * vb) : acc * va).Store(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Out(double* c, Vector256<double> acc, Vector256<double> va, Vector256<double> vb, bool readC)
        => (readC ? Vector256.FusedMultiplyAdd(acc, va, Vector256.Load(c) * vb) : acc * va).Store(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Out(float* c, Vector512<float> acc, Vector512<float> va, Vector512<float> vb, bool readC)
        => (readC ? Vector512.FusedMultiplyAdd(acc, va, Vector512.Load(c) * vb) : acc * va).Store(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Out(double* c, Vector512<double> acc, Vector512<double> va, Vector512<double> vb, bool readC)
        => (readC ? Vector512.FusedMultiplyAdd(acc, va, Vector512.Load(c) * vb) : acc * va).Store(c);

    // The 128-bit kernels must also run without FMA hardware (SSE2-only x86), where FusedMultiplyAdd would be
    // emulated in software; MultiplyAddEstimate fuses only when the CPU can.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Out(float* c, Vector128<float> acc, Vector128<float> va, Vector128<float> vb, bool readC)
        => (readC ? Vector128.MultiplyAddEstimate(acc, va, Vector128.Load(c) * vb) : acc * va).Store(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Out(double* c, Vector128<double> acc, Vector128<double> va, Vector128<double> vb, bool readC)
        => (readC ? Vector128.MultiplyAddEstimate(acc, va, Vector128.Load(c) * vb) : acc * va).Store(c);
}
