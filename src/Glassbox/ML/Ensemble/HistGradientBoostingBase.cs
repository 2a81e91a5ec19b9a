using Glassbox.ML.Options;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// What <see cref="HistGradientBoostingClassifier"/> and <see cref="HistGradientBoostingRegressor"/> share
/// (scikit-learn's <c>BaseHistGradientBoosting</c>): the hyperparameters with their constraints, native missing values
/// and categorical features, the fitted baseline and trees with the early-stopping scores, the raw scores
/// baseline + Σ tree values, and the model's place in the model file. The boosting itself is
/// <see cref="HistBoosting"/>; a twin supplies the loss, the targets and what it returns from the raw scores.
/// </summary>
/// <remarks>See <see cref="Tree.CartBase{TSelf}"/> for why the twins share a base class and the classifier side is an
/// interface plus a component.</remarks>
public abstract class HistGradientBoostingBase<TSelf> : Estimator<TSelf> where TSelf : HistGradientBoostingBase<TSelf>
{
    private double[] baseline = [];
    private HistTree[][] trees = [];
    private double[] trainScore = [], validationScore = [];

    /// <summary>Stores the shared hyperparameters.</summary>
    private protected HistGradientBoostingBase(double learningRate, int maxIter, int maxLeafNodes, int? maxDepth, int minSamplesLeaf,
        double l2Regularization, int maxBins, long? randomState, bool? earlyStopping, double validationFraction, int nIterNoChange,
        double tol, CategoricalFeatures? categoricalFeatures)
    {
        LearningRate = learningRate; MaxIter = maxIter; MaxLeafNodes = maxLeafNodes; MaxDepth = maxDepth; MinSamplesLeaf = minSamplesLeaf;
        L2Regularization = l2Regularization; MaxBins = maxBins; RandomState = randomState; EarlyStopping = earlyStopping;
        ValidationFraction = validationFraction; NIterNoChange = nIterNoChange; Tol = tol; CategoricalFeatures = categoricalFeatures;
    }

    /// <summary>Shrinkage (<c>learning_rate</c>).</summary>
    public double LearningRate { get; }
    /// <summary>Iterations (<c>max_iter</c>).</summary>
    public int MaxIter { get; }
    /// <summary>Leaves per tree (<c>max_leaf_nodes</c>).</summary>
    public int MaxLeafNodes { get; }
    /// <summary>Maximum depth (<c>max_depth</c>).</summary>
    public int? MaxDepth { get; }
    /// <summary>Smallest leaf (<c>min_samples_leaf</c>).</summary>
    public int MinSamplesLeaf { get; }
    /// <summary>L2 penalty on leaf values (<c>l2_regularization</c>).</summary>
    public double L2Regularization { get; }
    /// <summary>Bins per feature (<c>max_bins</c>).</summary>
    public int MaxBins { get; }
    /// <summary>Seed of the validation split (<c>random_state</c>).</summary>
    public long? RandomState { get; }
    /// <summary>Early stopping: true, false, or null for "auto" (on above 10,000 samples) (<c>early_stopping</c>).</summary>
    public bool? EarlyStopping { get; }
    /// <summary>Held-out share for early stopping (<c>validation_fraction</c>).</summary>
    public double ValidationFraction { get; }
    /// <summary>Patience in iterations (<c>n_iter_no_change</c>).</summary>
    public int NIterNoChange { get; }
    /// <summary>Smallest score gain that counts as progress (<c>tol</c>).</summary>
    public double Tol { get; }
    /// <summary>Categorical features: null, a mask or indices (<c>categorical_features</c>).</summary>
    public CategoricalFeatures? CategoricalFeatures { get; }

    /// <summary>−(mean half loss) on the training part before the first and after every iteration; empty without early
    /// stopping (<c>train_score_</c>).</summary>
    public Tensor TrainScore => Input.Vector(Learned(trainScore, nameof(TrainScore)));
    /// <summary>The same on the held-out part (<c>validation_score_</c>).</summary>
    public Tensor ValidationScore => Input.Vector(Learned(validationScore, nameof(ValidationScore)));

    /// <summary>The starting raw score per tree of an iteration, before any tree (sklearn's <c>_baseline_prediction</c>).</summary>
    internal double[] BaselinePrediction => Learned(baseline, nameof(BaselinePrediction));

    /// <summary>The fitted trees [iteration][tree of the iteration], read by the inspection tools (TreeShap).</summary>
    internal HistTree[][] FittedTrees => Learned(trees, nameof(FittedTrees));

    /// <summary>Number of boosting iterations run (<c>n_iter_</c>).</summary>
    public int NIter => Learned(trees.Length, nameof(NIter));

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <summary>The twin's own entries (the regressor's loss); they come first in <see cref="Constraints"/>.</summary>
    private protected virtual ParamTable OwnConstraints => [];

    /// <inheritdoc/>
    /// <remarks>The shared entries are sklearn's <c>BaseHistGradientBoosting._parameter_constraints</c>, with Glassbox's
    /// narrower ranges: a learning rate of 0 and more than 255 bins are refused, and the seed must be one MT19937 takes.</remarks>
    protected override ParamTable Constraints
    {
        get
        {
            var t = OwnConstraints;
            t.Add(nameof(LearningRate), Is.Real(0, minOpen: true));
            t.Add(nameof(MaxIter), Is.Int(1));
            t.Add(nameof(MaxLeafNodes), Is.Int(2));
            t.Add(nameof(MaxDepth), Is.Int(1).OrNull());
            t.Add(nameof(MinSamplesLeaf), Is.Int(1));
            t.Add(nameof(L2Regularization), Is.Real(0));
            t.Add(nameof(MaxBins), Is.Int(2, 255));
            t.Add(nameof(RandomState), Is.Seed.OrNull());
            t.Add(nameof(ValidationFraction), Is.Real(0, 1, minOpen: true, maxOpen: true));
            t.Add(nameof(NIterNoChange), Is.Int(1));
            t.Add(nameof(Tol), Is.Real(0));
            t.Add(nameof(CategoricalFeatures), Is.Where<CategoricalFeatures>(c => c.IsValid, Ensemble.CategoricalFeatures.Allowed).OrNull());
            return t;
        }
    }

    /// <summary>
    /// Boosts on X against <paramref name="y"/> (targets, or class indices as doubles) with <paramref name="loss"/>,
    /// the sample weights of the Fit in progress and these hyperparameters; <paramref name="quantile"/> is the α of the
    /// quantile loss; <paramref name="weights"/>, when given, replace the Fit's sample weights (the classifier's class
    /// weights folded into them).
    /// </summary>
    private protected void FitModel(Tensor x, HistBoosting.Loss loss, double[] y, int nClasses, double quantile = 0.5, double[]? weights = null)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var xr = Input.Raw(x);
        var settings = new HistSettings(MaxIter, LearningRate, MaxLeafNodes, MaxDepth, MinSamplesLeaf, L2Regularization, MaxBins,
            EarlyStopping, ValidationFraction, NIterNoChange, Tol, RandomState, quantile);
        var fit = HistBoosting.Fit(xr, n, p, loss, y, nClasses, settings, weights ?? SampleWeight, Categories(xr, n, p));
        (baseline, trees, trainScore, validationScore) = (fit.Baseline, fit.Trees, fit.TrainScore, fit.ValidationScore);
    }

    /// <summary>Known categories of the categorical features of X (null when there is none), validated.</summary>
    private double[]?[]? Categories(double[] x, int n, int p) =>
        CategoricalFeatures?.ToMask(GetType().Name, p) is bool[] mask
            ? HistCategorical.KnownCategories(GetType().Name, x, n, p, mask, MaxBins) : null;

    /// <summary>Trees per iteration: 1, or one per class for the multinomial loss (the baseline's length).</summary>
    private protected int TreesPerIteration => baseline.Length;

    /// <summary>The raw scores baseline + Σ tree values [n_samples · trees per iteration] after the input check of
    /// <paramref name="member"/>.</summary>
    private protected double[] Raw(Tensor x, string member, out int n)
    {
        var xm = CheckInput(x, member);
        n = xm.Shape[0];
        return HistBoosting.Raw(Input.Raw(xm), n, xm.Shape[1], baseline, trees);
    }

    /// <summary>Trees per iteration of a saved model.</summary>
    private protected abstract int SavedTreesPerIteration { get; }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) => HistBoosting.Save(state, baseline, trees, trainScore, validationScore);

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        var f = HistBoosting.Load(state, SavedTreesPerIteration);
        (baseline, trees, trainScore, validationScore) = (f.Baseline, f.Trees, f.TrainScore, f.ValidationScore);
    }
}
