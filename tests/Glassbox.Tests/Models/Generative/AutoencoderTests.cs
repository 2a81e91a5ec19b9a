using Glassbox.Models.Generative;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Tests.Models.Generative;

/// <summary>Shapes, parameter counts, corruption and a small overfit of the (denoising) autoencoders.</summary>
public class AutoencoderTests
{
    [Fact]
    public void MlpAutoencoderShapesAndParameterCount()
    {
        var ae = new Autoencoder(20, [12], 3, generator: new Generator(1));
        // encoder 20·12+12 + 12·3+3, decoder 3·12+12 + 12·20+20
        Assert.Equal(252 + 39 + 48 + 260, ae.ParameterCount);
        Assert.Equal([5, 3], ae.Encode(Tensor.Zeros(5, 20)).ShapeToArray());
        Assert.Equal([5, 20], ae.Call(Tensor.Zeros(5, 20)).ShapeToArray());
        Assert.Contains("[5, 21]", Assert.Throws<ArgumentException>(() => ae.Encode(Tensor.Zeros(5, 21))).Message);
    }

    [Fact]
    public void ConvAutoencoderShapesAndParameterCount()
    {
        var ae = new ConvAutoencoder(1, 16, generator: new Generator(1));
        // The counts of the remarks' table: 160 + 4,640 + 4,624 + 145.
        Assert.Equal(160 + 4640 + 4624 + 145, ae.ParameterCount);
        var x = Tensor.Rand([2, 1, 28, 28], DType.Float32, new Generator(2));
        Assert.Equal([2, 32, 7, 7], ae.Encode(x).ShapeToArray());
        Assert.Equal([2, 1, 28, 28], ae.Call(x).ShapeToArray());
        Assert.Throws<ArgumentException>(() => ae.Encode(Tensor.Zeros(2, 1, 30, 28)));
    }

    [Fact]
    public void CorruptionAppliesOnlyInTraining()
    {
        var x = Tensor.Ones([4, 1000], DType.Float64);
        var masked = new InputCorruption(CorruptionKind.Masking, 0.3).Apply(x, new Generator(3)).ToArray<double>();
        // 4,000 Bernoulli(0.3) zeros: mean 1,200, sd √(4000·0.21) ≈ 29; 5 sd either side.
        Assert.InRange(masked.Count(v => v == 0), 1200 - 145, 1200 + 145);
        Assert.All(masked, v => Assert.True(v == 0 || v == 1));
        var noisy = new InputCorruption(CorruptionKind.Gaussian, 0.5).Apply(x, new Generator(3)).ToArray<double>();
        double sd = Math.Sqrt(noisy.Sum(v => (v - 1) * (v - 1)) / noisy.Length);
        Assert.InRange(sd, 0.5 * 0.95, 0.5 * 1.05); // the sample sd of 4,000 normals is within 5% w.p. > 0.999

        var ae = new Autoencoder(1000, [8], 2, corruption: new InputCorruption(CorruptionKind.Masking, 0.5), dtype: DType.Float64, generator: new Generator(4));
        ae.Eval();
        Assert.Equal(ae.Call(x).ToArray<double>(), ae.Call(x).ToArray<double>()); // eval: deterministic, uncorrupted
        ae.Train();
        Assert.NotEqual(ae.Call(x).ToArray<double>(), ae.Call(x).ToArray<double>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MlpAutoencoderOverfitsASmallBatch(bool denoising)
    {
        // 16 random vectors of width 10 lying on a 3-d subspace: a 3-wide code can represent them exactly, so 300 Adam
        // steps must cut the reconstruction MSE of the untrained network at least tenfold (the denoising variant too: its
        // 0.05 noise is small next to the data's spread of ~1, so the noise floor it leaves is far below a tenth).
        var gen = new Generator(0);
        var x = Tensor.Randn([16, 3], DType.Float32, gen).MatMul(Tensor.Randn([3, 10], DType.Float32, gen)) * 0.5;
        var ae = new Autoencoder(10, [32], 3, corruption: denoising ? new InputCorruption(CorruptionKind.Gaussian, 0.05) : null, generator: gen)
        { CorruptionGenerator = gen };
        var opt = new Adam(ae.Parameters(), lr: 1e-2);
        double first = F.MseLoss(ae.Call(x), x).Item();
        for (int i = 0; i < 300; i++)
        {
            var loss = F.MseLoss(ae.Call(x), x);
            opt.ZeroGrad(); loss.Backward(); opt.Step();
        }
        ae.Eval();
        double last = F.MseLoss(ae.Call(x), x).Item();
        Assert.True(last < first / 10, $"MSE {first:F4} → {last:F4}");
    }

    [Fact]
    public void ConvAutoencoderLossDrops()
    {
        // 4 smooth 8×8 blobs; 60 Adam steps must at least halve the MSE of the untrained network.
        var gen = new Generator(0);
        var grid = Tensor.Linspace(-1, 1, 8).Reshape(1, 1, 8, 1);
        var centres = Tensor.Randn([4, 1, 1, 1], DType.Float32, gen) * 0.3;
        var x = (-(grid - centres) * (grid - centres) * 4).Exp() * (-(grid.Reshape(1, 1, 1, 8) - centres) * (grid.Reshape(1, 1, 1, 8) - centres) * 4).Exp();
        var ae = new ConvAutoencoder(1, 4, generator: gen);
        var opt = new Adam(ae.Parameters(), lr: 1e-2);
        double first = F.MseLoss(ae.Call(x), x).Item();
        for (int i = 0; i < 60; i++)
        {
            var loss = F.MseLoss(ae.Call(x), x);
            opt.ZeroGrad(); loss.Backward(); opt.Step();
        }
        double last = F.MseLoss(ae.Call(x), x).Item();
        Assert.True(last < first / 2, $"MSE {first:F4} → {last:F4}");
    }
}
