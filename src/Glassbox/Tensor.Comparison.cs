using System.Numerics;

namespace Glassbox;

// Comparisons and logical ops (no gradient: their outputs are bool), and Where (differentiable in its
// two value arguments).
public sealed partial class Tensor
{
    private enum Cmp { Eq, Ne, Lt, Le, Gt, Ge }

    private static Tensor Compare(Tensor a, Tensor b, Cmp op, string name)
    {
        var dtype = DTypeExtensions.Promote(a.DType, b.DType);
        var outShape = ShapeUtil.Broadcast(a.shape, b.shape, name);
        var x = a.To(dtype).Expand(outShape).ContiguousRaw();
        var y = b.To(dtype).Expand(outShape).ContiguousRaw();
        var z = new Tensor(outShape, DType.Bool);
        var zs = z.Span<bool>();
        switch (dtype)
        {
            case DType.Float32: CompareKernel(zs, x.Span<float>(), y.Span<float>(), op); break;
            case DType.Float64: CompareKernel(zs, x.Span<double>(), y.Span<double>(), op); break;
            case DType.Int64: CompareKernel(zs, x.Span<long>(), y.Span<long>(), op); break;
            default:
                var xb = x.Span<bool>(); var yb = y.Span<bool>();
                for (int i = 0; i < zs.Length; i++)
                {
                    int u = xb[i] ? 1 : 0, v = yb[i] ? 1 : 0;
                    zs[i] = op switch { Cmp.Eq => u == v, Cmp.Ne => u != v, Cmp.Lt => u < v, Cmp.Le => u <= v, Cmp.Gt => u > v, _ => u >= v };
                }
                break;
        }
        return z;
    }

    private static void CompareKernel<T>(Span<bool> z, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Cmp op) where T : INumber<T>
    {
        switch (op)
        {
            case Cmp.Eq: for (int i = 0; i < z.Length; i++) z[i] = x[i] == y[i]; break;
            case Cmp.Ne: for (int i = 0; i < z.Length; i++) z[i] = x[i] != y[i]; break;
            case Cmp.Lt: for (int i = 0; i < z.Length; i++) z[i] = x[i] < y[i]; break;
            case Cmp.Le: for (int i = 0; i < z.Length; i++) z[i] = x[i] <= y[i]; break;
            case Cmp.Gt: for (int i = 0; i < z.Length; i++) z[i] = x[i] > y[i]; break;
            default: for (int i = 0; i < z.Length; i++) z[i] = x[i] >= y[i]; break;
        }
    }

    /// <summary>Elementwise a == b (<c>torch.eq</c>), bool.</summary>
    public Tensor Eq(Tensor other) => Compare(this, other, Cmp.Eq, "eq");
    /// <summary>Elementwise a != b (<c>torch.ne</c>), bool.</summary>
    public Tensor Ne(Tensor other) => Compare(this, other, Cmp.Ne, "ne");
    /// <summary>Elementwise a &lt; b (<c>torch.lt</c>), bool.</summary>
    public Tensor Lt(Tensor other) => Compare(this, other, Cmp.Lt, "lt");
    /// <summary>Elementwise a &lt;= b (<c>torch.le</c>), bool.</summary>
    public Tensor Le(Tensor other) => Compare(this, other, Cmp.Le, "le");
    /// <summary>Elementwise a &gt; b (<c>torch.gt</c>), bool.</summary>
    public Tensor Gt(Tensor other) => Compare(this, other, Cmp.Gt, "gt");
    /// <summary>Elementwise a &gt;= b (<c>torch.ge</c>), bool.</summary>
    public Tensor Ge(Tensor other) => Compare(this, other, Cmp.Ge, "ge");
    /// <summary>Elementwise a == s.</summary>
    public Tensor Eq(double s) => Eq(ScalarLike(s));
    /// <summary>Elementwise a != s.</summary>
    public Tensor Ne(double s) => Ne(ScalarLike(s));
    /// <summary>Elementwise a &lt; s.</summary>
    public Tensor Lt(double s) => Lt(ScalarLike(s));
    /// <summary>Elementwise a &lt;= s.</summary>
    public Tensor Le(double s) => Le(ScalarLike(s));
    /// <summary>Elementwise a &gt; s.</summary>
    public Tensor Gt(double s) => Gt(ScalarLike(s));
    /// <summary>Elementwise a &gt;= s.</summary>
    public Tensor Ge(double s) => Ge(ScalarLike(s));

    private static Tensor Logical(Tensor a, Tensor b, Func<bool, bool, bool> f, string name)
    {
        var outShape = ShapeUtil.Broadcast(a.shape, b.shape, name);
        var x = a.To(DType.Bool).Expand(outShape).ContiguousRaw().Span<bool>();
        var y = b.To(DType.Bool).Expand(outShape).ContiguousRaw().Span<bool>();
        var z = new Tensor(outShape, DType.Bool);
        var zs = z.Span<bool>();
        for (int i = 0; i < zs.Length; i++) zs[i] = f(x[i], y[i]);
        return z;
    }

    /// <summary>Elementwise logical and (<c>torch.logical_and</c>); non-bool inputs are true where non-zero.</summary>
    public Tensor LogicalAnd(Tensor other) => Logical(this, other, (u, v) => u && v, "logical_and");
    /// <summary>Elementwise logical or (<c>torch.logical_or</c>).</summary>
    public Tensor LogicalOr(Tensor other) => Logical(this, other, (u, v) => u || v, "logical_or");
    /// <summary>Elementwise logical exclusive or (<c>torch.logical_xor</c>).</summary>
    public Tensor LogicalXor(Tensor other) => Logical(this, other, (u, v) => u ^ v, "logical_xor");
    /// <summary>Elementwise logical not (<c>torch.logical_not</c>).</summary>
    public Tensor LogicalNot() => Logical(this, this, (u, _) => !u, "logical_not");

    /// <summary>True if any element is non-zero (<c>torch.any</c>).</summary>
    public bool Any() { foreach (var v in To(DType.Bool).ToArray<bool>()) if (v) return true; return false; }
    /// <summary>True if every element is non-zero (<c>torch.all</c>).</summary>
    public bool All() { foreach (var v in To(DType.Bool).ToArray<bool>()) if (!v) return false; return true; }

    /// <summary>
    /// Picks from <paramref name="a"/> where <paramref name="condition"/> holds, else from <paramref name="b"/>,
    /// with broadcasting (<c>torch.where</c>). ∂/∂a = [cond], ∂/∂b = [¬cond].
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var dtype = DTypeExtensions.Promote(a.DType, b.DType);
        var outShape = ShapeUtil.Broadcast(ShapeUtil.Broadcast(condition.shape, a.shape, "where"), b.shape, "where");
        var c = condition.To(DType.Bool).Expand(outShape).ContiguousRaw().Span<bool>();
        var x = a.To(dtype).Expand(outShape).ContiguousRaw();
        var y = b.To(dtype).Expand(outShape).ContiguousRaw();
        var z = new Tensor(outShape, dtype);
        switch (dtype)
        {
            case DType.Float32: Select(z.Span<float>(), c, x.Span<float>(), y.Span<float>()); break;
            case DType.Float64: Select(z.Span<double>(), c, x.Span<double>(), y.Span<double>()); break;
            case DType.Int64: Select(z.Span<long>(), c, x.Span<long>(), y.Span<long>()); break;
            default: Select(z.Span<bool>(), c, x.Span<bool>(), y.Span<bool>()); break;
        }
        var cond = condition;
        return RecordDifferentiable(z, "where", [a, b], g =>
        {
            var zero = ZerosLike(g);
            return [a.requiresGrad ? SumTo(Where(cond, g, zero), a.shape) : null,
                    b.requiresGrad ? SumTo(Where(cond, zero, g), b.shape) : null];
        }, cond);
    }

    /// <summary>Where with a scalar for the "else" branch.</summary>
    public static Tensor Where(Tensor condition, Tensor a, double b) => Where(condition, a, a.ScalarLike(b));

    private static void Select<T>(Span<T> z, ReadOnlySpan<bool> c, ReadOnlySpan<T> x, ReadOnlySpan<T> y)
    {
        for (int i = 0; i < z.Length; i++) z[i] = c[i] ? x[i] : y[i];
    }
}
