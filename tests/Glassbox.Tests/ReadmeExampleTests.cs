namespace Glassbox.Tests;

/// <summary>The README's example, verbatim, so the README stays true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ExampleComputesTheAnalyticGradient()
    {
        var x = Tensor.Randn([64, 3], DType.Float64);
        var w = Tensor.Zeros([3, 1], DType.Float64).RequiresGrad_();
        var loss = (x.MatMul(w) - 1.0).Pow(2).Mean();
        loss.Backward();            // w.Grad now holds ∂loss/∂w

        // loss = (1/N)·Σ (x_i·w − 1)², so at w = 0: ∂loss/∂w = (2/N)·Xᵀ(Xw − 1) = −(2/N)·Xᵀ·1
        var expected = (x.Sum(0) * (-2.0 / 64)).ToArray<double>();
        var got = w.Grad!.ToArray<double>();
        for (int j = 0; j < 3; j++) Assert.Equal(expected[j], got[j], 12);
    }
}
