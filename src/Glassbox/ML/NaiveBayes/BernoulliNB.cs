namespace Glassbox.ML.NaiveBayes;

/// <summary>
/// Bernoulli naive Bayes for binary features (<c>sklearn.naive_bayes.BernoulliNB</c>): features are binarised
/// (x &gt; <see cref="Binarize"/> → 1), pₖⱼ = (Nₖⱼ + α)/(Nₖ + 2α), and
/// J[i, k] = log πₖ + Σⱼ [xᵢⱼ·log pₖⱼ + (1 − xᵢⱼ)·log(1 − pₖⱼ)] — absent features count as evidence too.
/// </summary>
public sealed class BernoulliNB : DiscreteNB<BernoulliNB>
{
    /// <summary>Creates the classifier.</summary>
    /// <param name="alpha">Additive smoothing (<c>alpha</c>).</param>
    /// <param name="binarize">Threshold for mapping features to {0, 1}, or null if X is already binary (<c>binarize</c>).</param>
    /// <param name="fitPrior">Learn class priors (<c>fit_prior</c>).</param>
    public BernoulliNB(double alpha = 1.0, double? binarize = 0.0, bool fitPrior = true) : base(alpha, fitPrior) => Binarize = binarize;

    /// <summary>Binarisation threshold (<c>binarize</c>).</summary>
    public double? Binarize { get; }

    private protected override double[] Prepare(double[] x) =>
        Binarize is double t ? x.Select(v => v > t ? 1.0 : 0.0).ToArray() : x;

    private protected override void UpdateFeatureLogProb(int p)
    {
        int k = classCount.Length;
        featureLogProb = new double[k * p];
        for (int c = 0; c < k; c++)
        {
            double logDen = Math.Log(classCount[c] + 2 * EffectiveAlpha);
            for (int j = 0; j < p; j++) featureLogProb[c * p + j] = Math.Log(featureCount[c * p + j] + EffectiveAlpha) - logDen;
        }
    }

    /// <inheritdoc/>
    protected override double[] JointLogLikelihood(double[] x, int n, int p)
    {
        x = Prepare(x);
        int k = classCount.Length;
        var negProb = featureLogProb.Select(v => Math.Log(1 - Math.Exp(v))).ToArray();
        var diff = new double[k * p];
        var negSum = new double[k];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < p; j++) { diff[c * p + j] = featureLogProb[c * p + j] - negProb[c * p + j]; negSum[c] += negProb[c * p + j]; }
        var r = new double[n * k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++)
                r[i * k + c] = Linear.DenseMath.Dot(x.AsSpan(i * p, p), diff.AsSpan(c * p, p)) + classLogPrior[c] + negSum[c];
        return r;
    }
}
