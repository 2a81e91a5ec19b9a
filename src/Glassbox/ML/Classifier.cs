namespace Glassbox.ML;

/// <summary>
/// Base of the classifiers (<c>ClassifierMixin</c>): labels are any int64 values, mapped to column indices
/// 0..K−1 through the sorted <see cref="Classes"/>; <see cref="Score"/> is the (weighted) accuracy of
/// <see cref="Predict"/>. Classifiers with probabilities derive from <see cref="ProbabilisticClassifier{TSelf}"/>,
/// which predicts the most probable class; the others (LinearSVC) implement <see cref="Predict"/> themselves.
/// </summary>
public abstract class Classifier<TSelf> : Estimator<TSelf>, IClassifier where TSelf : Classifier<TSelf>
{
    private long[] classes = [];

    /// <inheritdoc/>
    public Tensor Classes => Tensor.FromArray(Learned(classes, nameof(Classes)), [classes.Length]);

    /// <summary>The labels as an array (fitted only).</summary>
    protected long[] ClassLabels => classes;

    /// <summary>Predicted class labels, int64 [n_samples] (<c>predict</c>).</summary>
    public abstract Tensor Predict(Tensor x);

    /// <summary>Mean accuracy of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Classification.AccuracyScore(y, Predict(x), sampleWeight);

    /// <summary>Validates y and stores the sorted classes; returns each sample's class index.</summary>
    protected int[] EncodeTargets(Tensor? y, int n, int minClasses = 2)
    {
        var labels = Input.Labels(y, n, GetType().Name);
        var (cls, idx) = Input.Encode(labels);
        if (cls.Length < minClasses)
            throw new ArgumentException($"{GetType().Name}.Fit: needs samples of at least {minClasses} classes in y, got {cls.Length}");
        classes = cls;
        return idx;
    }

    /// <summary>Maps the row-wise argmax of scores [n, K] to labels.</summary>
    protected Tensor LabelsOfArgmax(Tensor scores)
    {
        var s = Input.Raw(scores);
        int k = classes.Length, n = k == 0 ? 0 : s.Length / k;
        var r = new long[n];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (s[i * k + c] > s[i * k + best]) best = c;
            r[i] = classes[best];
        }
        return Tensor.FromArray(r, [n]);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) => state.Set("classes", Tensor.FromArray(classes, [classes.Length]));

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        var c = state.GetLongs("classes");
        if (c.Length == 0) throw state.Invalid("classes", "a fitted classifier has at least one class, got []");
        for (int i = 1; i < c.Length; i++)
            if (c[i] <= c[i - 1]) throw state.Invalid("classes", $"labels must be sorted and distinct (as Fit stores them), got {c[i - 1]} before {c[i]}");
        classes = c;
    }
}
