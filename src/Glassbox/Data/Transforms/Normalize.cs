using System.Numerics;
using Glassbox.Kernels;

namespace Glassbox.Data.Transforms;

/// <summary>
/// Per-channel normalisation y[n, c, …] = (x[n, c, …] − mean[c]) / std[c]
/// (<c>torchvision.transforms.Normalize</c>), on batches [N, C, …] — images [N, C, H, W] or features [N, C].
/// </summary>
/// <remarks>For MNIST the customary values are mean 0.1307, std 0.3081 (the training set's pixel statistics).</remarks>
public sealed class Normalize : ITransform
{
    private readonly double[] mean, std;

    /// <summary>One mean and one standard deviation per channel; every std must be positive.</summary>
    public Normalize(double[] mean, double[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length != std.Length || mean.Length == 0)
            throw new ArgumentException($"Normalize: mean and std need the same non-zero length (one per channel), got {mean.Length} and {std.Length}");
        for (int c = 0; c < std.Length; c++)
            if (!(std[c] > 0)) throw new ArgumentOutOfRangeException(nameof(std), $"Normalize: std[{c}] = {std[c]} must be positive");
        this.mean = (double[])mean.Clone();
        this.std = (double[])std.Clone();
    }

    /// <summary>Channel means.</summary>
    public IReadOnlyList<double> Mean => mean;

    /// <summary>Channel standard deviations.</summary>
    public IReadOnlyList<double> Std => std;

    /// <inheritdoc/>
    public Tensor Apply(Tensor x)
    {
        TransformChecks.FloatBatch(x, "Normalize", 2);
        if (x.shape[1] != mean.Length)
            throw new ArgumentException($"Normalize: input shape {ShapeUtil.Format(x.shape)} has {x.shape[1]} channels (dimension 1) but {mean.Length} means were given");
        var src = x.ContiguousRaw();
        var y = new Tensor((int[])x.shape.Clone(), x.DType);
        if (x.DType == DType.Float32) Run<float>(y, src); else Run<double>(y, src);
        return y;
    }

    private void Run<T>(Tensor y, Tensor x) where T : unmanaged, IFloatingPoint<T>
    {
        int channels = x.shape[1];
        int inner = x.Numel == 0 ? 0 : x.Numel / (x.shape[0] * channels);
        int planes = x.shape[0] * channels;
        var s = x.Data<T>(); int so = x.Offset;
        var d = y.Data<T>();
        Par.For(planes, Math.Max(1, Par.ElementwiseGrain / Math.Max(inner, 1)), (start, len) =>
        {
            for (int p = start; p < start + len; p++)
            {
                int c = p % channels;
                T m = T.CreateChecked(mean[c]), sd = T.CreateChecked(std[c]);
                var src = s.AsSpan(so + p * inner, inner);
                var dst = d.AsSpan(p * inner, inner);
                for (int i = 0; i < inner; i++) dst[i] = (src[i] - m) / sd;
            }
        });
    }
}
