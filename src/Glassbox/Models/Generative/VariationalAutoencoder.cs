using Glassbox.Autograd;
using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// A variational autoencoder (Kingma &amp; Welling 2014) with MLP encoder and decoder: the encoder maps x to the mean μ
/// and log-variance log σ² of a diagonal Gaussian q(z|x), the prior is p(z) = N(0, I), and the decoder maps z to the
/// parameters of p(x|z) (see <see cref="VaeLikelihood"/>). Trained by maximising the ELBO
/// E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)) ≤ log p(x), estimated with one reparameterised sample.
/// </summary>
/// <remarks>
/// <para>Layers (state-dict keys): <c>encoder.{0,2,...}</c> — Linear/activation pairs over the hidden widths;
/// <c>fc_mu</c>, <c>fc_log_var</c> — the two heads; <c>decoder.*</c> — the mirrored widths ending in a Linear to the
/// data dimension; <c>decoder_log_var</c> — [D], only for <see cref="VaeLikelihood.GaussianLearnedVariance"/>.
/// Initialisation is PyTorch's Linear default everywhere; the learned log-variance starts at 0 (σ² = 1).</para>
/// <para>With <c>conditionFeatures</c> &gt; 0 the model is conditional: a condition vector c (a one-hot label, say)
/// is concatenated to the encoder input and to z, giving q(z|x, c) and p(x|z, c); see
/// <see cref="ConditionalVariationalAutoencoder"/>.</para>
/// <para>Burda et al.'s MNIST model is <c>new VariationalAutoencoder(784, [200, 200], 50)</c> (tanh, Bernoulli).</para>
/// </remarks>
public class VariationalAutoencoder : Module<Tensor, Tensor>
{
    private readonly Sequential encoder, decoder;
    private readonly Linear fcMu, fcLogVar;
    private readonly double fixedLogVar;

    /// <summary>Creates the model.</summary>
    /// <param name="inputFeatures">D, the data dimension (784 for MNIST).</param>
    /// <param name="hidden">Encoder hidden widths, first to last; the decoder uses them reversed.</param>
    /// <param name="latentFeatures">L, the latent dimension.</param>
    /// <param name="likelihood">The decoder's observation model.</param>
    /// <param name="activation">Hidden nonlinearity.</param>
    /// <param name="fixedVariance">σ² of <see cref="VaeLikelihood.GaussianFixedVariance"/> (ignored otherwise).</param>
    /// <param name="conditionFeatures">Width of the condition vector concatenated to x and to z (0: unconditional).</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source of the initialisation.</param>
    public VariationalAutoencoder(int inputFeatures, IReadOnlyList<int> hidden, int latentFeatures,
        VaeLikelihood likelihood = VaeLikelihood.Bernoulli, HiddenActivation activation = HiddenActivation.Tanh,
        double fixedVariance = 1.0, int conditionFeatures = 0, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (inputFeatures <= 0 || latentFeatures <= 0 || conditionFeatures < 0)
            throw new ArgumentOutOfRangeException(nameof(inputFeatures), $"VariationalAutoencoder: sizes must be positive, got input={inputFeatures}, latent={latentFeatures}, condition={conditionFeatures}");
        if (hidden.Count == 0) throw new ArgumentException("VariationalAutoencoder: at least one hidden layer is needed", nameof(hidden));
        if (!(fixedVariance > 0)) throw new ArgumentOutOfRangeException(nameof(fixedVariance), $"VariationalAutoencoder: the fixed variance must be positive, got {fixedVariance}");
        InputFeatures = inputFeatures;
        LatentFeatures = latentFeatures;
        ConditionFeatures = conditionFeatures;
        Likelihood = likelihood;
        fixedLogVar = Math.Log(fixedVariance);
        encoder = RegisterModule("encoder", GenerativeLayers.Mlp(inputFeatures + conditionFeatures, hidden, null, activation, dtype, generator));
        fcMu = RegisterModule("fc_mu", new Linear(hidden[^1], latentFeatures, dtype: dtype, generator: generator));
        fcLogVar = RegisterModule("fc_log_var", new Linear(hidden[^1], latentFeatures, dtype: dtype, generator: generator));
        decoder = RegisterModule("decoder", GenerativeLayers.Mlp(latentFeatures + conditionFeatures, hidden.Reverse().ToArray(), inputFeatures, activation, dtype, generator));
        if (likelihood == VaeLikelihood.GaussianLearnedVariance) DecoderLogVar = RegisterParameter("decoder_log_var", Tensor.Zeros([inputFeatures], dtype));
        else RegisterNullParameter("decoder_log_var");
    }

    /// <summary>D, the data dimension.</summary>
    public int InputFeatures { get; }
    /// <summary>L, the latent dimension.</summary>
    public int LatentFeatures { get; }
    /// <summary>Width of the condition vector (0 when unconditional).</summary>
    public int ConditionFeatures { get; }
    /// <summary>The decoder's observation model.</summary>
    public VaeLikelihood Likelihood { get; }
    /// <summary>The learned per-feature log σ² of the Gaussian decoder, [D], or null.</summary>
    public Tensor? DecoderLogVar { get; }

    /// <summary>The posterior q(z|x) (or q(z|x, c)): its mean and log-variance, each [N, L], for x [N, D].</summary>
    /// <exception cref="ArgumentException">x or the condition has the wrong shape; the message names it.</exception>
    public (Tensor Mu, Tensor LogVar) Encode(Tensor x, Tensor? condition = null)
    {
        if (x.NDim != 2 || x.Size(1) != InputFeatures)
            throw new ArgumentException($"VariationalAutoencoder.encode: expected x of shape [N, {InputFeatures}], got {ShapeUtil.Format(x.ShapeArray)}");
        var h = encoder.Call(Join(x, condition, "encode"));
        return (fcMu.Call(h), fcLogVar.Call(h));
    }

    /// <summary>
    /// The decoder output for z [N, L] (or [K, N, L], K samples for each of N examples): logits for a Bernoulli model,
    /// means for a Gaussian one, shaped like z with L replaced by D.
    /// </summary>
    public Tensor Decode(Tensor z, Tensor? condition = null)
    {
        if (z.NDim is < 2 or > 3 || z.Size(-1) != LatentFeatures)
            throw new ArgumentException($"VariationalAutoencoder.decode: expected z of shape [N, {LatentFeatures}] or [K, N, {LatentFeatures}], got {ShapeUtil.Format(z.ShapeArray)}");
        if (z.NDim == 2) return decoder.Call(Join(z, condition, "decode"));
        int k = z.Size(0), n = z.Size(1);
        var c = condition is null ? null : condition.Unsqueeze(0).Expand(k, condition.Size(0), condition.Size(1)).Reshape(k * n, condition.Size(1));
        return decoder.Call(Join(z.Reshape(k * n, LatentFeatures), c, "decode")).Reshape(k, n, InputFeatures);
    }

    /// <summary>log p(x|z) per example from the decoder output (shape [..., D]; x [N, D] broadcasts against it).</summary>
    public Tensor LogLikelihood(Tensor decoded, Tensor x) => Likelihood switch
    {
        VaeLikelihood.Bernoulli => GaussianMath.BernoulliLogLikelihood(decoded, x),
        VaeLikelihood.GaussianFixedVariance => GaussianMath.DiagonalNormalLogDensity(x, decoded, decoded.ScalarLike(fixedLogVar)),
        VaeLikelihood.GaussianLearnedVariance => GaussianMath.DiagonalNormalLogDensity(x, decoded, DecoderLogVar!),
        _ => throw new InvalidOperationException($"VariationalAutoencoder: unknown likelihood {Likelihood}"),
    };

    /// <summary>The mean of p(x|z) from the decoder output: σ(logits) for Bernoulli, the output itself for Gaussian.</summary>
    public Tensor Mean(Tensor decoded) => Likelihood == VaeLikelihood.Bernoulli ? decoded.Sigmoid() : decoded;

    /// <summary>
    /// The objective's terms for a batch at one reparameterised sample z = μ + σ·ε, ε ~ N(0, I) drawn from
    /// <paramref name="generator"/>; <see cref="VaeTerms.Loss"/> is what to minimise (β = 1: the negative ELBO).
    /// </summary>
    public VaeTerms Terms(Tensor x, Generator? generator = null, double beta = 1.0, Tensor? condition = null)
    {
        var (mu, logVar) = Encode(x, condition);
        return TermsFromNoise(x, mu, logVar, Tensor.Randn(mu.ShapeToArray(), mu.DType, generator), beta, condition);
    }

    /// <summary>As <see cref="Terms(Tensor, Generator?, double, Tensor?)"/>, with the noise ε [N, L] given (so a test can reuse it).</summary>
    public VaeTerms Terms(Tensor x, Tensor eps, double beta = 1.0, Tensor? condition = null)
    {
        var (mu, logVar) = Encode(x, condition);
        return TermsFromNoise(x, mu, logVar, eps, beta, condition);
    }

    private VaeTerms TermsFromNoise(Tensor x, Tensor mu, Tensor logVar, Tensor eps, double beta, Tensor? condition)
    {
        if (!eps.ShapeArray.SequenceEqual(mu.ShapeArray))
            throw new ArgumentException($"VariationalAutoencoder: noise must have the posterior's shape {ShapeUtil.Format(mu.ShapeArray)}, got {ShapeUtil.Format(eps.ShapeArray)}");
        var decoded = Decode(GaussianMath.Reparameterize(mu, logVar, eps), condition);
        return new VaeTerms(LogLikelihood(decoded, x), GaussianMath.KlToStandardNormal(mu, logVar), beta, decoded, mu, logVar);
    }

    /// <summary>
    /// The log importance weights log w_k = log p(x|z_k) + log p(z_k) − log q(z_k|x) for z_k = μ + σ·ε_k, shape [K, N],
    /// from noise <paramref name="eps"/> [K, N, L]. Their mean over k is an unbiased estimate of the ELBO; their
    /// log-mean-exp is the IWAE bound.
    /// </summary>
    public Tensor LogImportanceWeights(Tensor x, Tensor eps, Tensor? condition = null)
    {
        var (mu, logVar) = Encode(x, condition);
        if (eps.NDim != 3 || !eps.ShapeArray.AsSpan(1).SequenceEqual(mu.ShapeArray))
            throw new ArgumentException($"VariationalAutoencoder.log_importance_weights: expected noise of shape [K, {mu.Size(0)}, {LatentFeatures}], got {ShapeUtil.Format(eps.ShapeArray)}");
        var z = GaussianMath.Reparameterize(mu, logVar, eps);
        return LogLikelihood(Decode(z, condition), x) + GaussianMath.StandardNormalLogDensity(z) - GaussianMath.PosteriorLogDensityFromNoise(logVar, eps);
    }

    /// <summary>
    /// The importance-weighted bound (Burda et al. 2016) per example, in nats:
    /// log p(x) ≥ L_K = log (1/K) Σ_k w_k, w_k = p(x, z_k)/q(z_k|x), z_k ~ q(z|x). L_1 is the (single-sample) ELBO, L_K
    /// grows with K in expectation and tends to log p(x); −L_K with K = 5,000 is the usual test NLL estimate.
    /// </summary>
    /// <remarks>Computed without recording a graph, in chunks of samples so that at most <paramref name="maxRows"/>
    /// decoder rows (samples × examples) are alive at once — K = 5,000 on a batch of 100 MNIST digits would otherwise be
    /// 500,000 × 784 outputs. The log-weights are kept in double and combined by one stable log-mean-exp at the end, so
    /// the chunking changes nothing but memory.</remarks>
    public double[] ImportanceWeightedBound(Tensor x, int k, Generator? generator = null, int maxRows = 8192, Tensor? condition = null)
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k), $"ImportanceWeightedBound: K must be positive, got {k}");
        int n = x.Size(0);
        var logW = new double[(long)k * n];
        int chunk = Math.Max(1, Math.Min(k, maxRows / Math.Max(n, 1)));
        using var _ = GradMode.NoGrad();
        for (int start = 0; start < k; start += chunk)
        {
            using var scope = new TensorScope();
            int kc = Math.Min(chunk, k - start);
            var eps = Tensor.Randn([kc, n, LatentFeatures], x.DType, generator);
            var w = LogImportanceWeights(x, eps, condition).To(DType.Float64).ToArray<double>();
            Array.Copy(w, 0, logW, (long)start * n, w.Length);
        }
        return GaussianMath.LogMeanExpRows(logW, k, n);
    }

    /// <summary>Draws <paramref name="count"/> z ~ N(0, I) and returns the decoder's mean for each, [count, D].</summary>
    public Tensor Sample(int count, Generator? generator = null, Tensor? condition = null)
    {
        var z = Tensor.Randn([count, LatentFeatures], fcMu.Weight.DType, generator);
        return Mean(Decode(z, condition));
    }

    /// <summary>The deterministic reconstruction: the decoder's mean at the posterior mean μ(x), [N, D].</summary>
    public override Tensor Forward(Tensor input) => Mean(Decode(Encode(input).Mu));

    private Tensor Join(Tensor a, Tensor? condition, string op)
    {
        if (ConditionFeatures == 0)
        {
            if (condition is not null) throw new ArgumentException($"VariationalAutoencoder.{op}: this model is unconditional but a condition was given");
            return a;
        }
        if (condition is null || condition.NDim != 2 || condition.Size(0) != a.Size(0) || condition.Size(1) != ConditionFeatures)
            throw new ArgumentException($"VariationalAutoencoder.{op}: expected a condition of shape [{a.Size(0)}, {ConditionFeatures}], got {(condition is null ? "none" : ShapeUtil.Format(condition.ShapeArray))}");
        return Tensor.Cat([a, condition.To(a.DType)], 1);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"latent={LatentFeatures}, likelihood={Likelihood}" + (ConditionFeatures > 0 ? $", condition={ConditionFeatures}" : "");
}
