namespace Glassbox.ML;

/// <summary>
/// Base of the classifiers (<c>ClassifierMixin</c>): labels are any int64 values, mapped to column indices
/// 0..K−1 through the sorted <see cref="Classes"/>; <see cref="Score"/> is the (weighted) accuracy of
/// <see cref="Predict"/>. Classifiers with probabilities derive from <see cref="ProbabilisticClassifier{TSelf}"/>,
/// which predicts the most probable class; the others (LinearSVC) implement <see cref="Predict"/> themselves.
/// </summary>
/// <remarks>The label bookkeeping is a <see cref="ClassEncoding"/> component, which the classifiers of a classifier /
/// regressor twin pair (trees, forests, boosting, k-nearest neighbours) hold directly, since their base class is the
/// model family they share with the regressor; this base only forwards to it.</remarks>
public abstract class Classifier<TSelf> : Estimator<TSelf>, IClassifier where TSelf : Classifier<TSelf>
{
    private readonly ClassEncoding classes = new();

    /// <inheritdoc/>
    public Tensor Classes => Learned(classes, nameof(Classes)).ToTensor();

    /// <summary>The labels as an array (fitted only).</summary>
    protected long[] ClassLabels => classes.Labels;

    /// <summary>Predicted class labels, int64 [n_samples] (<c>predict</c>).</summary>
    public abstract Tensor Predict(Tensor x);

    /// <summary>Mean accuracy of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Classification.AccuracyScore(y, Predict(x), sampleWeight);

    /// <summary>Validates y and stores the sorted classes; returns each sample's class index.</summary>
    protected int[] EncodeTargets(Tensor? y, int n, int minClasses = 2) => classes.Encode(y, n, GetType().Name, minClasses);

    /// <summary>Maps the row-wise argmax of scores [n, K] to labels.</summary>
    protected Tensor LabelsOfArgmax(Tensor scores) => classes.LabelsOfArgmax(scores);

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) => classes.Save(state);

    /// <summary>The fewest classes a saved model of this classifier can have: 1 by default, 2 for the models that fit
    /// one set of coefficients per class, or one for two, and so cannot represent a single class.</summary>
    protected virtual int MinLoadedClasses => 1;

    /// <inheritdoc/>
    protected override void LoadState(ModelState state) => classes.Load(state, GetType().Name, MinLoadedClasses);
}
