namespace Glassbox.NN;

/// <summary>
/// Inverted dropout (Srivastava et al., 2014; <c>torch.nn.Dropout</c>): in training each element is zeroed
/// with probability p and the survivors are scaled by 1/(1 − p), so E[y] = x and evaluation needs no
/// rescaling; in eval mode it is the identity.
/// </summary>
/// <remarks>The Bernoulli mask is drawn from the layer's generator (or <see cref="Generator.Default"/>), one
/// uniform per element: keep when u ≥ p. The backward multiplies by the same scaled mask.</remarks>
public sealed class Dropout : Module<Tensor, Tensor>
{
    private readonly Generator? generator;

    /// <summary>Creates the layer with drop probability <paramref name="p"/> ∈ [0, 1].</summary>
    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: probability has to be between 0 and 1, but got {p}");
        P = p;
        this.generator = generator;
    }

    /// <summary>Probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>x·m/(1 − p) with m ~ Bernoulli(1 − p) in training; x in eval.</summary>
    public override Tensor Forward(Tensor input)
    {
        if (!Training || P == 0) return input;
        input.RequireFloat("Dropout");
        var g = generator ?? Generator.Default;
        // p = 1 drops everything; the scale is irrelevant (and would be 1/0), so the mask is all zeros.
        double scale = P < 1 ? 1.0 / (1.0 - P) : 0.0;
        var mask = new double[input.Numel];
        for (int i = 0; i < mask.Length; i++) mask[i] = g.NextDouble() >= P ? scale : 0.0;
        var m = Tensor.FromArray(mask, input.ShapeToArray()).To(input.DType);
        return input * m;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"p={PyFormat.Float(P)}, inplace=False";
}
