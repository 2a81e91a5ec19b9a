namespace Glassbox.Models.Generative;

/// <summary>
/// The log-densities and divergences a variational autoencoder is built from, each per example (summed over the
/// trailing feature dimension, so a [..., D] argument gives a [...] result) and in nats.
/// </summary>
/// <remarks>
/// Every function is composed of differentiable tensor ops, so gradients (and second derivatives) flow through all
/// arguments. Log-variances rather than standard deviations are taken everywhere: an encoder's unconstrained output
/// can be read as log σ² directly, and σ² = exp(log σ²) is positive without clamping.
/// </remarks>
public static class GaussianMath
{
    /// <summary>log(2π), the constant of every Gaussian log-density.</summary>
    public static readonly double Log2Pi = Math.Log(2 * Math.PI);

    /// <summary>
    /// Closed-form KL(N(μ, diag σ²) ‖ N(0, I)) = −½ Σ_j (1 + log σ²_j − μ_j² − σ²_j), per example.
    /// </summary>
    /// <remarks>Derivation: the KL between Gaussians is ½[tr Σ₁ + μᵀμ − d − log det Σ₁] when the second is N(0, I); with a
    /// diagonal Σ₁ the trace and log-determinant split into sums over the coordinates. It is zero exactly when μ = 0 and
    /// log σ² = 0, and the −1 − log σ² + σ² part is ≥ 0 for every σ, so no term can push it negative.</remarks>
    /// <exception cref="ArgumentException">The shapes differ; the message names both.</exception>
    public static Tensor KlToStandardNormal(Tensor mu, Tensor logVar)
    {
        RequireSameShape("gaussian_kl", mu, logVar);
        return (1.0 + logVar - mu * mu - logVar.Exp()).Sum(-1) * -0.5;
    }

    /// <summary>log N(z; 0, I) = −½ Σ_j (z_j² + log 2π), per example.</summary>
    public static Tensor StandardNormalLogDensity(Tensor z) => (z * z + Log2Pi).Sum(-1) * -0.5;

    /// <summary>
    /// log N(x; μ, diag exp(logVar)) = −½ Σ_j (log 2π + log σ²_j + (x_j − μ_j)² / σ²_j), per example. The arguments
    /// broadcast against each other (a shared [D] log-variance against [N, D] means, say).
    /// </summary>
    public static Tensor DiagonalNormalLogDensity(Tensor x, Tensor mean, Tensor logVar)
    {
        var d = x - mean;
        return (d * d * (-logVar).Exp() + logVar + Log2Pi).Sum(-1) * -0.5;
    }

    /// <summary>
    /// Bernoulli log-likelihood with logits l: Σ_j [x_j·l_j − softplus(l_j)] = −Σ_j BCEWithLogits(l_j, x_j), per example.
    /// </summary>
    /// <remarks>log σ(l) = l − softplus(l) (x = 1) and log(1 − σ(l)) = −softplus(l) (x = 0), folded into one expression; going
    /// through softplus avoids log(0) when σ(l) rounds to 0 or 1 (softplus switches to the identity above l = 20, where
    /// log(1 + eˡ) and l agree to double precision). x may be any value in [0, 1] (then it is the cross-entropy against a
    /// "soft" target) and broadcasts against the logits.</remarks>
    public static Tensor BernoulliLogLikelihood(Tensor logits, Tensor x) => (logits * x - logits.Softplus()).Sum(-1);

    /// <summary>
    /// The reparameterisation z = μ + σ·ε with σ = exp(½ log σ²): a sample of N(μ, σ²) written as a deterministic,
    /// differentiable function of (μ, log σ²) and the parameter-free noise ε ~ N(0, I), which is what lets the ELBO's
    /// expectation over q(z|x) be differentiated by back-propagating through a sample. <paramref name="eps"/> broadcasts
    /// against μ (a [K, N, L] noise with [N, L] moments gives K samples per example).
    /// </summary>
    public static Tensor Reparameterize(Tensor mu, Tensor logVar, Tensor eps)
    {
        RequireSameShape("reparameterize", mu, logVar);
        return mu + (logVar * 0.5).Exp() * eps;
    }

    /// <summary>
    /// log q(z|x) for z = μ + σ·ε: −½ Σ_j (log 2π + log σ²_j + ε_j²). Using ε directly is exact — (z − μ)²/σ² is ε² — and
    /// avoids dividing by a tiny σ².
    /// </summary>
    public static Tensor PosteriorLogDensityFromNoise(Tensor logVar, Tensor eps) => (eps * eps + logVar + Log2Pi).Sum(-1) * -0.5;

    /// <summary>
    /// Numerically stable log-mean-exp over each row of a [K, N] array laid out k-major: returns, for every n,
    /// log(1/K Σ_k exp(a[k, n])) computed as m + log Σ exp(a − m) with m the row maximum.
    /// </summary>
    public static double[] LogMeanExpRows(double[] a, int k, int n)
    {
        if (a.Length != (long)k * n) throw new ArgumentException($"LogMeanExpRows: expected {k}x{n} = {(long)k * n} values, got {a.Length}");
        var result = new double[n];
        for (int j = 0; j < n; j++)
        {
            double m = double.NegativeInfinity;
            for (int i = 0; i < k; i++) m = Math.Max(m, a[i * n + j]);
            if (double.IsNegativeInfinity(m)) { result[j] = m; continue; }
            double s = 0;
            for (int i = 0; i < k; i++) s += Math.Exp(a[i * n + j] - m);
            result[j] = m + Math.Log(s) - Math.Log(k);
        }
        return result;
    }

    private static void RequireSameShape(string op, Tensor a, Tensor b)
    {
        if (!a.ShapeArray.SequenceEqual(b.ShapeArray))
            throw new ArgumentException($"{op}: mu and log_var must have the same shape, got {ShapeUtil.Format(a.ShapeArray)} and {ShapeUtil.Format(b.ShapeArray)}");
    }
}
