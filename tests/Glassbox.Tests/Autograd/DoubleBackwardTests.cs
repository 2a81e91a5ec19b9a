using Glassbox.Autograd;
using Glassbox.NN;
using AG = Glassbox.Autograd.Autograd;

namespace Glassbox.Tests.Autograd;

/// <summary>
/// Second-order gradient checks (PyTorch's gradgradcheck) of every op that supports double backward: the first-order
/// vector-Jacobian product, built with createGraph, is itself checked by finite differences in float64 — with respect
/// to the inputs (second derivatives) and to the output gradient v (the graph form must reproduce the first
/// derivative). Tolerances are GradCheck's defaults (atol 1e-7, rtol 1e-5): central differences with ε = 1e-6 have
/// truncation error ~ε²·|f'''| ≈ 1e-12 and rounding error ~1e-16/ε ≈ 1e-10 relative for these O(1) inputs, so a
/// disagreement beyond 1e-7 is a wrong derivative, not noise.
/// </summary>
public class DoubleBackwardTests
{
    private static Tensor R(Generator g, params int[] shape) => Tensor.Randn(shape, DType.Float64, g).RequiresGrad_();

    /// <summary>Standard normal values pushed at least 0.2 away from 0, for ops with a kink at 0 (finite differences straddling it would be wrong).</summary>
    private static Tensor Away(Generator g, params int[] shape)
    {
        var r = Tensor.Randn(shape, DType.Float64, g);
        return (r.Sign() * (r.Abs() + 0.2)).Detach().RequiresGrad_();
    }

    /// <summary>Values in [lo, lo + 1), for ops defined on positive numbers.</summary>
    private static Tensor Pos(Generator g, double lo, params int[] shape) => (Tensor.Rand(shape, DType.Float64, g) + lo).Detach().RequiresGrad_();

    private static Tensor Idx(params long[] v) => Tensor.FromArray(v, v.Length);

    public static TheoryData<string> Ops => new()
    {
        "add", "sub", "mul", "div", "neg", "pow_scalar", "pow_tensor", "exp", "log", "sqrt", "abs", "tanh", "sigmoid",
        "relu", "leaky_relu", "elu", "gelu", "gelu_tanh", "silu", "softplus", "erf",
        "matmul", "mm", "matmul_batched", "bmm", "linear", "linear_3d_nobias",
        "sum_dims", "mean_dims", "sum_all", "view", "reshape", "permute", "transpose", "expand", "cat", "stack",
        "index_select", "gather", "embedding", "slice", "select", "narrow", "pad",
        "softmax", "log_softmax", "logsumexp", "cross_entropy", "cross_entropy_smoothing", "nll_loss", "mse_loss", "bce_with_logits",
        "conv2d", "conv2d_groups_dilation", "conv1d", "conv_transpose2d",
        "layer_norm", "layer_norm_noaffine", "clamp", "where", "masked_fill", "norm", "norm_dims", "var", "maximum", "cumsum",
        "max_pool2d", "max_pool1d", "avg_pool2d", "avg_pool2d_ceil_nopad", "batch_norm", "batch_norm_eval", "group_norm", "instance_norm", "max_dim", "min_dim_keepdim",
    };

    [Theory, MemberData(nameof(Ops))]
    public void SecondOrder(string op)
    {
        var (inputs, f) = Case(op);
        GradCheck.AssertSecondOrder(f, inputs);
    }

    private static (Tensor[] Inputs, Func<Tensor[], Tensor> F) Case(string op)
    {
        var g = new Generator(1234);
        switch (op)
        {
            // Nonlinear wrappers (·²) give the linear ops a nonzero second derivative to check, not only the v path.
            case "add": return ([R(g, 3, 4), R(g, 4)], a => (a[0] + a[1]) * (a[0] + a[1]));
            case "sub": return ([R(g, 3, 1), R(g, 3, 4)], a => (a[0] - a[1]).Pow(3.0));
            case "mul": return ([R(g, 2, 3), R(g, 3)], a => a[0] * a[1] * a[0]);
            case "div": return ([R(g, 2, 3), Pos(g, 1.0, 2, 3)], a => a[0] / a[1]);
            case "neg": return ([R(g, 5)], a => -(a[0] * a[0]));
            case "pow_scalar": return ([Pos(g, 0.5, 2, 3)], a => a[0].Pow(2.5));
            case "pow_tensor": return ([Pos(g, 0.5, 2, 3), R(g, 2, 3)], a => a[0].Pow(a[1]));
            case "exp": return ([R(g, 2, 3)], a => a[0].Exp());
            case "log": return ([Pos(g, 0.5, 2, 3)], a => a[0].Log());
            case "sqrt": return ([Pos(g, 0.5, 2, 3)], a => a[0].Sqrt());
            case "abs": return ([Away(g, 2, 3)], a => a[0].Abs() * a[0]);
            case "tanh": return ([R(g, 2, 3)], a => a[0].Tanh());
            case "sigmoid": return ([R(g, 2, 3)], a => a[0].Sigmoid());
            case "relu": return ([Away(g, 2, 4)], a => a[0].Relu() * a[0]);
            case "leaky_relu": return ([Away(g, 2, 4)], a => a[0].LeakyRelu(0.2) * a[0]);
            case "elu": return ([Away(g, 2, 4)], a => a[0].Elu(1.3));
            case "gelu": return ([R(g, 2, 4)], a => a[0].Gelu());
            case "gelu_tanh": return ([R(g, 2, 4)], a => a[0].Gelu(GeluApproximate.Tanh));
            case "silu": return ([R(g, 2, 4)], a => a[0].Silu());
            // β = 2, threshold 1: elements on both sides of the βx > threshold switch (none within 0.2 of it).
            case "softplus": return ([Tensor.FromArray([-1.5, -0.3, 0.1, 0.2, 0.8, 1.4], 6).RequiresGrad_()], a => a[0].Softplus(2, 1) * a[0]);
            case "erf": return ([R(g, 2, 3)], a => a[0].Erf());
            case "matmul": return ([R(g, 3, 4), R(g, 4, 2)], a => a[0].MatMul(a[1]).Pow(2.0));
            case "mm": return ([R(g, 3, 4)], a => a[0].MatMul(a[0].T));
            case "matmul_batched": return ([R(g, 2, 3, 4), R(g, 4, 2)], a => a[0].MatMul(a[1]).Tanh());
            case "bmm": return ([R(g, 2, 2, 3), R(g, 2, 3, 2)], a => a[0].Bmm(a[1]) * a[0].Sum());
            case "linear": return ([R(g, 3, 4), R(g, 2, 4), R(g, 2)], a => Tensor.Linear(a[0], a[1], a[2]).Tanh());
            case "linear_3d_nobias": return ([R(g, 2, 2, 3), R(g, 3, 3)], a => Tensor.Linear(a[0], a[1]).Pow(2.0));
            case "sum_dims": return ([R(g, 2, 3, 4)], a => a[0].Sum([0, 2]).Pow(2.0));
            case "mean_dims": return ([R(g, 2, 3, 4)], a => a[0].Mean([1], keepDim: true).Exp() * a[0]);
            case "sum_all": return ([R(g, 3, 2)], a => a[0].Sum() * a[0]);
            case "view": return ([R(g, 2, 6)], a => (a[0] * a[0]).View(3, 4));
            case "reshape": return ([R(g, 2, 6)], a => a[0].T.Reshape(4, 3).Tanh());
            case "permute": return ([R(g, 2, 3, 2)], a => a[0].Permute(2, 0, 1).Pow(3.0));
            case "transpose": return ([R(g, 2, 3)], a => a[0].Transpose(0, 1).MatMul(a[0]));
            case "expand": return ([R(g, 3, 1)], a => a[0].Expand(3, 4).Pow(2.0) * a[0]);
            case "cat": return ([R(g, 2, 3), R(g, 2, 2)], a => Tensor.Cat([a[0], a[1] * a[1]], 1).Tanh());
            case "stack": return ([R(g, 2, 3), R(g, 2, 3)], a => Tensor.Stack([a[0], a[1]], 1).Pow(2.0) * a[0].Sum());
            case "index_select": return ([R(g, 4, 3)], a => a[0].IndexSelect(0, Idx(3, 1, 3)).Pow(2.0));
            case "gather": return ([R(g, 3, 4)], a => a[0].Gather(1, Tensor.FromArray(new long[] { 0, 3, 3, 1, 2, 0 }, 3, 2)).Exp());
            case "embedding": return ([R(g, 5, 3)], a => Tensor.Embedding(Tensor.FromArray(new long[] { 4, 0, 4, 2 }, 2, 2), a[0]).Tanh());
            case "slice": return ([R(g, 3, 7)], a => a[0].Slice(1, 1, 6, 2).Pow(3.0));
            case "select": return ([R(g, 3, 4)], a => a[0].Select(1, 2).Exp() * a[0].Select(0, 1).Sum());
            case "narrow": return ([R(g, 5, 2)], a => a[0].Narrow(0, 1, 3).Sigmoid());
            case "pad": return ([R(g, 2, 3)], a => a[0].Pad([1, -1, 0, 2]).Pow(2.0));
            case "softmax": return ([R(g, 2, 4)], a => a[0].Softmax(1));
            case "log_softmax": return ([R(g, 3, 4)], a => a[0].LogSoftmax(0));
            case "logsumexp": return ([R(g, 3, 4)], a => a[0].LogSumExp(1));
            case "cross_entropy": return ([R(g, 4, 3), R(g, 3)], a => F.CrossEntropy(a[0], Idx(2, 0, 1, 2), a[1].Abs() + 0.5));
            case "cross_entropy_smoothing": return ([R(g, 3, 4, 2)], a => F.CrossEntropy(a[0], Tensor.FromArray(new long[] { 1, 3, 0, 2, 2, 1 }, 3, 2), labelSmoothing: 0.2));
            case "nll_loss": return ([R(g, 4, 3)], a => F.NllLoss(a[0].LogSoftmax(1), Idx(1, 1, 0, 2), reduction: Reduction.Sum));
            case "mse_loss": return ([R(g, 2, 3), R(g, 2, 3)], a => F.MseLoss(a[0].Tanh(), a[1]));
            case "bce_with_logits": return ([Away(g, 2, 3)], a => F.BinaryCrossEntropyWithLogits(a[0], Tensor.FromArray([0.0, 1, 0.3, 1, 0, 0.7], 2, 3)));
            case "conv2d": return ([R(g, 2, 2, 5, 4), R(g, 3, 2, 3, 2), R(g, 3)], a => F.Conv2d(a[0], a[1], a[2], stride: (2, 1), padding: 1).Pow(2.0));
            case "conv2d_groups_dilation": return ([R(g, 1, 4, 5, 5), R(g, 2, 2, 2, 2)], a => F.Conv2d(a[0], a[1], null, padding: (1, 0), dilation: 2, groups: 2).Tanh());
            case "conv1d": return ([R(g, 2, 2, 6), R(g, 2, 2, 3), R(g, 2)], a => F.Conv1d(a[0], a[1], a[2], padding: ConvPadding.Same).Pow(2.0));
            case "conv_transpose2d": return ([R(g, 1, 2, 3, 2), R(g, 2, 2, 2, 3), R(g, 2)], a => F.ConvTranspose2d(a[0], a[1], a[2], stride: 2, padding: (1, 0), outputPadding: 1).Pow(2.0));
            case "layer_norm": return ([R(g, 3, 4), R(g, 4), R(g, 4)], a => F.LayerNorm(a[0], [4], a[1], a[2]));
            case "layer_norm_noaffine": return ([R(g, 2, 2, 3)], a => F.LayerNorm(a[0], [2, 3]) * a[0]);
            // Bounds ±0.7 chosen so that no element lies within 0.1 of them.
            case "clamp": return ([Tensor.FromArray([-1.2, -0.5, 0.1, 0.4, 0.95, 1.5], 2, 3).RequiresGrad_()], a => a[0].Clamp(-0.7, 0.7) * a[0]);
            case "where": return ([R(g, 2, 3), R(g, 2, 3)], a => Tensor.Where(Tensor.FromArray([true, false, true, true, false, false], 2, 3), a[0] * a[0], a[1].Exp()));
            case "masked_fill": return ([R(g, 2, 3)], a => a[0].MaskedFill(Tensor.FromArray([false, true, false, false, true, false], 2, 3), 2.0) * a[0]);
            case "norm": return ([R(g, 2, 3)], a => a[0].Norm());
            case "norm_dims": return ([R(g, 2, 3, 2)], a => a[0].Norm(2, [1, 2]).Sub(1.0).Pow(2.0));
            case "var": return ([R(g, 3, 4)], a => a[0].Var(1));
            case "cumsum": return ([R(g, 3, 4)], a => a[0].CumSum(1).Pow(2.0));
            case "max_pool2d": return ([R(g, 1, 2, 5, 4)], a => F.MaxPool2d(a[0], 2, stride: (2, 1), padding: 1).Pow(2.0));
            case "max_pool1d": return ([R(g, 2, 2, 7)], a => F.MaxPool1d(a[0], 3, stride: 2).Tanh());
            case "avg_pool2d": return ([R(g, 1, 2, 5, 4)], a => F.AvgPool2d(a[0], 3, stride: 2, padding: 1).Pow(2.0));
            case "avg_pool2d_ceil_nopad": return ([R(g, 2, 1, 5, 5)], a => F.AvgPool2d(a[0], 2, padding: 1, ceilMode: true, countIncludePad: false).Exp());
            case "batch_norm": return ([R(g, 3, 2, 2), R(g, 2), R(g, 2)], a => F.BatchNorm(a[0], null, null, a[1], a[2], training: true));
            case "batch_norm_eval": return ([R(g, 3, 2, 2), R(g, 2)], a => F.BatchNorm(a[0], Tensor.FromArray([0.3, -0.2], 2), Tensor.FromArray([1.5, 0.7], 2), a[1]).Pow(2.0));
            case "group_norm": return ([R(g, 2, 4, 3), R(g, 4), R(g, 4)], a => F.GroupNorm(a[0], 2, a[1], a[2]));
            case "instance_norm": return ([R(g, 2, 2, 4)], a => F.InstanceNorm(a[0]) * a[0]);
            case "max_dim": return ([R(g, 3, 4)], a => a[0].Max(1).Values.Pow(3.0));
            case "min_dim_keepdim": return ([R(g, 3, 4)], a => a[0].Min(0, keepDim: true).Values.Exp() * a[0]);
            case "maximum": return ([R(g, 2, 3), R(g, 2, 3)], a => a[0].Maximum(a[1]) * a[0]);
            default: throw new ArgumentException(op);
        }
    }

    [Fact]
    public void GradientOfCubeIsDifferentiableToThirdOrder()
    {
        // y = Σx³: ∂y/∂x = 3x², ∂²(Σ∂y/∂x)/∂x = 6x, and once more 6 — exact in float64 for these small integers.
        var x = Tensor.FromArray([1.0, -2.0, 3.0], 3).RequiresGrad_();
        var g1 = AG.Grad(x.Pow(3.0).Sum(), x, createGraph: true);
        var g2 = AG.Grad(g1.Sum(), x, createGraph: true);
        var g3 = AG.Grad(g2.Sum(), x);
        Assert.Equal(new[] { 3.0, 12.0, 27.0 }, g1.ToDoubleArray());
        Assert.Equal(new[] { 6.0, -12.0, 18.0 }, g2.ToDoubleArray());
        Assert.Equal(new[] { 6.0, 6.0, 6.0 }, g3.ToDoubleArray());
        Assert.True(g1.RequiresGrad);
        Assert.False(g3.RequiresGrad);
    }

    [Fact]
    public void HessianVectorProductOfQuadraticFormIsSymmetrisedMatrixTimesVector()
    {
        // f(x) = xᵀAx has Hessian A + Aᵀ, so ∇(∇f·v) = (A + Aᵀ)v — integers, exact in float64.
        var a = Tensor.FromArray([1.0, 2, 0, -1, 3, 4, 2, 0, 1], 3, 3);
        var x = Tensor.FromArray([0.5, -1.0, 2.0], 3).RequiresGrad_();
        var v = Tensor.FromArray([1.0, 2.0, -1.0], 3);
        var grad = AG.Grad(x.MatMul(a.MatMul(x)), x, createGraph: true);
        var hv = AG.Grad((grad * v).Sum(), x);
        // (A + Aᵀ) = [[2,1,2],[1,6,4],[2,4,2]] times v = [1,2,-1]
        Assert.Equal(new[] { 2.0, 9.0, 8.0 }, hv.ToDoubleArray());
    }

    [Fact]
    public void GradLeavesLeafGradsUntouchedAndReturnsIntermediateGradients()
    {
        var x = Tensor.FromArray([1.0, 2.0], 2).RequiresGrad_();
        var w = Tensor.FromArray([3.0, -1.0], 2).RequiresGrad_();
        var h = x * w;                       // intermediate input
        var y = (h * h).Sum();
        var r = AG.Grad([y], [h, x], retainGraph: true);
        Assert.Equal(new[] { 6.0, -4.0 }, r[0]!.ToDoubleArray());          // 2h
        Assert.Equal(new[] { 18.0, 4.0 }, r[1]!.ToDoubleArray());          // 2h·w
        Assert.Null(x.Grad);
        Assert.Null(w.Grad);
        // Two outputs: the vector-Jacobian products add up.
        var both = AG.Grad([y, x.Sum()], [x])[0]!;
        Assert.Equal(new[] { 19.0, 5.0 }, both.ToDoubleArray());
    }

    [Fact]
    public void UnusedInputThrowsUnlessAllowed()
    {
        var x = Tensor.FromArray([1.0], 1).RequiresGrad_();
        var z = Tensor.FromArray([1.0], 1).RequiresGrad_();
        var y = (x * 2.0).Sum();
        var ex = Assert.Throws<InvalidOperationException>(() => AG.Grad([y], [x, z], retainGraph: true));
        Assert.Contains("element 1 of inputs", ex.Message);
        var r = AG.Grad([y], [x, z], allowUnused: true);
        Assert.Equal(new[] { 2.0 }, r[0]!.ToDoubleArray());
        Assert.Null(r[1]);
    }

    [Fact]
    public void RetainGraphDefaultsToCreateGraph()
    {
        var x = Tensor.FromArray([2.0], 1).RequiresGrad_();
        var y = x.Exp().Sum();
        AG.Grad([y], [x], createGraph: true);
        AG.Grad([y], [x]);                   // the graph survived the createGraph call…
        Assert.Throws<InvalidOperationException>(() => AG.Grad([y], [x]));  // …but not the plain one
    }

    [Fact]
    public void BackwardWithCreateGraphLeavesADifferentiableGrad()
    {
        var x = Tensor.FromArray([1.0, -2.0], 2).RequiresGrad_();
        x.Pow(3.0).Sum().Backward(createGraph: true);
        var g = x.Grad!;
        Assert.Equal(new[] { 3.0, 12.0 }, g.ToDoubleArray());
        Assert.True(g.RequiresGrad);
        x.Grad = null;
        g.Sum().Backward();
        Assert.Equal(new[] { 6.0, -12.0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void OpWithoutDoubleBackwardThrowsNamingIt()
    {
        var x = Tensor.FromArray([0.5, -1.5, 2.0, 1.25], 4).RequiresGrad_();
        var y = x.Tanh().Prod(0);
        var ex = Assert.Throws<NotSupportedException>(() => AG.Grad([y], [x], createGraph: true));
        Assert.Contains("double backward of 'prod' is not implemented", ex.Message);
        // The first-order gradient through the same op still works: ∂/∂x_i Π tanh(x_j) = Π_{j≠i} tanh(x_j)·(1 − tanh²x_i).
        var gx = AG.Grad([y], [x])[0]!.ToDoubleArray();
        var t = new[] { 0.5, -1.5, 2.0, 1.25 }.Select(Math.Tanh).ToArray();
        for (int i = 0; i < 4; i++)
        {
            double others = 1;
            for (int j = 0; j < 4; j++) if (j != i) others *= t[j];
            Assert.Equal(others * (1 - t[i] * t[i]), gx[i], 1e-14);
        }
    }

    [Fact]
    public void UnsupportedOpOffThePathToTheInputsDoesNotMatter()
    {
        // prod only feeds w's branch; the gradient with respect to x never passes through it.
        var x = Tensor.Randn([2, 3], DType.Float64, new Generator(4)).RequiresGrad_();
        var w = Tensor.Randn([3], DType.Float64, new Generator(5)).RequiresGrad_();
        var y = (x * x).Sum() * w.Prod(0);
        var gx = AG.Grad([y], [x], createGraph: true)[0]!;
        Assert.True(gx.RequiresGrad);
        using (GradMode.NoGrad())
        {
            var expected = (x * 2.0 * w.Prod(0)).ToDoubleArray();
            Assert.Equal(expected, gx.ToDoubleArray());
        }
    }

    [Fact]
    public void FastAndGraphFormsAgreeInFloat32()
    {
        // The same gradient through the kernel backward (createGraph false) and the graph form (true), in float32:
        // both are sums of ≤ 50 products of O(1) values, so they differ by a few float32 ulps (bound 1e-5).
        var g = new Generator(9);
        var x = Tensor.Randn([2, 3, 6, 5], DType.Float32, g).RequiresGrad_();
        var w = Tensor.Randn([4, 3, 3, 3], DType.Float32, g).RequiresGrad_();
        var ln = Tensor.Randn([5], DType.Float32, g).RequiresGrad_();
        Tensor Forward() => F.LayerNorm(F.Conv2d(x, w, padding: 1).LeakyRelu(0.2).Softmax(1), [5], ln).Gelu().Sum();
        var fast = AG.Grad([Forward()], [x, w, ln]);
        var graph = AG.Grad([Forward()], [x, w, ln], createGraph: true);
        for (int i = 0; i < 3; i++)
        {
            var a = fast[i]!.ToDoubleArray();
            var b = graph[i]!.ToDoubleArray();
            for (int j = 0; j < a.Length; j++) Assert.True(Math.Abs(a[j] - b[j]) <= 1e-5 * (1 + Math.Abs(a[j])), $"input {i} element {j}: {a[j]} vs {b[j]}");
        }
    }
}
