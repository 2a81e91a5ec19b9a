using Glassbox.ML.Options;
using System.Numerics.Tensors;

namespace Glassbox.ML.NaiveBayes;

/// <summary>
/// Gaussian naive Bayes (<c>sklearn.naive_bayes.GaussianNB</c>): per class k and feature j, xⱼ | y=k ~ N(θₖⱼ, σ²ₖⱼ);
/// J[i, k] = log πₖ − ½Σⱼ log(2πσ²ₖⱼ) − ½Σⱼ (xᵢⱼ − θₖⱼ)²/σ²ₖⱼ.
/// </summary>
/// <remarks>
/// Variances get ε = var_smoothing · max_j Var(X[:, j]) added (sklearn's rule, keeps σ² &gt; 0 for constant features).
/// Priors πₖ are class frequencies unless given.
/// <para>
/// <b>Sample weights</b> (<c>fit(X, y, sample_weight)</c>): with Wₖ = Σ_{i: yᵢ = k} wᵢ, θₖⱼ = Σ wᵢxᵢⱼ / Wₖ,
/// σ²ₖⱼ = Σ wᵢ(xᵢⱼ − θₖⱼ)² / Wₖ + ε (the weighted, biased variance of <c>np.average</c>), <c>class_count_</c> = Wₖ and
/// πₖ = Wₖ / Σₖ Wₖ. As in sklearn, ε = var_smoothing · maxⱼ Var(X[:, j]) stays the <em>unweighted</em> variance of all
/// rows (zero-weight rows included), so integer weights equal repeated rows only up to ε. A class whose weights sum
/// to ≈ 0 keeps θ = 0 and σ² = ε (sklearn skips its update).
/// </para>
/// </remarks>
public sealed class GaussianNB : NaiveBayes<GaussianNB>
{
    private double[] theta = [], var_ = [], prior = [];
    private double epsilon;
    private double[] classCount = [];

    /// <summary>Creates the classifier.</summary>
    /// <param name="varSmoothing">Fraction of the largest feature variance added to all variances (<c>var_smoothing</c>).</param>
    /// <param name="priors">Class priors (sum 1), or null for the class frequencies (<c>priors</c>).</param>
    public GaussianNB(double varSmoothing = 1e-9, double[]? priors = null) { VarSmoothing = varSmoothing; Priors = priors; }

    /// <summary>Variance smoothing fraction (<c>var_smoothing</c>).</summary>
    public double VarSmoothing { get; }
    /// <summary>Given priors (<c>priors</c>).</summary>
    public double[]? Priors { get; }

    /// <summary>Per-class feature means [K, p] (<c>theta_</c>).</summary>
    public Tensor Theta => Input.Matrix(Learned(theta, nameof(Theta)), prior.Length, theta.Length / Math.Max(prior.Length, 1));
    /// <summary>Per-class feature variances incl. ε [K, p] (<c>var_</c>).</summary>
    public Tensor Var => Input.Matrix(Learned(var_, nameof(Var)), prior.Length, var_.Length / Math.Max(prior.Length, 1));
    /// <summary>Class priors (<c>class_prior_</c>).</summary>
    public Tensor ClassPrior => Input.Vector(Learned(prior, nameof(ClassPrior)));
    /// <summary>(Weighted) number of training samples per class, Wₖ (<c>class_count_</c>).</summary>
    public Tensor ClassCount => Input.Vector(Learned(classCount, nameof(ClassCount)));
    /// <summary>The added ε (<c>epsilon_</c>).</summary>
    public double Epsilon => Learned(epsilon, nameof(Epsilon));

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new() { { nameof(VarSmoothing), Is.Real(0) } };

    /// <summary>The table, then the priors, whose error lists them (the count per class is checked in Fit).</summary>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (Priors is not null && (Priors.Any(v => v < 0) || Math.Abs(Priors.Sum() - 1) > 1e-8))
            OutOfRange(nameof(Priors), "[" + string.Join(", ", Priors) + "]", "non-negative and summing to 1");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var yi = EncodeTargets(y, n, minClasses: 1);
        int k = ClassLabels.Length;
        if (Priors is not null && Priors.Length != k) OutOfRange(nameof(Priors), Priors.Length, $"one prior per class ({k})");
        var a = Input.Raw(x);
        // Row-major passes, vectorised across features (a column-by-column loop strides through X and misses the cache
        // on every read); each per-feature sum still runs in row order. TensorPrimitives.MultiplyAdd is not fused, so
        // d·d + v rounds exactly as the scalar expression.
        var mean = new double[p];
        for (int i = 0; i < n; i++) TensorPrimitives.Add(mean, a.AsSpan(i * p, p), mean);
        TensorPrimitives.Divide(mean, n, mean);
        var diff = new double[p];
        var sq = new double[p];
        for (int i = 0; i < n; i++)
        {
            TensorPrimitives.Subtract(a.AsSpan(i * p, p), mean, diff);
            TensorPrimitives.MultiplyAdd(diff, diff, sq, sq);
        }
        double maxVar = p == 0 ? 0 : TensorPrimitives.Max(sq) / n;
        epsilon = VarSmoothing * maxVar;
        var w = SampleWeight;
        var counts = ClassCounts(yi, k, w);
        theta = FeatureSums(a, n, p, yi, k, w);
        // a class whose weights sum to ≈ 0 (|Σw| ≤ 1e-8, sklearn's np.isclose) keeps θ = 0 and σ² = 0 (+ ε), as sklearn
        // skips its update
        var empty = new bool[k];
        for (int c = 0; c < k; c++)
        {
            if (w is not null && Math.Abs(counts[c]) <= 1e-8) { empty[c] = true; theta.AsSpan(c * p, p).Clear(); continue; }
            TensorPrimitives.Divide(theta.AsSpan(c * p, p), counts[c], theta.AsSpan(c * p, p));
        }
        var_ = new double[k * p];
        for (int i = 0; i < n; i++)
        {
            if (empty[yi[i]]) continue;
            var v = var_.AsSpan(yi[i] * p, p);
            TensorPrimitives.Subtract(a.AsSpan(i * p, p), theta.AsSpan(yi[i] * p, p), diff);
            if (w is null) TensorPrimitives.MultiplyAdd(diff, diff, v, v);
            else
            {
                TensorPrimitives.Multiply(diff, diff, diff);
                TensorPrimitives.MultiplyAdd(diff, w[i], v, v);
            }
        }
        for (int c = 0; c < k; c++)
        {
            var v = var_.AsSpan(c * p, p);
            if (!empty[c]) TensorPrimitives.Divide(v, counts[c], v);
            TensorPrimitives.Add(v, epsilon, v);
        }
        double total = w is null ? n : counts.Sum();
        classCount = counts;
        prior = Priors is not null ? (double[])Priors.Clone() : counts.Select(c => c / total).ToArray();
    }

    /// <inheritdoc/>
    protected override double[] JointLogLikelihood(double[] x, int n, int p)
    {
        int k = prior.Length;
        var j = new double[n * k];
        var logNorm = new double[k];
        for (int c = 0; c < k; c++)
        {
            double s = 0;
            for (int f = 0; f < p; f++) s += Math.Log(2 * Math.PI * var_[c * p + f]);
            logNorm[c] = Math.Log(prior[c]) - 0.5 * s;
        }
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++)
            {
                double q = 0;
                for (int f = 0; f < p; f++) { double d = x[i * p + f] - theta[c * p + f]; q += d * d / var_[c * p + f]; }
                j[i * k + c] = logNorm[c] - 0.5 * q;
            }
        return j;
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState s)
    {
        base.SaveState(s);
        s.Set("theta", Input.Vector(theta)); s.Set("var", Input.Vector(var_)); s.Set("prior", Input.Vector(prior)); s.Set("epsilon", epsilon);
        s.Set("class_count", Input.Vector(classCount));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState s)
    {
        base.LoadState(s);
        int k = ClassLabels.Length, kp = checked(k * s.NFeaturesIn);
        theta = s.GetVector("theta", kp, finite: true); var_ = s.GetVector("var", kp, finite: true);
        prior = s.GetVector("prior", k, finite: true); epsilon = s.GetDouble("epsilon", finite: true);
        for (int i = 0; i < kp; i++)
            if (!(var_[i] > 0)) throw s.Invalid("var", $"entry [{i}] is {var_[i]}; variances (smoothed by epsilon) are > 0");
        // files written before class counts were kept have none
        classCount = s.GetVectorOrNull("class_count", k, finite: true) ?? [];
    }
}
