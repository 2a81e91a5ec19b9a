using Glassbox.Autograd;
using Glassbox.Models.Generative;
using Glassbox.NN;

namespace Glassbox.Tests.Models.Generative;

public class ExponentialMovingAverageTests
{
    [Fact]
    public void UpdateIsTheDecayedAverage()
    {
        var model = new Linear(3, 2, dtype: DType.Float64, generator: new Generator(1));
        var shadow = new Linear(3, 2, dtype: DType.Float64, generator: new Generator(2));
        var ema = new ExponentialMovingAverage(model, shadow, decay: 0.9, warmup: false);
        // Starts as a copy.
        Assert.Equal(model.Weight.ToDoubleArray(), shadow.Weight.ToDoubleArray());
        var expected = model.Weight.ToDoubleArray();
        var g = new Generator(3);
        for (int step = 0; step < 5; step++)
        {
            using (GradMode.NoGrad()) model.Weight.AddInPlace(Tensor.Randn([2, 3], DType.Float64, g));
            ema.Update();
            var w = model.Weight.ToDoubleArray();
            for (int i = 0; i < w.Length; i++) expected[i] = 0.9 * expected[i] + 0.1 * w[i];
        }
        var got = shadow.Weight.ToDoubleArray();
        // Five rounds of d·s + (1 − d)·w on values of order 1–3: within 1e-14 absolute, not decimal-rounded digits.
        for (int i = 0; i < got.Length; i++) Assert.Equal(expected[i], got[i], 1e-14);
        Assert.Equal(5, ema.Updates);
        // The bias is averaged too; it never changed, so it is still the model's.
        Assert.Equal(model.Bias!.ToDoubleArray(), shadow.Bias!.ToDoubleArray());
    }

    [Fact]
    public void WarmupDecayGrowsTowardsTheTarget()
    {
        var model = new Linear(1, 1, dtype: DType.Float64, generator: new Generator(4));
        var ema = new ExponentialMovingAverage(model, new Linear(1, 1, dtype: DType.Float64, generator: new Generator(5)), decay: 0.999, warmup: true);
        // min(d, (1 + n)/(10 + n)) at update n = 1, 2, …: 2/11, 3/12, …; 0.999 is reached at n = 8,991.
        Assert.Equal(2.0 / 11, ema.NextDecay, 15);
        using (GradMode.NoGrad()) model.Weight.CopyFrom(Tensor.Full([1, 1], 1.0, DType.Float64));
        double before = ((Linear)ema.Shadow).Weight.Item();
        ema.Update();
        // d·s + (1 − d)·w rounds twice (or once, where the JIT fuses it into an FMA): a few ulps of a value below 1,
        // so an absolute 1e-15. A precision in decimal places would compare rounded decimals, which flips at a digit
        // boundary for values one ulp apart.
        Assert.Equal(2.0 / 11 * before + 9.0 / 11, ((Linear)ema.Shadow).Weight.Item(), 1e-15);
        Assert.Equal(3.0 / 12, ema.NextDecay, 15);
        for (int i = 0; i < 9000; i++) ema.Update();
        Assert.Equal(0.999, ema.NextDecay);
    }

    [Fact]
    public void MismatchedModelsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new ExponentialMovingAverage(new Linear(3, 2), new Linear(3, 4)));
        Assert.Contains("weight", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialMovingAverage(new Linear(3, 2), new Linear(3, 2), decay: 1.0));
    }
}
