namespace Glassbox.Tuning;

/// <summary>
/// One of TPE's two densities, l(x) or g(x), for one parameter: a weighted mixture of truncated-normal kernels, one
/// per observed value plus one prior kernel (numerical parameters), or of per-kernel choice probabilities
/// (categorical). Built by <see cref="TpeSampler"/>; internal values go in, internal values come out.
/// </summary>
/// <remarks>
/// <para><b>Space.</b> A numerical parameter is modelled on [low′, high′]: ln of the bounds for a log scale; for an
/// integer or a stepped float the bounds are first widened by half a step, [low − step/2, high + step/2], so that the
/// end values own a full bin. Samples are mapped back (exp, then rounded to the grid and clamped).</para>
/// <para><b>Kernels (Optuna's univariate rule with consider_endpoints = false, consider_magic_clip = true).</b>
/// μ = the observations (transformed) followed by the prior μₚ = (low′ + high′)/2. Sort all μ; each kernel's σ is the
/// larger of the gaps to its left and right neighbours, where the ends low′ and high′ count as neighbours — except the
/// first and last sorted kernels, which take only their inner gap (when there are at least two kernels). Then σ is
/// clipped to [σ_min, σ_max] with σ_max = high′ − low′ and the "magic clip" σ_min = (high′ − low′) / min(100, 1 + K),
/// K the number of kernels including the prior; finally the prior's σ is set to σₚ = high′ − low′.</para>
/// <para><b>Weights.</b> The observation weights w (given, see <see cref="TpeSampler"/>) followed by the prior weight,
/// normalised to sum 1.</para>
/// <para><b>Density.</b> Continuous floats: Σₖ wₖ·TN(x; μₖ, σₖ, low′, high′) on the transformed axis (the Jacobian of
/// the log map is the same for l and g and cancels in l/g). Integers and stepped floats: the probability of x's bin,
/// Σₖ wₖ·P(x − step/2 ≤ X ≤ x + step/2) under each truncated kernel (on the log axis for a log-scale integer).</para>
/// <para><b>Categorical.</b> Kernel k is a probability vector over the C choices: priorWeight / K on every choice,
/// plus 1 on its observed choice (the prior kernel has none), normalised; the mixture is Σₖ wₖ·rowₖ.</para>
/// </remarks>
internal sealed class ParzenEstimator
{
    private readonly Distribution distribution;
    private readonly double[] weights;
    private readonly double[] mus = [], sigmas = [];
    private readonly double low, high;
    private readonly double[,] categorical = new double[0, 0];

    /// <summary>Fits the mixture to <paramref name="observations"/> (internal values) weighted by <paramref name="observationWeights"/>.</summary>
    public ParzenEstimator(IReadOnlyList<double> observations, IReadOnlyList<double> observationWeights, Distribution distribution, double priorWeight)
    {
        this.distribution = distribution;
        int n = observations.Count;
        weights = new double[n + 1];
        for (int i = 0; i < n; i++) weights[i] = observationWeights[i];
        weights[n] = priorWeight;
        double total = weights.Sum();
        for (int i = 0; i <= n; i++) weights[i] /= total;

        if (distribution is CategoricalDistribution c)
        {
            int k = n + 1, nc = c.Choices.Count;
            categorical = new double[k, nc];
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < nc; j++) categorical[i, j] = priorWeight / k;
                if (i < n) categorical[i, (int)observations[i]] += 1;
                double rowSum = 0;
                for (int j = 0; j < nc; j++) rowSum += categorical[i, j];
                for (int j = 0; j < nc; j++) categorical[i, j] /= rowSum;
            }
            return;
        }

        (low, high) = Bounds(distribution);
        mus = new double[n + 1];
        for (int i = 0; i < n; i++) mus[i] = Transform(observations[i]);
        mus[n] = 0.5 * (low + high);
        sigmas = Bandwidths(mus, low, high);
    }

    /// <summary>The kernels' centres (transformed axis; the prior last).</summary>
    public IReadOnlyList<double> Mus => mus;

    /// <summary>The kernels' widths (the prior last).</summary>
    public IReadOnlyList<double> Sigmas => sigmas;

    /// <summary>The mixture weights (the prior last), summing to 1.</summary>
    public IReadOnlyList<double> Weights => weights;

    /// <summary>The bandwidth rule of the remarks, for centres <paramref name="mu"/> whose last element is the prior.</summary>
    internal static double[] Bandwidths(double[] mu, double low, double high)
    {
        int k = mu.Length;
        var order = Enumerable.Range(0, k).OrderBy(i => mu[i]).ThenBy(i => i).ToArray();
        var ext = new double[k + 2];
        ext[0] = low; ext[k + 1] = high;
        for (int i = 0; i < k; i++) ext[i + 1] = mu[order[i]];
        var sorted = new double[k];
        for (int i = 0; i < k; i++) sorted[i] = Math.Max(ext[i + 1] - ext[i], ext[i + 2] - ext[i + 1]);
        if (k + 2 >= 4)
        {
            sorted[0] = ext[2] - ext[1];
            sorted[k - 1] = ext[k] - ext[k - 1];
        }
        var sigma = new double[k];
        for (int i = 0; i < k; i++) sigma[order[i]] = sorted[i];
        double maxSigma = high - low, minSigma = (high - low) / Math.Min(100.0, 1.0 + k);
        for (int i = 0; i < k; i++) sigma[i] = Math.Clamp(sigma[i], minSigma, maxSigma);
        sigma[k - 1] = high - low;
        return sigma;
    }

    /// <summary>Draws <paramref name="count"/> internal values from the mixture.</summary>
    public double[] Sample(Random rng, int count)
    {
        var result = new double[count];
        for (int s = 0; s < count; s++)
        {
            int k = Pick(rng, weights);
            if (distribution is CategoricalDistribution c)
            {
                var row = new double[c.Choices.Count];
                for (int j = 0; j < row.Length; j++) row[j] = categorical[k, j];
                result[s] = Pick(rng, row);
            }
            else result[s] = Untransform(TruncatedNormal.Sample(rng, mus[k], sigmas[k], low, high));
        }
        return result;
    }

    /// <summary>ln of the mixture's density (continuous) or probability (discrete, categorical) at internal value <paramref name="x"/>.</summary>
    public double LogPdf(double x)
    {
        if (distribution is CategoricalDistribution c)
        {
            double p = 0;
            for (int k = 0; k < weights.Length; k++) p += weights[k] * categorical[k, (int)x];
            return Math.Log(p);
        }
        var terms = new double[weights.Length];
        double? step = StepOf(distribution);
        bool log = IsLog(distribution);
        for (int k = 0; k < weights.Length; k++)
        {
            double lp = step is double st
                ? TruncatedNormal.LogMass(Axis(x - st / 2, log), Axis(x + st / 2, log), mus[k], sigmas[k], low, high)
                : TruncatedNormal.LogPdf(Transform(x), mus[k], sigmas[k], low, high);
            terms[k] = Math.Log(weights[k]) + lp;
        }
        double m = terms.Max();
        if (double.IsNegativeInfinity(m)) return m;
        return m + Math.Log(terms.Sum(t => Math.Exp(t - m)));
    }

    /// <summary>The modelled interval [low′, high′] of a numerical distribution (see the remarks).</summary>
    internal static (double Low, double High) Bounds(Distribution d)
    {
        double lo, hi;
        switch (d)
        {
            case FloatDistribution f: lo = f.Low; hi = f.High; break;
            case IntDistribution i: lo = i.Low; hi = i.High; break;
            default: throw new ArgumentException($"ParzenEstimator: not a numerical distribution: {d.GetType().Name}");
        }
        if (StepOf(d) is double s) { lo -= s / 2; hi += s / 2; }
        return IsLog(d) ? (Math.Log(lo), Math.Log(hi)) : (lo, hi);
    }

    private static double? StepOf(Distribution d) => d switch
    {
        FloatDistribution f => f.Step,
        IntDistribution i => i.Step,
        _ => null,
    };

    private static bool IsLog(Distribution d) => d is FloatDistribution { Log: true } or IntDistribution { Log: true };

    private static double Axis(double v, bool log) => log ? Math.Log(v) : v;

    private double Transform(double v) => Axis(v, IsLog(distribution));

    private double Untransform(double t)
    {
        double v = IsLog(distribution) ? Math.Exp(t) : t;
        switch (distribution)
        {
            case FloatDistribution f when f.Step is double s:
                return Math.Clamp(f.Low + Math.Round((v - f.Low) / s) * s, f.Low, f.High);
            case FloatDistribution f:
                return Math.Clamp(v, f.Low, f.High);
            case IntDistribution i:
                return Math.Clamp(i.Low + Math.Round((v - i.Low) / i.Step) * i.Step, i.Low, i.High);
            default:
                return v;
        }
    }

    private static int Pick(Random rng, double[] probabilities)
    {
        double u = rng.NextDouble(), acc = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            acc += probabilities[i];
            if (u < acc) return i;
        }
        for (int i = probabilities.Length - 1; i >= 0; i--) if (probabilities[i] > 0) return i;
        return probabilities.Length - 1;
    }
}
