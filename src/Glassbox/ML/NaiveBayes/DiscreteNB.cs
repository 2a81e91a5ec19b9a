using Glassbox.ML.Options;

namespace Glassbox.ML.NaiveBayes;

/// <summary>
/// Shared state of the count-based naive Bayes models (sklearn's <c>_BaseDiscreteNB</c>): additive (Laplace/Lidstone)
/// smoothing α, learned log class priors and per-class feature log-probabilities.
/// </summary>
/// <remarks>
/// <b>Sample weights</b> (<c>fit(X, y, sample_weight)</c>): every count is a weighted count, as sklearn multiplies
/// its one-hot class matrix by w — Nₖ = Σ_{i: yᵢ = k} wᵢ (<c>class_count_</c>, and the fitted prior Nₖ/ΣN) and
/// Nₖⱼ = Σ_{i: yᵢ = k} wᵢ·xᵢⱼ (<c>feature_count_</c>, on the binarised X for BernoulliNB). An integer weight is
/// exactly that many copies of the row.
/// </remarks>
public abstract class DiscreteNB<TSelf> : NaiveBayes<TSelf> where TSelf : DiscreteNB<TSelf>
{
    /// <summary>log P(y = k) [K].</summary>
    private protected double[] classLogPrior = [];
    /// <summary>log P(feature j | y = k) [K, p].</summary>
    private protected double[] featureLogProb = [];
    /// <summary>Per-class feature sums [K, p] and class sizes [K].</summary>
    private protected double[] featureCount = [], classCount = [];

    /// <summary>Creates the model.</summary>
    protected DiscreteNB(double alpha, bool fitPrior) { Alpha = alpha; FitPrior = fitPrior; }

    /// <summary>Additive smoothing α ≥ 0; values below 1e-10 are raised to 1e-10 as in sklearn 1.2 (<c>alpha</c>).</summary>
    public double Alpha { get; }
    /// <summary>Learn class priors from frequencies; else uniform (<c>fit_prior</c>).</summary>
    public bool FitPrior { get; }

    /// <summary>log P(y = k) (<c>class_log_prior_</c>).</summary>
    public Tensor ClassLogPrior => Input.Vector(Learned(classLogPrior, nameof(ClassLogPrior)));
    /// <summary>Empirical log P(xⱼ | y = k) [K, p] (<c>feature_log_prob_</c>).</summary>
    public Tensor FeatureLogProb => Input.Matrix(Learned(featureLogProb, nameof(FeatureLogProb)), classCount.Length, featureLogProb.Length / Math.Max(classCount.Length, 1));

    /// <summary>(Weighted) number of training samples per class [K] (<c>class_count_</c>).</summary>
    public Tensor ClassCount => Input.Vector(Learned(classCount, nameof(ClassCount)));
    /// <summary>(Weighted) per-class feature sums Nₖⱼ [K, p] (<c>feature_count_</c>).</summary>
    public Tensor FeatureCount => Input.Matrix(Learned(featureCount, nameof(FeatureCount)), classCount.Length, featureCount.Length / Math.Max(classCount.Length, 1));

    /// <summary>α with sklearn 1.2's floor (force_alpha=False): below 1e-10 it becomes 1e-10.</summary>
    private protected double EffectiveAlpha => Math.Max(Alpha, 1e-10);

    /// <inheritdoc/>
    protected override ParamTable Constraints => new() { { nameof(Alpha), Is.Real(0) } };

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <summary>Transforms X before counting (identity; BernoulliNB binarises).</summary>
    private protected virtual double[] Prepare(double[] x) => x;

    /// <summary>From the counts: log P(xⱼ | y = k).</summary>
    private protected abstract void UpdateFeatureLogProb(int p);

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var yi = EncodeTargets(y, n, minClasses: 1);
        int k = ClassLabels.Length;
        var a = Prepare(Input.Raw(x));
        if (a.Any(v => v < 0)) throw new ArgumentException($"{GetType().Name}.Fit: negative values in X; counts must be ≥ 0");
        classCount = ClassCounts(yi, k, SampleWeight);
        featureCount = FeatureSums(a, n, p, yi, k, SampleWeight);
        UpdateFeatureLogProb(p);
        double total = classCount.Sum();
        classLogPrior = FitPrior ? classCount.Select(c => Math.Log(c) - Math.Log(total)).ToArray() : Enumerable.Repeat(-Math.Log(k), k).ToArray();
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState s)
    {
        base.SaveState(s);
        s.Set("class_log_prior", Input.Vector(classLogPrior)); s.Set("feature_log_prob", Input.Vector(featureLogProb));
        s.Set("feature_count", Input.Vector(featureCount)); s.Set("class_count", Input.Vector(classCount));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState s)
    {
        base.LoadState(s);
        int k = ClassLabels.Length, kp = checked(k * s.NFeaturesIn);
        classLogPrior = s.GetVector("class_log_prior", k); featureLogProb = s.GetVector("feature_log_prob", kp);
        featureCount = s.GetVector("feature_count", kp, finite: true); classCount = s.GetVector("class_count", k, finite: true);
        foreach (var (name, a) in new[] { ("class_log_prior", classLogPrior), ("feature_log_prob", featureLogProb) })
            for (int i = 0; i < a.Length; i++)
                if (double.IsNaN(a[i]) || a[i] > 0) throw s.Invalid(name, $"entry [{i}] is {a[i]}; a log-probability is ≤ 0");
    }
}
