using Glassbox.Kernels;

namespace Glassbox;

// Matrix products. For C = A·B with upstream gradient G = ∂L/∂C:
//   ∂L/∂A = G·Bᵀ   and   ∂L/∂B = Aᵀ·G
// (each entry C_ij = Σ_p A_ip B_pj, so ∂C_ij/∂A_ip = B_pj). Batch dimensions broadcast like elementwise
// ops, so their gradients are summed back with SumTo.
public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product with PyTorch's <c>torch.matmul</c> rules: 1-D·1-D is a dot product; 2-D·2-D is the
    /// matrix product; a 1-D operand is treated as a row (left) or column (right) vector and that dimension
    /// removed afterwards; leading batch dimensions broadcast.
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        var (a, b) = (this, other);
        if (a.NDim == 0 || b.NDim == 0) throw new ArgumentException($"matmul: both arguments need at least 1 dimension, got shapes {ShapeUtil.Format(a.shape)} and {ShapeUtil.Format(b.shape)}");
        if (a.NDim == 1 && b.NDim == 1) return a.Unsqueeze(0).MatMul(b.Unsqueeze(1)).Reshape();
        if (a.NDim == 1) return a.Unsqueeze(0).MatMul(b).Squeeze(-2);
        if (b.NDim == 1) return a.MatMul(b.Unsqueeze(1)).Squeeze(-1);
        var z = MatMulRaw(a, b);
        return RecordDifferentiable(z, "matmul", [a, b], g => [
            a.requiresGrad ? SumTo(g.MatMul(b.Transpose(-1, -2)), a.shape) : null,
            b.requiresGrad ? SumTo(a.Transpose(-1, -2).MatMul(g), b.shape) : null], a, b);
    }

    /// <summary>Batched matrix product of two 3-D tensors [B, M, K]·[B, K, N] (<c>torch.bmm</c>); no broadcasting.</summary>
    public Tensor Bmm(Tensor other)
    {
        if (NDim != 3 || other.NDim != 3 || shape[0] != other.shape[0])
            throw new ArgumentException($"bmm: expected [B, M, K] and [B, K, N] with equal B, got {ShapeUtil.Format(shape)} and {ShapeUtil.Format(other.shape)}");
        return MatMul(other);
    }

    /// <summary>Outer product of two vectors: out[i, j] = a[i]·b[j] (<c>torch.outer</c>).</summary>
    public Tensor Outer(Tensor other)
    {
        if (NDim != 1 || other.NDim != 1) throw new ArgumentException($"outer: expected two 1-D tensors, got {ShapeUtil.Format(shape)} and {ShapeUtil.Format(other.shape)}");
        return Unsqueeze(1).Mul(other.Unsqueeze(0));
    }

    /// <summary>
    /// How to hand the last two dims of a tensor to GEMM without copying: row-major (trans = false, ld =
    /// row stride) or a transposed view of a row-major matrix (trans = true, ld = column stride).
    /// </summary>
    private static bool GemmLayout(Tensor t, out bool trans, out int ld)
    {
        int r = t.shape[^2], c = t.shape[^1], sr = t.strides[^2], sc = t.strides[^1];
        if ((sc == 1 || c == 1) && (sr >= Math.Max(c, 1) || r == 1)) { trans = false; ld = r == 1 ? Math.Max(c, 1) : sr; return true; }
        if ((sr == 1 || r == 1) && (sc >= Math.Max(r, 1) || c == 1)) { trans = true; ld = c == 1 ? Math.Max(r, 1) : sc; return true; }
        trans = false; ld = 0; return false;
    }

    internal static Tensor MatMulRaw(Tensor a, Tensor b)
    {
        int m = a.shape[^2], k = a.shape[^1], k2 = b.shape[^2], n = b.shape[^1];
        if (k != k2) throw new ArgumentException($"matmul: shapes {ShapeUtil.Format(a.shape)} and {ShapeUtil.Format(b.shape)} cannot be multiplied ({m}x{k} and {k2}x{n})");
        var dtype = DTypeExtensions.Promote(a.DType, b.DType);
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"matmul: expected floating-point tensors, got {a.DType.TorchName()} and {b.DType.TorchName()}");
        a = a.To(dtype); b = b.To(dtype);

        var batchA = a.shape[..^2]; var batchB = b.shape[..^2];
        var batch = ShapeUtil.Broadcast(batchA, batchB, "matmul");
        int nb = ShapeUtil.Numel(batch);
        var outShape = batch.Concat([m, n]).ToArray();
        var z = new Tensor(outShape, dtype);
        if (z.Numel == 0) return z;

        // [.., M, K]·[K, N] with a contiguous A: fold the batch into M and do one large GEMM.
        if (b.NDim == 2 && a.IsContiguous && nb > 1)
        {
            var a2 = new Tensor(a.Storage, a.Offset, [nb * m, k], [k, 1], dtype);
            var z2 = new Tensor(z.Storage, 0, [nb * m, n], [n, 1], dtype);
            Gemm2D(z2, 0, a2, a2.Offset, b, b.Offset, nb * m, n, k);
            return z;
        }
        if (!GemmLayout(a, out _, out _)) a = a.ContiguousRaw();
        if (!GemmLayout(b, out _, out _)) b = b.ContiguousRaw();
        var sa = ShapeUtil.BroadcastStrides(batchA, a.strides[..^2], batch);
        var sb = ShapeUtil.BroadcastStrides(batchB, b.strides[..^2], batch);
        var offA = Strided.Offsets(a.Offset, batch, sa);
        var offB = Strided.Offsets(b.Offset, batch, sb);
        for (int i = 0; i < nb; i++) Gemm2D(z, i * m * n, a, offA[i], b, offB[i], m, n, k);
        return z;
    }

    private static void Gemm2D(Tensor z, int zOff, Tensor a, int aOff, Tensor b, int bOff, int m, int n, int k)
    {
        GemmLayout(a, out var ta, out var lda);
        GemmLayout(b, out var tb, out var ldb);
        int aLen = SpanLength(m, k, lda, ta), bLen = SpanLength(k, n, ldb, tb);
        if (z.DType == DType.Float32)
            Gemm.Sgemm(z.Data<float>().AsSpan(zOff, m * n), n, a.Data<float>().AsSpan(aOff, aLen), lda, ta, b.Data<float>().AsSpan(bOff, bLen), ldb, tb, m, n, k);
        else
            Gemm.Dgemm(z.Data<double>().AsSpan(zOff, m * n), n, a.Data<double>().AsSpan(aOff, aLen), lda, ta, b.Data<double>().AsSpan(bOff, bLen), ldb, tb, m, n, k);
    }

    // Elements spanned by a rows×cols operand stored with leading dimension ld (transposed or not).
    private static int SpanLength(int rows, int cols, int ld, bool trans)
        => rows == 0 || cols == 0 ? 0 : trans ? (cols - 1) * ld + rows : (rows - 1) * ld + cols;
}
