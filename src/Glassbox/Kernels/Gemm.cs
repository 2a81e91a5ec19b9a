namespace Glassbox.Kernels;

/// <summary>
/// General matrix multiply C = α·op(A)·op(B) + β·C in float32 (SGEMM) and float64 (DGEMM).
/// Same letters and layout as <see cref="GemmReference"/>. When β = 0, C is overwritten (NaNs in C are not propagated).
/// </summary>
public static class Gemm
{
    /// <summary>SGEMM: C[M×N] = α·op(A)[M×K]·op(B)[K×N] + β·C.</summary>
    public static void Sgemm(Span<float> c, int ldc, ReadOnlySpan<float> a, int lda, bool transA, ReadOnlySpan<float> b, int ldb, bool transB,
        int m, int n, int k, float alpha = 1f, float beta = 0f)
        => GemmReference.Sgemm(c, ldc, a, lda, transA, b, ldb, transB, m, n, k, alpha, beta);

    /// <summary>DGEMM: C[M×N] = α·op(A)[M×K]·op(B)[K×N] + β·C.</summary>
    public static void Dgemm(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, bool transA, ReadOnlySpan<double> b, int ldb, bool transB,
        int m, int n, int k, double alpha = 1.0, double beta = 0.0)
        => GemmReference.Dgemm(c, ldc, a, lda, transA, b, ldb, transB, m, n, k, alpha, beta);
}
