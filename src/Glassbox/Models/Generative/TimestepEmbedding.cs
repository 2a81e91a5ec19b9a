using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// The diffusion step's embedding: a fixed sinusoidal code of t (<see cref="Sinusoidal"/>) followed by a two-layer MLP
/// Linear(d, e) → SiLU → Linear(e, e), as in Ho et al.'s (2020) U-Net (which borrows the code from the Transformer's
/// positional encoding). Keys: <c>linear1.*</c>, <c>linear2.*</c>.
/// </summary>
/// <remarks>
/// The sinusoid makes nearby steps similar and distant ones different at every scale; the MLP lets the network choose
/// which scales matter. Every residual block then adds its own linear projection of the result to its feature map.
/// </remarks>
public sealed class TimestepEmbedding : Module<Tensor, Tensor>
{
    private readonly Linear linear1, linear2;

    /// <summary>Creates the embedding: a <paramref name="sinusoidDim"/>-wide code (even, ≥ 4) mapped to <paramref name="embedDim"/>.</summary>
    public TimestepEmbedding(int sinusoidDim, int embedDim, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (sinusoidDim < 4 || sinusoidDim % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(sinusoidDim), $"TimestepEmbedding: the sinusoid width must be even and at least 4, got {sinusoidDim}");
        (SinusoidDim, EmbedDim) = (sinusoidDim, embedDim);
        linear1 = RegisterModule("linear1", new Linear(sinusoidDim, embedDim, dtype: dtype, generator: generator));
        linear2 = RegisterModule("linear2", new Linear(embedDim, embedDim, dtype: dtype, generator: generator));
    }

    /// <summary>Width of the sinusoidal code.</summary>
    public int SinusoidDim { get; }

    /// <summary>Width of the output embedding.</summary>
    public int EmbedDim { get; }

    /// <summary>
    /// The code of each step t (a [N] tensor of any numeric dtype) as [N, d] in <paramref name="dtype"/>:
    /// with h = d/2 and ω_i = 10000^(−i/(h−1)), columns 0 … h−1 are sin(t·ω_i) and columns h … d−1 are cos(t·ω_i)
    /// (sines then cosines, Ho et al.'s layout, not the Transformer's interleaving). Computed in float64, then cast.
    /// </summary>
    public static Tensor Sinusoidal(Tensor timesteps, int dim, DType dtype)
    {
        if (timesteps.NDim != 1) throw new ArgumentException($"TimestepEmbedding.Sinusoidal: expected steps of shape [N], got {ShapeUtil.Format(timesteps.ShapeArray)}");
        if (dim < 4 || dim % 2 != 0) throw new ArgumentOutOfRangeException(nameof(dim), $"TimestepEmbedding.Sinusoidal: dim must be even and at least 4, got {dim}");
        var t = timesteps.ToDoubleArray();
        int h = dim / 2;
        var r = new double[t.Length * dim];
        for (int n = 0; n < t.Length; n++)
            for (int i = 0; i < h; i++)
            {
                double a = t[n] * Math.Exp(-Math.Log(10000.0) * i / (h - 1));
                r[n * dim + i] = Math.Sin(a);
                r[n * dim + h + i] = Math.Cos(a);
            }
        return Tensor.FromArray(r, t.Length, dim).To(dtype);
    }

    /// <summary>Maps steps [N] to embeddings [N, e].</summary>
    public override Tensor Forward(Tensor input) =>
        linear2.Call(linear1.Call(Sinusoidal(input, SinusoidDim, linear1.Weight.DType)).Silu());
}
