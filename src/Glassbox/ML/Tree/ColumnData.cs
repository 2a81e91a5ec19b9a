namespace Glassbox.ML.Tree;

/// <summary>
/// The training matrix as trees see it: float32 (sklearn's <c>DTYPE</c>), stored feature-major
/// (<c>Col[f·N + i]</c>), so gathering one feature for a node's samples reads one contiguous 4·N-byte column
/// rather than striding across rows. Shared read-only by all the trees of an ensemble.
/// </summary>
internal sealed class ColumnData
{
    /// <summary>Feature-major float32 values [P][N].</summary>
    public readonly float[] Col;
    /// <summary>Number of samples.</summary>
    public readonly int N;
    /// <summary>Number of features.</summary>
    public readonly int P;

    /// <summary>Transposes a row-major float64 matrix [n, p] into float32 columns.</summary>
    public ColumnData(double[] x, int n, int p)
    {
        N = n; P = p;
        Col = new float[(long)n * p];
        const int block = 64;
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int i1 = Math.Min(n, i0 + block);
            for (int f = 0; f < p; f++)
            {
                int o = f * n;
                for (int i = i0; i < i1; i++) Col[o + i] = (float)x[i * p + f];
            }
        }
    }
}
