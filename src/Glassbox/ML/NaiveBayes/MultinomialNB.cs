namespace Glassbox.ML.NaiveBayes;

/// <summary>
/// Multinomial naive Bayes for counts (<c>sklearn.naive_bayes.MultinomialNB</c>):
/// log P(xⱼ | y=k) = log(Nₖⱼ + α) − log(Σⱼ Nₖⱼ + α·p) and J[i, k] = log πₖ + Σⱼ xᵢⱼ·log P(xⱼ | y=k).
/// </summary>
public sealed class MultinomialNB : DiscreteNB<MultinomialNB>
{
    /// <summary>Creates the classifier.</summary>
    /// <param name="alpha">Additive smoothing (<c>alpha</c>).</param>
    /// <param name="fitPrior">Learn class priors (<c>fit_prior</c>).</param>
    public MultinomialNB(double alpha = 1.0, bool fitPrior = true) : base(alpha, fitPrior) { }

    private protected override void UpdateFeatureLogProb(int p)
    {
        int k = classCount.Length;
        featureLogProb = new double[k * p];
        for (int c = 0; c < k; c++)
        {
            double total = 0;
            for (int j = 0; j < p; j++) total += featureCount[c * p + j] + EffectiveAlpha;
            double logTotal = Math.Log(total);
            for (int j = 0; j < p; j++) featureLogProb[c * p + j] = Math.Log(featureCount[c * p + j] + EffectiveAlpha) - logTotal;
        }
    }

    /// <inheritdoc/>
    protected override double[] JointLogLikelihood(double[] x, int n, int p)
    {
        int k = classCount.Length;
        var r = new double[n * k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++)
                r[i * k + c] = classLogPrior[c] + Linear.DenseMath.Dot(x.AsSpan(i * p, p), featureLogProb.AsSpan(c * p, p));
        return r;
    }
}
