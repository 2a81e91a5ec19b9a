using Glassbox.ML.Options;
using Glassbox.ML.Tree;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// What <see cref="GradientBoostingClassifier"/> and <see cref="GradientBoostingRegressor"/> share (scikit-learn's
/// <c>BaseGradientBoosting</c>): the boosting and tree hyperparameters with their constraints, the fitted model and the
/// attributes read off it (stages fitted, training loss, out-of-bag improvements, importances), the raw scores
/// F(x) = F₀ + ν Σₘ γₘ(x) after every or after each stage, and the model's place in the model file. The loop itself is
/// <see cref="GradientBoosting"/>; a twin supplies the loss, the targets and what it returns from the raw scores
/// (class probabilities, or F itself).
/// </summary>
/// <remarks>See <see cref="CartBase{TSelf}"/> for why the twins share a base class and the classifier side is an
/// interface plus a component. Boosting is not a <see cref="CartBase{TSelf}"/>: its trees are regression trees on
/// residuals whatever the task, with their own criterion enum and no <c>min_impurity_decrease</c>.</remarks>
public abstract class GradientBoostingBase<TSelf> : Estimator<TSelf> where TSelf : GradientBoostingBase<TSelf>
{
    private GbModel? model;

    /// <summary>Stores the shared hyperparameters.</summary>
    private protected GradientBoostingBase(double learningRate, int nEstimators, double subsample, GradientBoostingCriterion criterion,
        int minSamplesSplit, int minSamplesLeaf, int? maxDepth, MaxFeatures? maxFeatures, long? randomState, int? nIterNoChange,
        double validationFraction, double tol, double ccpAlpha, int? maxLeafNodes)
    {
        LearningRate = learningRate; NEstimators = nEstimators; Subsample = subsample; Criterion = criterion;
        MinSamplesSplit = minSamplesSplit; MinSamplesLeaf = minSamplesLeaf; MaxDepth = maxDepth; MaxFeatures = maxFeatures;
        RandomState = randomState; NIterNoChange = nIterNoChange; ValidationFraction = validationFraction; Tol = tol;
        CcpAlpha = ccpAlpha; MaxLeafNodes = maxLeafNodes;
    }

    /// <summary>Shrinkage (<c>learning_rate</c>).</summary>
    public double LearningRate { get; }
    /// <summary>Stages (<c>n_estimators</c>).</summary>
    public int NEstimators { get; }
    /// <summary>Row fraction per stage (<c>subsample</c>).</summary>
    public double Subsample { get; }
    /// <summary>Split criterion (<c>criterion</c>).</summary>
    public GradientBoostingCriterion Criterion { get; }
    /// <summary>Smallest splittable node (<c>min_samples_split</c>).</summary>
    public int MinSamplesSplit { get; }
    /// <summary>Smallest leaf (<c>min_samples_leaf</c>).</summary>
    public int MinSamplesLeaf { get; }
    /// <summary>Tree depth (<c>max_depth</c>).</summary>
    public int? MaxDepth { get; }
    /// <summary>Features per split (<c>max_features</c>).</summary>
    public MaxFeatures? MaxFeatures { get; }
    /// <summary>Seed (<c>random_state</c>).</summary>
    public long? RandomState { get; }
    /// <summary>Early-stopping patience; null: off (<c>n_iter_no_change</c>).</summary>
    public int? NIterNoChange { get; }
    /// <summary>Held-out share for early stopping (<c>validation_fraction</c>).</summary>
    public double ValidationFraction { get; }
    /// <summary>Required validation-loss improvement (<c>tol</c>).</summary>
    public double Tol { get; }
    /// <summary>Per-tree cost-complexity pruning strength (<c>ccp_alpha</c>).</summary>
    public double CcpAlpha { get; }
    /// <summary>Most leaves per tree, null for no limit (<c>max_leaf_nodes</c>); when set, trees grow best-first.</summary>
    public int? MaxLeafNodes { get; }

    /// <summary>
    /// With <see cref="Subsample"/> &lt; 1: per stage, the loss on that stage's out-of-bag rows before the stage minus
    /// after it (<c>oob_improvement_</c>) — an estimate of the test-loss gain of each stage, whose cumulative sum peaks
    /// near a good number of stages. Throws <see cref="InvalidOperationException"/> without subsampling (sklearn has no
    /// such attribute then).
    /// </summary>
    public Tensor OobImprovement => Learned(model!, nameof(OobImprovement)).OobImprovement is { } o
        ? Input.Vector(o)
        : throw new InvalidOperationException($"{GetType().Name}.OobImprovement exists only with Subsample < 1 (got {Subsample})");

    /// <summary>Stages actually fitted: NEstimators, or fewer when early stopping ended the fit (<c>n_estimators_</c>).</summary>
    public int NEstimatorsFitted => Learned(model!, nameof(NEstimatorsFitted)).Trees.Length;

    /// <summary>Training loss after each stage (the deviance for the classifier; in-bag rows only when subsampling)
    /// (<c>train_score_</c>).</summary>
    public Tensor TrainScore => Input.Vector(Learned(model!, nameof(TrainScore)).TrainScore);

    /// <summary>Impurity-based importances: the mean, over every tree that splits, of its unnormalised impurity
    /// decreases per feature, normalised to sum 1 (<c>feature_importances_</c>).</summary>
    public Tensor FeatureImportances => Input.Vector(GradientBoosting.FeatureImportances(Learned(model!, nameof(FeatureImportances)), NFeaturesIn));

    /// <summary>True: <c>Fit(x, y, sampleWeight)</c> minimises Σwᵢ·L(yᵢ, F(xᵢ)) (see <see cref="GradientBoosting"/>).</summary>
    public override bool SupportsSampleWeight => true;

    /// <summary>The fitted model (after the fitted check of the public member that reads it).</summary>
    private protected GbModel Model => model!;

    /// <summary>The fitted model, read by the inspection tools (TreeShap), after the fitted check.</summary>
    internal GbModel FittedModel => Learned(model!, nameof(FittedModel));

    /// <summary>The twin's own entries (its loss, the regressor's α); they come first in <see cref="Constraints"/>.</summary>
    private protected abstract ParamTable OwnConstraints { get; }

    /// <inheritdoc/>
    /// <remarks>The shared entries are sklearn's <c>BaseGradientBoosting._parameter_constraints</c> as Glassbox narrows
    /// them: integer <c>min_samples_*</c> only, and a learning rate of 0 refused because it would fit nothing but F₀.</remarks>
    protected override ParamTable Constraints
    {
        get
        {
            var t = OwnConstraints;
            t.Add(nameof(LearningRate), Is.Real(0, minOpen: true));
            t.Add(nameof(NEstimators), Is.Int(1));
            t.Add(nameof(Subsample), Is.Real(0, 1, minOpen: true));
            t.Add(nameof(Criterion), Is.Defined<GradientBoostingCriterion>());
            t.Add(nameof(MinSamplesSplit), Is.Int(2));
            t.Add(nameof(MinSamplesLeaf), Is.Int(1));
            t.Add(nameof(MaxDepth), Is.Int(1).OrNull());
            t.Add(nameof(MaxFeatures), Is.Where<MaxFeatures>(m => m.IsValid, Options.MaxFeatures.Allowed).OrNull());
            t.Add(nameof(RandomState), Is.Seed.OrNull());
            t.Add(nameof(NIterNoChange), Is.Int(1).OrNull());
            t.Add(nameof(ValidationFraction), Is.Real(0, 1, minOpen: true, maxOpen: true));
            t.Add(nameof(Tol), Is.Real(0));
            t.Add(nameof(CcpAlpha), Is.Real(0));
            t.Add(nameof(MaxLeafNodes), Is.Int(2).OrNull());
            return t;
        }
    }

    /// <summary>Boosts on X (as float64 rows) against <paramref name="y"/> (targets, or class indices as doubles) with
    /// <paramref name="loss"/>, the sample weights of the Fit in progress and these hyperparameters.</summary>
    private protected void FitModel(Tensor x, double[] y, int nClasses, GbLoss loss, double alpha = 0.9)
    {
        int n = x.Shape[0], p = x.Shape[1];
        model = GradientBoosting.Fit(Input.Raw(x), n, p, y, nClasses, new GbSettings(loss, LearningRate, NEstimators, Subsample,
            GradientBoosting.Split(Criterion), MinSamplesSplit, MinSamplesLeaf, MaxDepth, MaxFeatures, RandomState, alpha,
            new GbEarlyStopping(NIterNoChange, ValidationFraction, Tol), CcpAlpha, MaxLeafNodes), SampleWeight, $"{GetType().Name}.Fit");
    }

    /// <summary>The raw scores F(x) of every stage [n_samples · K] after the input check of <paramref name="member"/>.</summary>
    private protected double[] Raw(Tensor x, string member, out int n)
    {
        var xm = CheckInput(x, member);
        n = xm.Shape[0];
        return GradientBoosting.Raw(model!, Input.Raw(xm), n);
    }

    /// <summary>The raw scores after stages 1, 2, …, n_estimators_ (checked on the first step, as the staged methods are
    /// lazy).</summary>
    private protected IEnumerable<double[]> StagedRaw(Tensor x, string member)
    {
        var xm = CheckInput(x, member);
        var a = Input.Raw(xm);
        for (int m = 1; m <= model!.Trees.Length; m++) yield return GradientBoosting.Raw(model, a, xm.Shape[0], m);
    }

    /// <summary>Trees per stage of a saved model: K for the multinomial loss, else 1.</summary>
    private protected abstract int TreesPerStage { get; }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) => GradientBoosting.Save(state, model!);

    /// <inheritdoc/>
    protected override void LoadState(ModelState state) => model = GradientBoosting.Load(state, TreesPerStage);
}
