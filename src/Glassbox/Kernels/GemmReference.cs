namespace Glassbox.Kernels;

/// <summary>
/// The textbook triple loop for C = α·op(A)·op(B) + β·C: the reference that <see cref="Gemm"/> is tested against.
/// </summary>
/// <remarks>
/// Letters (used by every GEMM file): M rows of C and op(A), N columns of C and op(B), K the shared
/// dimension. Matrices are row-major with leading dimensions lda/ldb/ldc (the distance between rows).
/// op(X) = X, or Xᵀ when the trans flag is set — so a transposed operand is read in place, never copied.
/// </remarks>
public static class GemmReference
{
    /// <summary>Reference SGEMM (float32), accumulating in double so it is a trustworthy reference.</summary>
    public static void Sgemm(Span<float> c, int ldc, ReadOnlySpan<float> a, int lda, bool transA, ReadOnlySpan<float> b, int ldb, bool transB,
        int m, int n, int k, float alpha = 1f, float beta = 0f)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double acc = 0;
                for (int p = 0; p < k; p++)
                    acc += (double)(transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                float prev = beta == 0f ? 0f : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * acc) + prev;
            }
    }

    /// <summary>Reference DGEMM (float64).</summary>
    public static void Dgemm(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, bool transA, ReadOnlySpan<double> b, int ldb, bool transB,
        int m, int n, int k, double alpha = 1.0, double beta = 0.0)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double acc = 0;
                for (int p = 0; p < k; p++)
                    acc += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                double prev = beta == 0.0 ? 0.0 : beta * c[i * ldc + j];
                c[i * ldc + j] = alpha * acc + prev;
            }
    }
}
