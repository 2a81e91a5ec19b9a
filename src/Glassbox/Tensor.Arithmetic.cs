using System.Numerics.Tensors;
using Glassbox.Kernels;

namespace Glassbox;

// Arithmetic: + − × ÷, pow, maximum, minimum, with NumPy broadcasting.
// Backward rule shared by all of them: the gradient of a broadcast operand is the output gradient summed
// back over the dimensions that were stretched (SumTo), because each input element fed every output
// element it was broadcast to.
public sealed partial class Tensor
{
    /// <summary>Runs a broadcasting binary kernel with type promotion; no autograd.</summary>
    internal static Tensor BinaryRaw(Tensor a, Tensor b, BinaryOp op, string name)
    {
        var dtype = DTypeExtensions.Promote(a.DType, b.DType);
        if (dtype == DType.Bool) dtype = DType.Int64;
        if (a.DType != dtype) a = a.To(dtype);
        if (b.DType != dtype) b = b.To(dtype);
        var outShape = ShapeUtil.Broadcast(a.shape, b.shape, name);
        var sa = ShapeUtil.BroadcastStrides(a.shape, a.strides, outShape);
        var sb = ShapeUtil.BroadcastStrides(b.shape, b.strides, outShape);
        var z = new Tensor(outShape, dtype);
        switch (dtype)
        {
            case DType.Float32: BinaryKernels.Broadcast(op, z.Data<float>(), a.Data<float>(), a.Offset, sa, b.Data<float>(), b.Offset, sb, outShape); break;
            case DType.Float64: BinaryKernels.Broadcast(op, z.Data<double>(), a.Data<double>(), a.Offset, sa, b.Data<double>(), b.Offset, sb, outShape); break;
            default: BinaryKernels.Broadcast(op, z.Data<long>(), a.Data<long>(), a.Offset, sa, b.Data<long>(), b.Offset, sb, outShape); break;
        }
        return z;
    }

    /// <summary>A 0-d tensor holding <paramref name="value"/> in the dtype a scalar operand of this tensor takes (PyTorch's rule).</summary>
    internal Tensor ScalarLike(double value)
    {
        var dt = DType.IsFloatingPoint() ? DType : (Math.Floor(value) == value ? DType.Int64 : DType.Float32);
        return Scalar(value, dt);
    }

    /// <summary>Elementwise a + b with broadcasting (<c>torch.add</c>). ∂/∂a = 1, ∂/∂b = 1.</summary>
    public Tensor Add(Tensor other)
    {
        var (a, b) = (this, other);
        var z = BinaryRaw(a, b, BinaryOp.Add, "add");
        return RecordDifferentiable(z, "add", [a, b], g => [SumTo(g, a.shape), SumTo(g, b.shape)]);
    }

    /// <summary>Elementwise a − b with broadcasting (<c>torch.sub</c>). ∂/∂a = 1, ∂/∂b = −1.</summary>
    public Tensor Sub(Tensor other)
    {
        var (a, b) = (this, other);
        var z = BinaryRaw(a, b, BinaryOp.Sub, "sub");
        return RecordDifferentiable(z, "sub", [a, b], g => [SumTo(g, a.shape), b.requiresGrad ? SumTo(-g, b.shape) : null]);
    }

    /// <summary>Elementwise a·b with broadcasting (<c>torch.mul</c>). ∂/∂a = b, ∂/∂b = a.</summary>
    public Tensor Mul(Tensor other)
    {
        var (a, b) = (this, other);
        var z = BinaryRaw(a, b, BinaryOp.Mul, "mul");
        return RecordDifferentiable(z, "mul", [a, b], g => [
            a.requiresGrad ? SumTo(g * b, a.shape) : null,
            b.requiresGrad ? SumTo(g * a, b.shape) : null], a, b);
    }

    /// <summary>
    /// Elementwise a / b with broadcasting (<c>torch.div</c>; for int64 operands it floors, like
    /// <c>rounding_mode='floor'</c>). ∂/∂a = 1/b, ∂/∂b = −a/b².
    /// </summary>
    public Tensor Div(Tensor other)
    {
        var (a, b) = (this, other);
        var z = BinaryRaw(a, b, BinaryOp.Div, "div");
        return RecordDifferentiable(z, "div", [a, b], g => [
            a.requiresGrad ? SumTo(g / b, a.shape) : null,
            b.requiresGrad ? SumTo(-g * a / (b * b), b.shape) : null], a, b);
    }

    /// <summary>
    /// Elementwise a^b with broadcasting (<c>torch.pow</c>). ∂/∂a = b·a^(b−1); ∂/∂b = a^b·ln a, taken as 0
    /// where a = 0 and b ≥ 0 (the limit PyTorch uses, so that 0^b with b ≥ 0 does not yield NaN).
    /// </summary>
    public Tensor Pow(Tensor exponent)
    {
        var (a, b) = (this, exponent);
        var z = BinaryRaw(a, b, BinaryOp.Pow, "pow");
        return RecordDifferentiable(z, "pow", [a, b], g => [
            a.requiresGrad ? SumTo(g * b * a.Pow(b - 1.0), a.shape) : null,
            b.requiresGrad ? SumTo(Where(a.Eq(0.0).LogicalAnd(b.Ge(0.0)), ZerosLike(z), g * z * a.Log()), b.shape) : null], a, b, z);
    }

    /// <summary>Elementwise a^p for a scalar exponent (<c>tensor.pow(p)</c>). ∂/∂a = p·a^(p−1).</summary>
    public Tensor Pow(double exponent)
    {
        var a = this;
        var z = BinaryRaw(a, ScalarLike(exponent), BinaryOp.Pow, "pow");
        return RecordDifferentiable(z, "pow", [a], g => [g * exponent * a.Pow(exponent - 1.0)], a);
    }

    /// <summary>
    /// Elementwise maximum (<c>torch.maximum</c>); NaN propagates. The gradient goes to the larger input;
    /// on ties it is split evenly, as PyTorch does.
    /// </summary>
    public Tensor Maximum(Tensor other) => MinMax(other, BinaryOp.Maximum, "maximum");

    /// <summary>Elementwise minimum (<c>torch.minimum</c>); NaN propagates; ties split the gradient evenly.</summary>
    public Tensor Minimum(Tensor other) => MinMax(other, BinaryOp.Minimum, "minimum");

    private Tensor MinMax(Tensor other, BinaryOp op, string name)
    {
        var (a, b) = (this, other);
        var z = BinaryRaw(a, b, op, name);
        return RecordDifferentiable(z, name, [a, b], g =>
        {
            // share = 1 where this input won, 0.5 on ties, 0 where it lost
            var aWins = (op == BinaryOp.Maximum ? a.Gt(b) : a.Lt(b)).To(g.DType);
            var tie = a.Eq(b).To(g.DType) * 0.5;
            return [
                a.requiresGrad ? SumTo(g * (aWins + tie), a.shape) : null,
                b.requiresGrad ? SumTo(g * (1.0 - aWins - tie), b.shape) : null];
        }, a, b);
    }

    /// <summary>Elementwise −a (<c>torch.neg</c>).</summary>
    public Tensor Neg()
    {
        var z = BinaryRaw(this, ScalarLike(-1), BinaryOp.Mul, "neg");
        return RecordDifferentiable(z, "neg", [this], g => [-g]);
    }

    /// <summary>a + b.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    /// <summary>a − b.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    /// <summary>a · b (elementwise).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    /// <summary>a / b (elementwise).</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    /// <summary>−a.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();
    /// <summary>a + s.</summary>
    public static Tensor operator +(Tensor a, double s) => a.Add(a.ScalarLike(s));
    /// <summary>s + a.</summary>
    public static Tensor operator +(double s, Tensor a) => a.ScalarLike(s).Add(a);
    /// <summary>a − s.</summary>
    public static Tensor operator -(Tensor a, double s) => a.Sub(a.ScalarLike(s));
    /// <summary>s − a.</summary>
    public static Tensor operator -(double s, Tensor a) => a.ScalarLike(s).Sub(a);
    /// <summary>a · s.</summary>
    public static Tensor operator *(Tensor a, double s) => a.Mul(a.ScalarLike(s));
    /// <summary>s · a.</summary>
    public static Tensor operator *(double s, Tensor a) => a.ScalarLike(s).Mul(a);
    /// <summary>a / s.</summary>
    public static Tensor operator /(Tensor a, double s) => a.Div(a.ScalarLike(s));
    /// <summary>s / a.</summary>
    public static Tensor operator /(double s, Tensor a) => a.ScalarLike(s).Div(a);

    /// <summary>a + s (<c>torch.add</c> with a scalar).</summary>
    public Tensor Add(double s) => this + s;
    /// <summary>a − s.</summary>
    public Tensor Sub(double s) => this - s;
    /// <summary>a · s.</summary>
    public Tensor Mul(double s) => this * s;
    /// <summary>a / s.</summary>
    public Tensor Div(double s) => this / s;

    // ---- in-place updates (optimizers, running statistics). They bump the version counter. ----
    //
    // Type rule (PyTorch's): an in-place op computes the result the out-of-place op would, in the promoted dtype
    // of its operands, then stores it in this tensor's dtype. That store may narrow within a kind (float64 into
    // float32) but never across kinds — a float result into int64 would truncate 0.5 to 0 without a word, an
    // int64 result into bool would turn 2 into true — so those throw before anything is written. Copies
    // (CopyFrom, Fill) are not arithmetic and convert as torch's copy_/fill_ do.

    /// <summary>
    /// Throws unless the result of <c>this ∘ other</c> (scaled by <paramref name="alpha"/>) can be stored in this
    /// tensor's dtype: same kind (bool, integer, floating), or a lower one. Runs before the version bump, so a
    /// refused op leaves the tensor and its version untouched.
    /// </summary>
    private void CheckInPlaceResult(string op, Tensor other, double alpha)
    {
        var result = DTypeExtensions.Promote(DType, other.DType);
        if (!result.IsFloatingPoint() && alpha != Math.Floor(alpha))
            throw new ArgumentException($"{op}: for integral input tensors, argument alpha must not be a fractional number, got {alpha}");
        if (result == DType.Bool && alpha != 1.0)
            throw new ArgumentException($"{op}: alpha {alpha} is not supported for bool tensors (only addition, a logical or, is)");
        if (Kind(result) > Kind(DType))
            throw new ArgumentException($"{op}: result type {result.TorchName()} can't be cast to the desired output type {DType.TorchName()}");

        static int Kind(DType d) => d == DType.Bool ? 0 : d.IsFloatingPoint() ? 2 : 1;
    }

    /// <summary>this += alpha·other, in place (<c>tensor.add_(other, alpha=alpha)</c>). Broadcasts other to this shape.</summary>
    /// <exception cref="ArgumentException">The promoted result is of a higher kind than this tensor's dtype (a float
    /// operand or a fractional alpha on an integer tensor; an integer operand on a bool tensor), as in PyTorch.</exception>
    public Tensor AddInPlace(Tensor other, double alpha = 1.0)
    {
        CheckInPlaceResult("add_", other, alpha);
        BeforeInPlace("AddInPlace");
        if (TryInPlaceSpan(other, alpha, multiply: false)) return this;
        var r = alpha == 1.0 ? BinaryRaw(this, other, BinaryOp.Add, "add_") : BinaryRaw(this, BinaryRaw(other, ScalarLike(alpha), BinaryOp.Mul, "add_"), BinaryOp.Add, "add_");
        WriteRaw(r);
        return this;
    }

    /// <summary>this −= other, in place (<c>tensor.sub_</c>); same dtype rule as <see cref="AddInPlace"/>.</summary>
    public Tensor SubInPlace(Tensor other) => AddInPlace(other, -1.0);

    /// <summary>this ·= other, in place (<c>tensor.mul_</c>); same dtype rule as <see cref="AddInPlace"/>.</summary>
    public Tensor MulInPlace(Tensor other)
    {
        CheckInPlaceResult("mul_", other, 1.0);
        BeforeInPlace("MulInPlace");
        if (TryInPlaceSpan(other, 1.0, multiply: true)) return this;
        WriteRaw(BinaryRaw(this, other, BinaryOp.Mul, "mul_"));
        return this;
    }

    /// <summary>this ·= s, in place (<c>tensor.mul_(s)</c>); a fractional s on an integer tensor throws.</summary>
    public Tensor MulInPlace(double s) => MulInPlace(ScalarLike(s));

    /// <summary>
    /// this /= other, in place (<c>tensor.div_</c>); same dtype rule as <see cref="AddInPlace"/>. Differs from
    /// PyTorch for two integer tensors: <see cref="Div(Tensor)"/> floors them to int64 here, so an int64 tensor
    /// divided in place by an int64 one floors too, where torch's true division yields float and refuses.
    /// </summary>
    public Tensor DivInPlace(Tensor other)
    {
        CheckInPlaceResult("div_", other, 1.0);
        BeforeInPlace("DivInPlace");
        WriteRaw(BinaryRaw(this, other, BinaryOp.Div, "div_"));
        return this;
    }

    /// <summary>this /= s, in place (<c>tensor.div_(s)</c>); a fractional s on an integer tensor throws.</summary>
    public Tensor DivInPlace(double s) => DivInPlace(ScalarLike(s));

    /// <summary>Copies <paramref name="src"/> (broadcast to this shape) into this tensor, in place (<c>tensor.copy_</c>).</summary>
    public Tensor CopyFrom(Tensor src)
    {
        BeforeInPlace("CopyFrom");
        var expanded = src.To(DType).Expand(shape).ContiguousRaw();
        WriteRaw(expanded);
        return this;
    }

    /// <summary>Sets every element to <paramref name="value"/>, in place (<c>tensor.fill_</c>).</summary>
    public Tensor Fill(double value)
    {
        BeforeInPlace("Fill");
        if (IsContiguous)
        {
            switch (DType)
            {
                case DType.Float32: Span<float>().Fill((float)value); break;
                case DType.Float64: Span<double>().Fill(value); break;
                case DType.Int64: Span<long>().Fill((long)value); break;
                default: Span<bool>().Fill(value != 0); break;
            }
        }
        else WriteRaw(Full(shape, value, DType));
        return this;
    }

    /// <summary>Sets every element to zero, in place (<c>tensor.zero_()</c>).</summary>
    public Tensor Zero() => Fill(0);

    /// <summary>Accumulation used by autograd: this += g, with no grad-mode checks (this is a fresh leaf gradient).</summary>
    internal void AddInPlaceRaw(Tensor g)
    {
        BumpVersion();
        if (!TryInPlaceSpan(g, 1.0, multiply: false)) WriteRaw(BinaryRaw(this, g, BinaryOp.Add, "accumulate_grad"));
    }

    /// <summary>
    /// The allocation-free path of the in-place ops: this contiguous, other of the same dtype and either the same
    /// shape and contiguous or a single element. this += alpha·other, or this ·= other. Returns false when the
    /// layouts need the general broadcasting path.
    /// </summary>
    private bool TryInPlaceSpan(Tensor other, double alpha, bool multiply)
    {
        if (!IsContiguous || other.DType != DType || !DType.IsFloatingPoint()) return false;
        bool scalar = other.Numel == 1 && Numel != 1;
        if (!scalar && !(other.IsContiguous && ShapeUtil.SameShape(other.shape, shape))) return false;
        if (DType == DType.Float32)
        {
            var d = Span<float>();
            if (scalar) { float v = other.Data<float>()[other.Offset]; if (multiply) TensorPrimitives.Multiply(d, v, d); else TensorPrimitives.Add(d, (float)alpha * v, d); }
            else if (multiply) TensorPrimitives.Multiply(d, other.Span<float>(), d);
            else if (alpha == 1.0) TensorPrimitives.Add(d, other.Span<float>(), d);
            else TensorPrimitives.MultiplyAdd(other.Span<float>(), (float)alpha, d, d);
        }
        else
        {
            var d = Span<double>();
            if (scalar) { double v = other.Data<double>()[other.Offset]; if (multiply) TensorPrimitives.Multiply(d, v, d); else TensorPrimitives.Add(d, alpha * v, d); }
            else if (multiply) TensorPrimitives.Multiply(d, other.Span<double>(), d);
            else if (alpha == 1.0) TensorPrimitives.Add(d, other.Span<double>(), d);
            else TensorPrimitives.MultiplyAdd(other.Span<double>(), alpha, d, d);
        }
        return true;
    }

    /// <summary>Writes a dense tensor of this shape into this (possibly strided) view.</summary>
    internal void WriteRaw(Tensor dense)
    {
        if (!ShapeUtil.SameShape(dense.shape, shape))
            throw new ArgumentException($"in-place write: result shape {ShapeUtil.Format(dense.shape)} does not match destination shape {ShapeUtil.Format(shape)}");
        if (dense.DType != DType) dense = dense.To(DType);
        dense = dense.ContiguousRaw();
        switch (DType)
        {
            case DType.Float32: Strided.Write(Data<float>(), Offset, shape, strides, dense.Span<float>()); break;
            case DType.Float64: Strided.Write(Data<double>(), Offset, shape, strides, dense.Span<double>()); break;
            case DType.Int64: Strided.Write(Data<long>(), Offset, shape, strides, dense.Span<long>()); break;
            default: Strided.Write(Data<bool>(), Offset, shape, strides, dense.Span<bool>()); break;
        }
    }
}
