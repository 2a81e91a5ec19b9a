using Glassbox.ML.Options;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// Histogram-based gradient-boosted trees for regression (<c>sklearn.ensemble.HistGradientBoostingRegressor</c>) with
/// the squared error ½(f − y)²: g = f − y, h = 1, so each leaf moves the prediction by −learning_rate · mean residual
/// (with λ = 0). Starts from the mean target. See <see cref="HistGrower"/>.
/// </summary>
/// <remarks>Missing values are native, as in sklearn: NaN in X is allowed at fit and prediction and routed by each
/// split (see <see cref="HistGrower"/>). Categorical features are native too (<c>categorical_features</c>): a split
/// sends a set of categories left, found by ordering the categories by G/(H + 10) (see <see cref="HistCategorical"/>
/// and docs/classical.md). Early stopping as sklearn's (see <see cref="HistBoosting"/>): by default on above
/// 10,000 samples, on a held-out 10 %. Sample weights (<c>fit(X, y, sample_weight)</c>): gᵢ = wᵢ(f − yᵢ), hᵢ = wᵢ, so a leaf moves by −learning_rate · Σwᵢrᵢ/(Σwᵢ + λ), the weighted mean residual; the start is the weighted mean target; the
/// early-stopping scores are weighted mean losses; bin edges and <c>min_samples_leaf</c> stay unweighted, as in sklearn 1.2
/// (details in <see cref="HistBoosting"/>).</remarks>
public sealed class HistGradientBoostingRegressor : HistGradientBoostingBase<HistGradientBoostingRegressor>, IRegressor
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="learningRate">Shrinkage of each tree (<c>learning_rate</c>).</param>
    /// <param name="maxIter">Boosting iterations (<c>max_iter</c>).</param>
    /// <param name="maxLeafNodes">Leaves per tree (<c>max_leaf_nodes</c>).</param>
    /// <param name="maxDepth">Maximum depth, null for unlimited (<c>max_depth</c>).</param>
    /// <param name="minSamplesLeaf">Smallest leaf (<c>min_samples_leaf</c>).</param>
    /// <param name="l2Regularization">λ in the leaf values −G/(H + λ) (<c>l2_regularization</c>).</param>
    /// <param name="maxBins">Bins per feature, 2..255 (<c>max_bins</c>).</param>
    /// <param name="randomState">Seed of the early-stopping validation split (<c>random_state</c>); null draws one per fit.</param>
    /// <param name="earlyStopping">Hold out a validation set and stop when its loss stops improving; null = on above 10,000
    /// samples (<c>early_stopping="auto"</c>).</param>
    /// <param name="validationFraction">Share of the rows held out, in (0, 1) (<c>validation_fraction</c>).</param>
    /// <param name="nIterNoChange">Iterations without a gain larger than <paramref name="tol"/> before stopping (<c>n_iter_no_change</c>).</param>
    /// <param name="tol">Smallest validation-score gain that counts (<c>tol</c>).</param>
    /// <param name="categoricalFeatures">Which features are categorical (<c>categorical_features</c>): null for none,
    /// <see cref="Ensemble.CategoricalFeatures.Mask"/> of length n_features or <see cref="Ensemble.CategoricalFeatures.Indices"/>
    /// of feature indices (a <c>bool[]</c> or an <c>int[]</c> converts to them). A categorical column holds integer
    /// categories in [0, maxBins − 1] (NaN = missing), each its own bin; splits send a set of categories left (see
    /// <see cref="HistGrower"/>), and a category not seen in training follows the missing values.</param>
    /// <param name="loss">Squared error (½(y − f)², f the prediction), absolute error (|y − f|: g = sign(f − y),
    /// h = 1, and each leaf is then set to the median of y − f over its rows; F₀ = median y), quantile (the pinball
    /// loss of <paramref name="quantile"/> α: g = −α or 1 − α, leaves and F₀ the α-quantile of y − f) or Poisson (the
    /// half Poisson deviance e^f − y·f with a log link: f is the log of the predicted mean, g = e^f − y, h = e^f,
    /// F₀ = log ȳ, and <see cref="Predict"/> returns e^f; for counts and other non-negative targets) (<c>loss</c>).</param>
    /// <param name="quantile">α in (0, 1) for the quantile loss; ignored otherwise (<c>quantile</c>).</param>
    public HistGradientBoostingRegressor(double learningRate = 0.1, int maxIter = 100, int maxLeafNodes = 31, int? maxDepth = null,
        int minSamplesLeaf = 20, double l2Regularization = 0.0, int maxBins = 255, long? randomState = null,
        bool? earlyStopping = null, double validationFraction = 0.1, int nIterNoChange = 10, double tol = 1e-7, CategoricalFeatures? categoricalFeatures = null,
        HistGradientBoostingRegressorLoss loss = HistGradientBoostingRegressorLoss.SquaredError, double? quantile = null)
        : base(learningRate, maxIter, maxLeafNodes, maxDepth, minSamplesLeaf, l2Regularization, maxBins, randomState, earlyStopping,
            validationFraction, nIterNoChange, tol, categoricalFeatures)
    {
        Loss = loss; Quantile = quantile;
    }

    /// <summary>Loss (<c>loss</c>).</summary>
    public HistGradientBoostingRegressorLoss Loss { get; }
    /// <summary>The quantile α of loss "quantile" (<c>quantile</c>).</summary>
    public double? Quantile { get; }

    private protected override ParamTable OwnConstraints => new() { { nameof(Loss), Is.Defined<HistGradientBoostingRegressorLoss>() } };

    /// <inheritdoc/>
    protected override void CheckParams()
    {
        base.CheckParams();
        // Quantile matters only with the quantile loss, where it must be set (it has no default α)
        if (Loss == HistGradientBoostingRegressorLoss.Quantile && !(Quantile is double q && q > 0 && q < 1))
            OutOfRange(nameof(Quantile), Quantile, "in (0, 1) with loss \"quantile\"");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var yr = Input.Targets(y, x.Shape[0], GetType().Name);
        if (Loss == HistGradientBoostingRegressorLoss.Poisson && (yr.Any(v => v < 0) || !(yr.Sum() > 0)))
            throw new ArgumentException($"{GetType().Name}.Fit: loss \"poisson\" requires non-negative y with a positive sum");
        var loss = Loss switch
        {
            HistGradientBoostingRegressorLoss.Poisson => HistBoosting.Loss.Poisson,
            HistGradientBoostingRegressorLoss.AbsoluteError => HistBoosting.Loss.AbsoluteError,
            HistGradientBoostingRegressorLoss.Quantile => HistBoosting.Loss.Quantile,
            _ => HistBoosting.Loss.SquaredError,
        };
        FitModel(x, loss, yr, 1, Quantile ?? 0.5);
    }

    /// <summary>Baseline + Σ tree values [n_samples], through e^f for "poisson" (<c>predict</c>).</summary>
    public Tensor Predict(Tensor x)
    {
        var raw = Raw(x, nameof(Predict), out _);
        if (Loss == HistGradientBoostingRegressorLoss.Poisson) for (int i = 0; i < raw.Length; i++) raw[i] = Math.Exp(raw[i]);
        return Input.Vector(raw);
    }

    /// <summary>Coefficient of determination R² of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Regression.R2Score(y, Predict(x), sampleWeight);

    private protected override int SavedTreesPerIteration => 1;
}
