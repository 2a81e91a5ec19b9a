namespace Glassbox.ML.NaiveBayes;

/// <summary>
/// Shared prediction of the naive Bayes classifiers (sklearn's <c>_BaseNB</c>): each subclass supplies the joint
/// log-likelihood J[i, k] = log P(y = k) + log P(xᵢ | y = k); the posterior is softmax over k, computed as
/// exp(J − logsumexp(J)) so that tiny likelihoods do not underflow.
/// </summary>
public abstract class NaiveBayes<TSelf> : ProbabilisticClassifier<TSelf> where TSelf : NaiveBayes<TSelf>
{
    /// <summary>Joint log-likelihood [n, K] for a checked X (row-major n×p).</summary>
    protected abstract double[] JointLogLikelihood(double[] x, int n, int p);

    /// <summary>log P(y = k | x) [n_samples, n_classes] (<c>predict_log_proba</c>).</summary>
    public Tensor PredictLogProba(Tensor x)
    {
        var xm = CheckInput(x, nameof(PredictLogProba));
        int n = xm.Shape[0], k = ClassLabels.Length;
        var j = JointLogLikelihood(Input.Raw(xm), n, xm.Shape[1]);
        for (int i = 0; i < n; i++)
        {
            double m = double.NegativeInfinity;
            for (int c = 0; c < k; c++) m = Math.Max(m, j[i * k + c]);
            double s = 0;
            for (int c = 0; c < k; c++) s += Math.Exp(j[i * k + c] - m);
            double lse = m + Math.Log(s);
            for (int c = 0; c < k; c++) j[i * k + c] -= lse;
        }
        return Input.Matrix(j, n, k);
    }

    /// <summary>P(y = k | x) [n_samples, n_classes] (<c>predict_proba</c>).</summary>
    public override Tensor PredictProba(Tensor x)
    {
        var lp = Input.Raw(PredictLogProba(x));
        var r = new double[lp.Length];
        for (int i = 0; i < r.Length; i++) r[i] = Math.Exp(lp[i]);
        return Input.Matrix(r, r.Length / ClassLabels.Length, ClassLabels.Length);
    }

    /// <summary>The class maximising the joint log-likelihood (<c>predict</c>; ties → lowest class index).</summary>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        int n = xm.Shape[0];
        return LabelsOfArgmax(Input.Matrix(JointLogLikelihood(Input.Raw(xm), n, xm.Shape[1]), n, ClassLabels.Length));
    }

    /// <summary>Samples per class (<c>class_count_</c>): Σ_{i: yᵢ = k} wᵢ, or the plain count when
    /// <paramref name="w"/> is null.</summary>
    protected static double[] ClassCounts(int[] y, int k, double[]? w = null)
    {
        var c = new double[k];
        if (w is null) foreach (var v in y) c[v]++;
        else for (int i = 0; i < y.Length; i++) c[y[i]] += w[i];
        return c;
    }

    /// <summary>Sums of each feature per class [K, p]: Σ_{i: yᵢ = k} wᵢ·xᵢⱼ (wᵢ = 1 when <paramref name="w"/> is null).</summary>
    protected static double[] FeatureSums(double[] x, int n, int p, int[] y, int k, double[]? w = null)
    {
        // row by row, vectorised across features: each sum still adds its values in row order
        var s = new double[k * p];
        for (int i = 0; i < n; i++)
        {
            var dst = s.AsSpan(y[i] * p, p);
            if (w is null) System.Numerics.Tensors.TensorPrimitives.Add(dst, x.AsSpan(i * p, p), dst);
            else System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x.AsSpan(i * p, p), w[i], dst, dst);
        }
        return s;
    }
}
