using Glassbox.Autograd;
using Glassbox.NN;

namespace Glassbox.Tests.Tensors;

/// <summary>
/// Every tensor a backward reads (inputs, outputs, masks, conditions, index tensors) is registered with its
/// version: writing to it in place between forward and backward must make backward throw, naming the op,
/// instead of silently producing a gradient computed from the new values.
/// </summary>
public class SavedTensorVersionTests
{
    private static Tensor X(params int[] shape)
    {
        var g = new Generator(11);
        var n = shape.Aggregate(1, (a, b) => a * b);
        var d = new double[n];
        // Values in [0.5, 1.5): positive (log, sqrt, rsqrt) and distinct (max/min have one winner).
        for (int i = 0; i < n; i++) d[i] = 0.5 + g.NextDouble();
        return Tensor.FromArray(d, shape).RequiresGrad_();
    }

    /// <summary>One op: builds (output, tensor that the op's backward reads) from fresh leaves.</summary>
    public sealed record Case(string Op, Func<(Tensor Output, Tensor Saved)> Build)
    {
        /// <inheritdoc/>
        public override string ToString() => Op;
    }

    private static readonly Case[] Cases =
    [
        new("where", () => { var c = Tensor.FromArray(new[] { true, false, true }, 3); return (Tensor.Where(c, X(3), 0.0), c); }),
        new("masked_fill", () => { var m = Tensor.FromArray(new[] { true, false, false }, 3); return (X(3).MaskedFill(m, 2.0), m); }),
        new("index_select", () => { var i = Tensor.FromArray(new long[] { 2, 0, 2 }, 3); return (X(3, 2).IndexSelect(0, i), i); }),
        new("embedding", () => { var i = Tensor.FromArray(new long[] { 1, 1, 0 }, 3); return (Tensor.Embedding(i, X(4, 2)), i); }),
        new("gather", () => { var i = Tensor.FromArray(new long[] { 1, 0, 2, 2 }, 2, 2); return (X(2, 3).Gather(1, i), i); }),
        new("scatter_add", () => { var i = Tensor.FromArray(new long[] { 1, 0 }, 1, 2); return (X(2, 2).ScatterAdd(0, i, X(1, 2)), i); }),
        new("max", () => { var (v, i) = X(2, 3).Max(1); return (v, i); }),
        new("min", () => { var x = X(5); return (x.Min(), x); }),
        new("mul", () => { var a = X(3); return (a * X(3), a); }),
        new("div", () => { var b = X(3); return (X(3) / b, b); }),
        new("pow", () => { var a = X(3); return (a.Pow(X(3)), a); }),
        new("maximum", () => { var b = X(3); return (X(3).Maximum(b), b); }),
        new("matmul", () => { var a = X(2, 3); return (a.MatMul(X(3, 2)), a); }),
        new("linear", () => { var w = X(2, 3); return (Tensor.Linear(X(4, 3), w, X(2)), w); }),
        new("exp", () => { var y = X(3).Exp(); return (y, y); }),
        new("log", () => { var x = X(3); return (x.Log(), x); }),
        new("sqrt", () => { var y = X(3).Sqrt(); return (y, y); }),
        new("relu", () => { var y = X(3).Relu(); return (y, y); }),
        new("sigmoid", () => { var y = X(3).Sigmoid(); return (y, y); }),
        new("tanh", () => { var y = X(3).Tanh(); return (y, y); }),
        new("abs", () => { var x = X(3); return (x.Abs(), x); }),
        new("sin", () => { var x = X(3); return (x.Sin(), x); }),
        new("clamp", () => { var x = X(3); return (x.Clamp(0.7, 1.2), x); }),
        new("gelu", () => { var x = X(3); return (x.Gelu(), x); }),
        new("softmax", () => { var y = X(2, 3).Softmax(1); return (y, y); }),
        new("logsumexp", () => { var x = X(2, 3); return (x.LogSumExp(1), x); }),
        new("norm", () => { var x = X(2, 3); return (x.Norm(2, 1), x); }),
        new("prod", () => { var x = X(2, 3); return (x.Prod(1), x); }),
    ];

    /// <summary>Op names, for the theory.</summary>
    public static TheoryData<string> Ops() => new(Cases.Select(c => c.Op));

    private static void BumpInPlace(Tensor t)
    {
        // Same values, new version: even a write that changes nothing must be caught, because the check is by version.
        using var _ = GradMode.NoGrad();
        t.CopyFrom(t.Detach().Clone());
    }

    [Theory, MemberData(nameof(Ops))]
    public void BackwardThrowsAfterAnInPlaceWriteToASavedTensor(string op)
    {
        var c = Cases.Single(k => k.Op == op);

        // Control: the same graph, untouched, differentiates.
        var (ok, _) = c.Build();
        ok.Sum().Backward();

        var (y, saved) = c.Build();
        var loss = y.Sum();
        BumpInPlace(saved);
        var e = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains($"'{op}'", e.Message);
        Assert.Contains("modified by an in-place operation", e.Message);
    }

    [Fact]
    public void ChangingWhereConditionAfterForwardIsAnErrorNotAWrongGradient()
    {
        var cond = Tensor.FromArray(new[] { true, false }, 2);
        var a = Tensor.FromArray(new[] { 1.0, 2.0 }, 2).RequiresGrad_();
        var loss = Tensor.Where(cond, a, 0.0).Sum();
        cond.CopyFrom(Tensor.FromArray(new[] { false, true }, 2));
        Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Null(a.Grad);
    }

    [Fact]
    public void ChangingMaskedFillMaskAfterForwardIsAnError()
    {
        var mask = Tensor.FromArray(new[] { true, false }, 2);
        var a = Tensor.FromArray(new[] { 1.0, 2.0 }, 2).RequiresGrad_();
        var loss = a.MaskedFill(mask, 0).Sum();
        mask.CopyFrom(Tensor.FromArray(new[] { false, true }, 2));
        Assert.Throws<InvalidOperationException>(() => loss.Backward());
    }

    [Fact]
    public void CrossEntropyTargetsMayBeReusedAfterForward()
    {
        // The targets only feed fresh intermediate tensors (mask, clamped copy), so overwriting them after the
        // forward cannot change the gradient; the loss must not refuse to differentiate.
        var logits = X(2, 3);
        var target = Tensor.FromArray(new long[] { 2, 0 }, 2);
        var loss = F.CrossEntropy(logits, target);
        target.CopyFrom(Tensor.FromArray(new long[] { 1, 1 }, 2));
        loss.Backward();
        var p = logits.Detach().Softmax(1).ToArray<double>();
        var g = logits.Grad!.ToArray<double>();
        // ∂CE/∂z = (softmax − onehot(original target)) / N
        Assert.Equal((p[2] - 1) / 2, g[2], 12);
        Assert.Equal((p[3] - 1) / 2, g[3], 12);
        Assert.Equal(p[4] / 2, g[4], 12);
    }
}
