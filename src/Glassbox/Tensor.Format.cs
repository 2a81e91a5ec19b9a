using System.Globalization;
using System.Text;

namespace Glassbox;

public sealed partial class Tensor
{
    /// <summary>
    /// Shape, dtype and values, abbreviated with "..." past 6 entries per dimension, e.g.
    /// <c>tensor([[1.0000, 2.0000], [3.0000, 4.0000]], shape=[2, 2], dtype=float32, grad_fn=&lt;mulBackward&gt;)</c>.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder("tensor(");
        var values = ToDoubleArray();
        var strideDense = ShapeUtil.ContiguousStrides(shape);
        FormatDim(sb, values, 0, 0, strideDense);
        sb.Append($", shape={ShapeUtil.Format(shape)}, dtype={DType.TorchName()}");
        if (GradFn is not null) sb.Append($", grad_fn={GradFn}");
        else if (RequiresGrad) sb.Append(", requires_grad=True");
        return sb.Append(')').ToString();
    }

    private void FormatDim(StringBuilder sb, double[] v, int dim, int offset, int[] st)
    {
        if (dim == NDim) { sb.Append(FormatValue(v[offset])); return; }
        sb.Append('[');
        int n = shape[dim];
        for (int i = 0; i < n; i++)
        {
            if (n > 6 && i == 3) { sb.Append("..., "); i = n - 3; }
            FormatDim(sb, v, dim + 1, offset + i * st[dim], st);
            if (i < n - 1) sb.Append(", ");
        }
        sb.Append(']');
    }

    private string FormatValue(double x) => DType switch
    {
        DType.Bool => x != 0 ? "True" : "False",
        DType.Int64 => ((long)x).ToString(CultureInfo.InvariantCulture),
        _ => x.ToString("0.0000", CultureInfo.InvariantCulture),
    };
}
