using Glassbox.Scalar;

namespace Glassbox.Tests.Scalar;

/// <summary>The scalar engine's gradients against hand-derived derivatives and against the Tensor engine.</summary>
public class ValueGradTests
{
    // Each local backward evaluates the textbook derivative directly, so agreement with the closed form is limited
    // only by rounding in a handful of flops: 1e-14 absolute at these O(1) magnitudes.
    private const double Tight = 1e-14;

    private static (double Y, double Dx) Grad1(double x0, Func<Value, Value> f)
    {
        var x = new Value(x0);
        var y = f(x);
        y.Backward();
        return (y.Data, x.Grad);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    [InlineData(2.5)]
    public void UnaryOpsMatchAnalyticDerivatives(double x)
    {
        var (y, d) = Grad1(x, v => v.Tanh());
        Assert.Equal(Math.Tanh(x), y, Tight);
        Assert.Equal(1 - Math.Tanh(x) * Math.Tanh(x), d, Tight);

        (y, d) = Grad1(x, v => v.Exp());
        Assert.Equal(Math.Exp(x), d, Tight * Math.Exp(x));

        double s = 1 / (1 + Math.Exp(-x));
        (y, d) = Grad1(x, v => v.Sigmoid());
        Assert.Equal(s, y, Tight);
        Assert.Equal(s * (1 - s), d, Tight);

        (y, d) = Grad1(x, v => v.Relu());
        Assert.Equal(Math.Max(x, 0), y);
        Assert.Equal(x > 0 ? 1.0 : 0.0, d);

        (_, d) = Grad1(x, v => v.Pow(3));
        Assert.Equal(3 * x * x, d, Tight * 10);
        (_, d) = Grad1(x, v => v.Pow(-2));
        Assert.Equal(-2 / (x * x * x), d, Tight * 10);

        (_, d) = Grad1(x, v => -v);
        Assert.Equal(-1.0, d);

        double ax = Math.Abs(x);
        (y, d) = Grad1(ax, v => v.Log());
        Assert.Equal(Math.Log(ax), y, Tight);
        Assert.Equal(1 / ax, d, Tight);
    }

    [Fact]
    public void ReluAtZeroHasZeroGradient()
    {
        Assert.Equal(0.0, Grad1(0.0, v => v.Relu()).Dx);
    }

    [Fact]
    public void BinaryOpsRouteTheOtherOperand()
    {
        (double a0, double b0) = (1.5, -0.4);
        foreach (var (op, da, db) in new (Func<Value, Value, Value>, double, double)[]
        {
            ((a, b) => a + b, 1, 1),
            ((a, b) => a - b, 1, -1),
            ((a, b) => a * b, b0, a0),
            ((a, b) => a / b, 1 / b0, -a0 / (b0 * b0)),
        })
        {
            var a = new Value(a0); var b = new Value(b0);
            op(a, b).Backward();
            Assert.Equal(da, a.Grad, Tight);
            Assert.Equal(db, b.Grad, Tight);
        }
    }

    [Fact]
    public void DoubleOperandsBehaveAsConstants()
    {
        var x = new Value(2.0);
        var y = 3.0 * x + 1.0 - x / 4.0 + 8.0 / x - (5.0 - x) * 2.0;
        y.Backward();
        // y = 3x + 1 − x/4 + 8/x − 10 + 2x  ⇒  y' = 3 − 1/4 − 8/x² + 2 = 2.75 at x = 2
        Assert.Equal(3 * 2 + 1 - 0.5 + 4 - 6, y.Data, Tight);
        Assert.Equal(2.75, x.Grad, Tight);
    }

    [Fact]
    public void AValueUsedTwiceReceivesBothContributions()
    {
        var x = new Value(3.0);
        (x * x).Backward();
        Assert.Equal(6.0, x.Grad); // d/dx x² = 2x; '=' instead of '+=' would give 3

        var a = new Value(-2.0);
        var b = a + a;              // both inputs are the same node
        var c = b * a + b.Exp();    // b reaches c along two paths
        c.Backward();
        // c = 2a² + e^{2a}  ⇒  dc/da = 4a + 2e^{2a}
        Assert.Equal(4 * -2.0 + 2 * Math.Exp(-4.0), a.Grad, Tight);
    }

    [Fact]
    public void TopologicalOrderPutsEveryNodeAfterItsChildrenOnce()
    {
        var a = new Value(1.0, "a"); var b = new Value(2.0, "b");
        var c = a * b; var d = c + a; var e = d * c;
        var order = e.TopologicalOrder();
        Assert.Equal(5, order.Count); // a, b, c, d, e — each exactly once despite the shared c and a
        Assert.Same(e, order[^1]);
        var pos = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < order.Count; i++) pos.Add(order[i], i);
        foreach (var v in order)
            foreach (var child in v.Children) Assert.True(pos[child] < pos[v]);
    }

    [Fact]
    public void DeepChainDoesNotOverflowTheStack()
    {
        // 200 000 chained additions: a recursive sort would need a 200 000-deep call stack.
        var x = new Value(0.5);
        Value s = 0.0;
        for (int i = 0; i < 200_000; i++) s += x;
        s.Backward();
        Assert.Equal(100_000.0, s.Data);
        Assert.Equal(200_000.0, x.Grad);
    }

    public static TheoryData<double, double> Points => new() { { 0.7, -0.4 }, { -0.3, 0.9 }, { 1.2, 0.5 }, { 0.25, 0.25 + 1e-3 } };

    [Theory, MemberData(nameof(Points))]
    public void GradientsEqualTheTensorEngine(double a0, double b0)
    {
        // f(a, b) = tanh(a·b + a²) · eᵇ / (1 + relu(a − b)) + ln σ(a), built once with Values and once with 0-d
        // float64 Tensors. Both engines apply the same derivative formulas in the same order, so they agree to
        // rounding; 1e-12 leaves room for last-bit differences between Math.Tanh/Exp and the vectorised kernels.
        var a = new Value(a0); var b = new Value(b0);
        var f = (a * b + a.Pow(2)).Tanh() * b.Exp() / (1.0 + (a - b).Relu()) + a.Sigmoid().Log();
        f.Backward();

        var ta = Tensor.Scalar(a0, DType.Float64).RequiresGrad_();
        var tb = Tensor.Scalar(b0, DType.Float64).RequiresGrad_();
        var tf = (ta * tb + ta.Pow(2.0)).Tanh() * tb.Exp() / (1.0 + (ta - tb).Relu()) + ta.Sigmoid().Log();
        tf.Backward();

        Assert.Equal(tf.Item<double>(), f.Data, 1e-12);
        Assert.Equal(ta.Grad!.Item<double>(), a.Grad, 1e-12);
        Assert.Equal(tb.Grad!.Item<double>(), b.Grad, 1e-12);
        // Both branches of the relu are exercised across the points.
        Assert.NotEqual(0.0, a.Grad);
    }

    [Fact]
    public void GradientsMatchCentralDifferences()
    {
        // Independent of both engines' formulas: (f(x+h) − f(x−h))/2h has O(h²) truncation error; with h = 1e-5
        // and |f'''| = O(1) that is ~1e-10, plus ~1e-11 rounding, so 1e-8 is a safe bound.
        static Value F(Value a, Value b) => (a * b + a.Pow(2)).Tanh() * b.Exp() / (1.0 + (a - b).Relu()) + a.Sigmoid().Log();
        double a0 = 0.7, b0 = -0.4, h = 1e-5;
        var a = new Value(a0); var b = new Value(b0);
        F(a, b).Backward();
        double da = (F(a0 + h, b0).Data - F(a0 - h, b0).Data) / (2 * h);
        double db = (F(a0, b0 + h).Data - F(a0, b0 - h).Data) / (2 * h);
        Assert.Equal(da, a.Grad, 1e-8);
        Assert.Equal(db, b.Grad, 1e-8);
    }
}
