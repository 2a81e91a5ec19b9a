namespace Glassbox.ML;

/// <summary>
/// The class-label bookkeeping of a classifier (scikit-learn's <c>classes_</c> with the label encoding every
/// classifier's fit does): labels are any int64 values, stored sorted and distinct, and the learning code sees each
/// sample's index 0..K−1 into them. One implementation for every classifier: <see cref="Classifier{TSelf}"/> holds one,
/// and so do the classifiers whose base class is their model family instead (<see cref="Tree.DecisionTreeClassifier"/>
/// derives from <see cref="Tree.DecisionTreeBase{TSelf}"/>, shared with its regressor twin) — being a classifier is
/// this component plus the <see cref="IClassifier"/> interface, not a base class, because C# allows one base.
/// </summary>
internal sealed class ClassEncoding
{
    /// <summary>The sorted distinct labels; empty before the first Fit or load.</summary>
    public long[] Labels { get; private set; } = [];

    /// <summary>The labels as an int64 tensor [n_classes] (<c>classes_</c>).</summary>
    public Tensor ToTensor() => Tensor.FromArray(Labels, [Labels.Length]);

    /// <summary>
    /// Validates y (<paramref name="n"/> integer labels), stores its sorted distinct labels and returns each sample's
    /// class index. Fewer than <paramref name="minClasses"/> distinct labels is an error naming
    /// <paramref name="estimator"/>.
    /// </summary>
    public int[] Encode(Tensor? y, int n, string estimator, int minClasses = 2)
    {
        var labels = Input.Labels(y, n, estimator);
        var (cls, idx) = Input.Encode(labels);
        if (cls.Length < minClasses)
            throw new ArgumentException($"{estimator}.Fit: needs samples of at least {minClasses} classes in y, got {cls.Length}");
        Labels = cls;
        return idx;
    }

    /// <summary>Maps the row-wise argmax of scores [n, K] to labels (ties: the lowest index, like <c>np.argmax</c>).</summary>
    public Tensor LabelsOfArgmax(Tensor scores)
    {
        var s = Input.Raw(scores);
        var classes = Labels;
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

    /// <summary>Writes the labels under "classes".</summary>
    public void Save(ModelState state) => state.Set("classes", ToTensor());

    /// <summary>Reads the labels written by <see cref="Save"/>: at least one, sorted and distinct, as Fit stores them.</summary>
    public void Load(ModelState state)
    {
        var c = state.GetLongs("classes");
        if (c.Length == 0) throw state.Invalid("classes", "a fitted classifier has at least one class, got []");
        for (int i = 1; i < c.Length; i++)
            if (c[i] <= c[i - 1]) throw state.Invalid("classes", $"labels must be sorted and distinct (as Fit stores them), got {c[i - 1]} before {c[i]}");
        Labels = c;
    }

    /// <summary>
    /// <see cref="Load(ModelState)"/> for a model that needs at least <paramref name="minClasses"/> classes (boosting
    /// fits one tree per class, or one for two): fewer is an error naming <paramref name="estimator"/>.
    /// </summary>
    public void Load(ModelState state, string estimator, int minClasses)
    {
        Load(state);
        if (Labels.Length < minClasses)
            throw state.Invalid("classes", $"{estimator} needs at least {minClasses} classes, got {Labels.Length}");
    }
}
