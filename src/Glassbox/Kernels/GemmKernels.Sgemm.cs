using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Glassbox.Kernels;

// The float32 micro-kernels (SGEMM). Each is the contract of IGemmKernel: an MR×NR block of C held in
// registers as MR·(NR/W) vector accumulators; per k step, NR/W vector loads of packed B, MR broadcasts of
// packed A and MR·NR/W fused multiply-adds. The loop body is written out (no arrays) so the JIT keeps every
// accumulator in a register; see GemmKernels.cs for how the tile and block sizes were chosen.
internal static unsafe partial class GemmKernels
{
    /// <summary>AVX-512 SGEMM kernel, 8×32 floats: 16 zmm accumulators + 2 B vectors + 1 broadcast of 32 registers.</summary>
    /// <remarks>On Zen 5 (full-width 512-bit FMA) this reaches ~200 GFLOPS per core, twice the AVX2 kernel. 12×32 and 6×64 tiles
    /// measured the same within noise; 8×32 with MC = KC = 256 was marginally best at n = 512–2048.</remarks>
    internal struct Sgemm512 : IGemmKernel<float>
    {
        public static int MR => 8;
        public static int NR => 32;
        public static int MC => 256;
        public static int KC => 256;
        public static int NC => 2048;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
        {
            Vector512<float> c0_0 = default, c0_1 = default;
            Vector512<float> c1_0 = default, c1_1 = default;
            Vector512<float> c2_0 = default, c2_1 = default;
            Vector512<float> c3_0 = default, c3_1 = default;
            Vector512<float> c4_0 = default, c4_1 = default;
            Vector512<float> c5_0 = default, c5_1 = default;
            Vector512<float> c6_0 = default, c6_1 = default;
            Vector512<float> c7_0 = default, c7_1 = default;
            // Start fetching the C tile (each row's first and last byte, so both lines of an unaligned row)
            // now: it is needed only after the k loop, KC·MR·NR/W FMAs from here. Worth ~5% at n ≥ 1024.
            if (Sse.IsSupported) for (int i = 0; i < 8; i++) { byte* row = (byte*)(c + i * (nint)ldc); Sse.Prefetch0(row); Sse.Prefetch0(row + 64); Sse.Prefetch0(row + 127); }
            for (int p = 0; p < kc; p++, a += 8, b += 32)
            {
                var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + 16);
                var a0 = Vector512.Create(a[0]); c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0); c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
                var a1 = Vector512.Create(a[1]); c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0); c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
                var a2 = Vector512.Create(a[2]); c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0); c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
                var a3 = Vector512.Create(a[3]); c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0); c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
                var a4 = Vector512.Create(a[4]); c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0); c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
                var a5 = Vector512.Create(a[5]); c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0); c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
                var a6 = Vector512.Create(a[6]); c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0); c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
                var a7 = Vector512.Create(a[7]); c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0); c7_1 = Vector512.FusedMultiplyAdd(a7, b1, c7_1);
            }
            var va = Vector512.Create(alpha); var vb = Vector512.Create(beta); bool readC = beta != 0;
            { float* r = c + 0 * (nint)ldc; Out(r, c0_0, va, vb, readC); Out(r + 16, c0_1, va, vb, readC); }
            { float* r = c + 1 * (nint)ldc; Out(r, c1_0, va, vb, readC); Out(r + 16, c1_1, va, vb, readC); }
            { float* r = c + 2 * (nint)ldc; Out(r, c2_0, va, vb, readC); Out(r + 16, c2_1, va, vb, readC); }
            { float* r = c + 3 * (nint)ldc; Out(r, c3_0, va, vb, readC); Out(r + 16, c3_1, va, vb, readC); }
            { float* r = c + 4 * (nint)ldc; Out(r, c4_0, va, vb, readC); Out(r + 16, c4_1, va, vb, readC); }
            { float* r = c + 5 * (nint)ldc; Out(r, c5_0, va, vb, readC); Out(r + 16, c5_1, va, vb, readC); }
            { float* r = c + 6 * (nint)ldc; Out(r, c6_0, va, vb, readC); Out(r + 16, c6_1, va, vb, readC); }
            { float* r = c + 7 * (nint)ldc; Out(r, c7_0, va, vb, readC); Out(r + 16, c7_1, va, vb, readC); }
        }
    }

    /// <summary>AVX2+FMA SGEMM kernel, 6×16 floats: 12 ymm accumulators + 2 B vectors + 1 broadcast = 15 of 16 registers.</summary>
    internal struct Sgemm256 : IGemmKernel<float>
    {
        public static int MR => 6;
        public static int NR => 16;
        public static int MC => 240;
        public static int KC => 256;
        public static int NC => 2048;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
        {
            Vector256<float> c0_0 = default, c0_1 = default;
            Vector256<float> c1_0 = default, c1_1 = default;
            Vector256<float> c2_0 = default, c2_1 = default;
            Vector256<float> c3_0 = default, c3_1 = default;
            Vector256<float> c4_0 = default, c4_1 = default;
            Vector256<float> c5_0 = default, c5_1 = default;
            // Start fetching the C tile (each row's first and last byte, so both lines of an unaligned row)
            // now: it is needed only after the k loop, KC·MR·NR/W FMAs from here. Worth ~5% at n ≥ 1024.
            if (Sse.IsSupported) for (int i = 0; i < 6; i++) { byte* row = (byte*)(c + i * (nint)ldc); Sse.Prefetch0(row); Sse.Prefetch0(row + 63); }
            for (int p = 0; p < kc; p++, a += 6, b += 16)
            {
                var b0 = Vector256.Load(b); var b1 = Vector256.Load(b + 8);
                var a0 = Vector256.Create(a[0]); c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0); c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
                var a1 = Vector256.Create(a[1]); c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0); c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
                var a2 = Vector256.Create(a[2]); c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0); c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
                var a3 = Vector256.Create(a[3]); c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0); c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
                var a4 = Vector256.Create(a[4]); c4_0 = Vector256.FusedMultiplyAdd(a4, b0, c4_0); c4_1 = Vector256.FusedMultiplyAdd(a4, b1, c4_1);
                var a5 = Vector256.Create(a[5]); c5_0 = Vector256.FusedMultiplyAdd(a5, b0, c5_0); c5_1 = Vector256.FusedMultiplyAdd(a5, b1, c5_1);
            }
            var va = Vector256.Create(alpha); var vb = Vector256.Create(beta); bool readC = beta != 0;
            { float* r = c + 0 * (nint)ldc; Out(r, c0_0, va, vb, readC); Out(r + 8, c0_1, va, vb, readC); }
            { float* r = c + 1 * (nint)ldc; Out(r, c1_0, va, vb, readC); Out(r + 8, c1_1, va, vb, readC); }
            { float* r = c + 2 * (nint)ldc; Out(r, c2_0, va, vb, readC); Out(r + 8, c2_1, va, vb, readC); }
            { float* r = c + 3 * (nint)ldc; Out(r, c3_0, va, vb, readC); Out(r + 8, c3_1, va, vb, readC); }
            { float* r = c + 4 * (nint)ldc; Out(r, c4_0, va, vb, readC); Out(r + 8, c4_1, va, vb, readC); }
            { float* r = c + 5 * (nint)ldc; Out(r, c5_0, va, vb, readC); Out(r + 8, c5_1, va, vb, readC); }
        }
    }

    /// <summary>128-bit SGEMM kernel (SSE or ARM64 NEON), 4×8 floats: 8 accumulators, fits 16 registers.</summary>
    internal struct Sgemm128 : IGemmKernel<float>
    {
        public static int MR => 4;
        public static int NR => 8;
        public static int MC => 128;
        public static int KC => 256;
        public static int NC => 2048;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
        {
            Vector128<float> c0_0 = default, c0_1 = default;
            Vector128<float> c1_0 = default, c1_1 = default;
            Vector128<float> c2_0 = default, c2_1 = default;
            Vector128<float> c3_0 = default, c3_1 = default;
            for (int p = 0; p < kc; p++, a += 4, b += 8)
            {
                var b0 = Vector128.Load(b); var b1 = Vector128.Load(b + 4);
                var a0 = Vector128.Create(a[0]); c0_0 = Vector128.MultiplyAddEstimate(a0, b0, c0_0); c0_1 = Vector128.MultiplyAddEstimate(a0, b1, c0_1);
                var a1 = Vector128.Create(a[1]); c1_0 = Vector128.MultiplyAddEstimate(a1, b0, c1_0); c1_1 = Vector128.MultiplyAddEstimate(a1, b1, c1_1);
                var a2 = Vector128.Create(a[2]); c2_0 = Vector128.MultiplyAddEstimate(a2, b0, c2_0); c2_1 = Vector128.MultiplyAddEstimate(a2, b1, c2_1);
                var a3 = Vector128.Create(a[3]); c3_0 = Vector128.MultiplyAddEstimate(a3, b0, c3_0); c3_1 = Vector128.MultiplyAddEstimate(a3, b1, c3_1);
            }
            var va = Vector128.Create(alpha); var vb = Vector128.Create(beta); bool readC = beta != 0;
            { float* r = c + 0 * (nint)ldc; Out(r, c0_0, va, vb, readC); Out(r + 4, c0_1, va, vb, readC); }
            { float* r = c + 1 * (nint)ldc; Out(r, c1_0, va, vb, readC); Out(r + 4, c1_1, va, vb, readC); }
            { float* r = c + 2 * (nint)ldc; Out(r, c2_0, va, vb, readC); Out(r + 4, c2_1, va, vb, readC); }
            { float* r = c + 3 * (nint)ldc; Out(r, c3_0, va, vb, readC); Out(r + 4, c3_1, va, vb, readC); }
        }
    }
}
