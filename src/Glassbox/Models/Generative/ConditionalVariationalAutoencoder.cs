namespace Glassbox.Models.Generative;

/// <summary>
/// A label-conditional VAE (CVAE; Sohn, Lee &amp; Yan 2015): the one-hot label y is concatenated to the encoder input
/// and to z, so the model learns q(z|x, y) and p(x|z, y) with the prior p(z) = N(0, I) shared by every class. The
/// latent code is then free to carry what the label does not — style, slant, thickness — and sampling with a chosen
/// label draws that class.
/// </summary>
/// <remarks>It is a <see cref="VariationalAutoencoder"/> with <c>conditionFeatures = numClasses</c>; the methods here take
/// integer labels [N] and build the one-hot condition. State-dict keys are the base class's (the first encoder and
/// decoder layers are <c>numClasses</c> inputs wider).</remarks>
public sealed class ConditionalVariationalAutoencoder : VariationalAutoencoder
{
    /// <summary>Creates the model; the arguments are <see cref="VariationalAutoencoder"/>'s with the number of classes.</summary>
    public ConditionalVariationalAutoencoder(int inputFeatures, IReadOnlyList<int> hidden, int latentFeatures, int numClasses,
        VaeLikelihood likelihood = VaeLikelihood.Bernoulli, HiddenActivation activation = HiddenActivation.Tanh,
        double fixedVariance = 1.0, DType dtype = DType.Float32, Generator? generator = null)
        : base(inputFeatures, hidden, latentFeatures, likelihood, activation, fixedVariance,
            numClasses > 0 ? numClasses : throw new ArgumentOutOfRangeException(nameof(numClasses), $"ConditionalVariationalAutoencoder: numClasses must be positive, got {numClasses}"),
            dtype, generator)
    {
        NumClasses = numClasses;
    }

    /// <summary>Number of classes (the width of the one-hot condition).</summary>
    public int NumClasses { get; }

    /// <summary>The one-hot condition [N, classes] for integer labels [N], in the parameters' dtype.</summary>
    /// <exception cref="ArgumentException">The labels are not a 1-d integer tensor or one is out of range.</exception>
    public Tensor OneHot(Tensor labels)
    {
        if (labels.NDim != 1 || labels.DType.IsFloatingPoint())
            throw new ArgumentException($"ConditionalVariationalAutoencoder: expected integer labels of shape [N], got {labels.DType.TorchName()} {ShapeUtil.Format(labels.ShapeArray)}");
        foreach (long v in labels.To(DType.Int64).ToArray<long>())
            if (v < 0 || v >= NumClasses) throw new ArgumentException($"ConditionalVariationalAutoencoder: label {v} is outside [0, {NumClasses})");
        return Tensor.OneHot(labels.To(DType.Int64), NumClasses).To(Parameters().First().DType);
    }

    /// <summary>The objective's terms for images x [N, D] with labels [N]; see <see cref="VariationalAutoencoder.Terms(Tensor, Generator?, double, Tensor?)"/>.</summary>
    public VaeTerms TermsForLabels(Tensor x, Tensor labels, Generator? generator = null, double beta = 1.0) => Terms(x, generator, beta, OneHot(labels));

    /// <summary>Decoder means for z ~ N(0, I), one per label in <paramref name="labels"/> [N].</summary>
    public Tensor SampleForLabels(Tensor labels, Generator? generator = null) => Sample(labels.Size(0), generator, OneHot(labels));

    /// <summary>The importance-weighted bound on log p(x|y) per example; see <see cref="VariationalAutoencoder.ImportanceWeightedBound"/>.</summary>
    public double[] ImportanceWeightedBoundForLabels(Tensor x, Tensor labels, int k, Generator? generator = null, int maxRows = 8192) =>
        ImportanceWeightedBound(x, k, generator, maxRows, OneHot(labels));
}
