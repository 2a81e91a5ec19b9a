using System.Numerics.Tensors;

namespace Glassbox.ML.Svm;

/// <summary>The Q matrix of a dual SVM problem, row by row: Q_ij = yᵢyⱼK(xᵢ, xⱼ) (libsvm's <c>QMatrix</c>).</summary>
internal abstract class QMatrix
{
    /// <summary>Q_ii for every i (libsvm's <c>QD</c>).</summary>
    public abstract double[] Diagonal { get; }

    /// <summary>Row i of Q, length l, indexed by problem index. Valid until the next-but-one call.</summary>
    public abstract float[] Row(int i);
}

/// <summary>
/// Q for C-SVC on the rows of X [l, d] with labels y ∈ {+1, −1} (libsvm's <c>SVC_Q</c>): rows come from an LRU
/// <see cref="KernelCache"/>; a miss computes K(xᵢ, ·) as l dot products against the precomputed norms.
/// </summary>
internal sealed class SvcQ : QMatrix
{
    private readonly double[] x, norms;
    private readonly int l, d;
    private readonly sbyte[] y;
    private readonly SvmKernel kernel;
    private readonly KernelCache cache;
    private readonly double[] qd;
    private readonly Action<int, float[]> fill;

    private readonly bool parallelRows;

    // parallelRows: compute each row's entries on several threads — for a lone problem (two classes), where the
    // one-vs-one problems are not already running in parallel
    public SvcQ(double[] x, int l, int d, sbyte[] y, SvmKernel kernel, double cacheMb, bool parallelRows = false)
    {
        this.x = x; this.l = l; this.d = d; this.y = y; this.kernel = kernel;
        this.parallelRows = parallelRows && (long)l * d >= RowParallelWork;
        norms = SvmKernel.SquaredNorms(x, l, d);
        cache = new KernelCache(l, l, cacheMb);
        qd = new double[l];
        for (int i = 0; i < l; i++) qd[i] = kernel.FromDot(norms[i], norms[i], norms[i]);
        fill = Fill;
    }

    public override double[] Diagonal => qd;

    public override float[] Row(int i) => cache.Get(i, l, fill);

    private void Fill(int i, float[] row)
    {
        if (parallelRows) Kernels.Par.For(l, RowParallelWork / d, (s, len) => FillRange(i, row, s, s + len));
        else FillRange(i, row, 0, l);
    }

    private void FillRange(int i, float[] row, int from, int to)
    {
        var xi = x.AsSpan(i * d, d);
        double ni = norms[i];
        int yi = y[i];
        for (int j = from; j < to; j++)
            row[j] = (float)(yi * y[j] * kernel.FromDot(TensorPrimitives.Dot<double>(xi, x.AsSpan(j * d, d)), ni, norms[j]));
    }

    /// <summary>Multiply–adds in a kernel row below which splitting it across threads does not pay (~0.1 ms of work).</summary>
    internal const int RowParallelWork = 1 << 18;
}

/// <summary>
/// Q for ε-SVR (libsvm's <c>SVR_Q</c>): the dual has 2l variables (α⁺ then α⁻) with signs s = (+1…, −1…) and
/// Q_ij = sᵢsⱼK(x_{i mod l}, x_{j mod l}); kernel rows of length l are cached once and expanded into one of two
/// alternating buffers (the solver holds Q_i and Q_j at the same time).
/// </summary>
internal sealed class SvrQ : QMatrix
{
    private readonly double[] x, norms;
    private readonly int l, d;
    private readonly SvmKernel kernel;
    private readonly KernelCache cache;
    private readonly double[] qd;
    private readonly float[][] buffers;
    private int nextBuffer;
    private readonly Action<int, float[]> fill;

    public SvrQ(double[] x, int l, int d, SvmKernel kernel, double cacheMb)
    {
        this.x = x; this.l = l; this.d = d; this.kernel = kernel;
        norms = SvmKernel.SquaredNorms(x, l, d);
        cache = new KernelCache(l, l, cacheMb);
        qd = new double[2 * l];
        for (int i = 0; i < l; i++) qd[i] = qd[i + l] = kernel.FromDot(norms[i], norms[i], norms[i]);
        buffers = [new float[2 * l], new float[2 * l]];
        fill = Fill;
    }

    public override double[] Diagonal => qd;

    public override float[] Row(int i)
    {
        int real = i < l ? i : i - l;
        var k = cache.Get(real, l, fill);
        var buf = buffers[nextBuffer];
        nextBuffer = 1 - nextBuffer;
        if (i < l)
        {
            k.CopyTo(buf, 0);
            for (int j = 0; j < l; j++) buf[j + l] = -k[j];
        }
        else
        {
            for (int j = 0; j < l; j++) buf[j] = -k[j];
            k.CopyTo(buf, l);
        }
        return buf;
    }

    private void Fill(int i, float[] row)
    {
        if ((long)l * d < SvcQ.RowParallelWork) { FillRange(i, row, 0, l); return; }
        Kernels.Par.For(l, SvcQ.RowParallelWork / d, (s, len) => FillRange(i, row, s, s + len));
    }

    private void FillRange(int i, float[] row, int from, int to)
    {
        var xi = x.AsSpan(i * d, d);
        for (int j = from; j < to; j++)
            row[j] = (float)kernel.FromDot(TensorPrimitives.Dot<double>(xi, x.AsSpan(j * d, d)), norms[i], norms[j]);
    }
}
