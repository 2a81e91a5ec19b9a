using System.Text.Json.Nodes;

namespace Glassbox.ML;

/// <summary>
/// A chain of named steps (<c>sklearn.pipeline.Pipeline</c>): every step but the last is a transformer; Fit runs
/// FitTransform through them and fits the last step on the result; Predict/PredictProba/Transform pass X through the
/// fitted transformers first. Nested hyperparameters are addressed "step__Param" (sklearn's double underscore), so
/// <c>pipe.Clone(new() { ["ridge__alpha"] = 2.0 })</c> and grid searches over steps work.
/// </summary>
/// <remarks>A step before the last may also be an <see cref="ISampler"/> (imbalanced-learn's <c>Pipeline</c>): at Fit it
/// resamples the rows (X and y) that the later steps are fitted on; at prediction and transform it is skipped, so new
/// rows are never resampled — which is why resampling belongs inside the pipeline, where cross-validation refits it on
/// each training fold and never touches the validation rows. Sample weights are refused when a sampler is present (a
/// synthetic row has no weight of its own).</remarks>
public sealed class Pipeline : Estimator<Pipeline>, IProbabilisticClassifier, IDecisionFunction, IRegressor, IInverseTransformer
{
    /// <summary>Creates the pipeline; steps are used as given (fitted in place), as in sklearn.</summary>
    /// <param name="steps">(name, estimator) pairs in order (<c>steps</c>).</param>
    public Pipeline(params (string Name, IEstimator Estimator)[] steps) => Steps = steps;

    /// <summary>The named steps (<c>steps</c>).</summary>
    public (string Name, IEstimator Estimator)[] Steps { get; }

    /// <summary>The last step (<c>_final_estimator</c>).</summary>
    public IEstimator FinalEstimator => Steps.Length > 0 ? Steps[^1].Estimator : throw new InvalidOperationException("Pipeline has no steps");

    /// <summary>A step by name (<c>named_steps[name]</c>).</summary>
    public IEstimator this[string name] => Steps.FirstOrDefault(s => s.Name == name).Estimator ?? throw new KeyNotFoundException($"Pipeline has no step '{name}'");

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    protected override void CheckParams()
    {
        if (Steps.Length == 0) OutOfRange(nameof(Steps), "[]", "at least one step");
        var names = Steps.Select(s => s.Name).ToArray();
        if (names.Distinct().Count() != names.Length || names.Any(n => string.IsNullOrEmpty(n) || n.Contains("__")))
            OutOfRange(nameof(Steps), string.Join(", ", names), "unique, non-empty step names without \"__\"");
        for (int i = 0; i < Steps.Length - 1; i++)
            if (Steps[i].Estimator is not (ITransformer or ISampler))
                OutOfRange(nameof(Steps), Steps[i].Name, "transformers (or samplers) for every step but the last");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var xt = x;
        var yt = y;
        for (int i = 0; i < Steps.Length - 1; i++)
        {
            if (Steps[i].Estimator is ISampler s)
                (xt, yt) = s.FitResample(xt, yt ?? throw new ArgumentException($"Pipeline.Fit: step '{Steps[i].Name}' resamples classes and needs y"));
            else xt = ((ITransformer)Steps[i].Estimator).FitTransform(xt, yt);
        }
        if (SampleWeight is { } w) FinalEstimator.Fit(xt, yt, Tensor.FromArray(w, [w.Length]));
        else FinalEstimator.Fit(xt, yt);
    }

    /// <summary>
    /// True when the final step takes sample weights. They go to that step only — sklearn's
    /// <c>pipe.fit(X, y, clf__sample_weight=w)</c>; the transformers before it are fitted unweighted.
    /// </summary>
    public override bool SupportsSampleWeight => Steps.Length > 0 && FinalEstimator.SupportsSampleWeight && !Steps.Any(s => s.Estimator is ISampler);

    private Tensor Through(Tensor x, string member)
    {
        var xt = CheckInput(x, member);
        for (int i = 0; i < Steps.Length - 1; i++)
            if (Steps[i].Estimator is ITransformer t) xt = t.Transform(xt); // samplers act at fit time only
        return xt;
    }

    private T Final<T>(string member) where T : class =>
        FinalEstimator as T ?? throw new NotSupportedException($"Pipeline.{member}: the final step {FinalEstimator.GetType().Name} does not support it");

    /// <inheritdoc/>
    public Tensor Predict(Tensor x) => Final<IPredictor>(nameof(Predict)).Predict(Through(x, nameof(Predict)));

    /// <inheritdoc/>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Final<IPredictor>(nameof(Score)).Score(Through(x, nameof(Score)), y, sampleWeight);

    /// <inheritdoc/>
    public Tensor PredictProba(Tensor x) => Final<IProbabilisticClassifier>(nameof(PredictProba)).PredictProba(Through(x, nameof(PredictProba)));

    /// <inheritdoc/>
    public Tensor DecisionFunction(Tensor x) => Final<IDecisionFunction>(nameof(DecisionFunction)).DecisionFunction(Through(x, nameof(DecisionFunction)));

    /// <inheritdoc/>
    public Tensor Classes { get { CheckFitted(nameof(Classes)); return Final<IClassifier>(nameof(Classes)).Classes; } }

    /// <inheritdoc/>
    public Tensor Transform(Tensor x) => Final<ITransformer>(nameof(Transform)).Transform(Through(x, nameof(Transform)));

    /// <inheritdoc/>
    public Tensor FitTransform(Tensor x, Tensor? y = null) => Fit(x, y).Transform(x);

    /// <summary>Undoes every step in reverse order; all steps must be <see cref="IInverseTransformer"/>.</summary>
    public Tensor InverseTransform(Tensor x)
    {
        CheckFitted(nameof(InverseTransform));
        var xt = x;
        for (int i = Steps.Length - 1; i >= 0; i--)
            if (Steps[i].Estimator is not ISampler)
                xt = (Steps[i].Estimator as IInverseTransformer ?? throw new NotSupportedException($"Pipeline.InverseTransform: step '{Steps[i].Name}' cannot be inverted")).InverseTransform(xt);
        return xt;
    }

    /// <summary>"Steps" plus every step's hyperparameters as "name__Param" (<c>get_params(deep=True)</c>).</summary>
    public override IReadOnlyDictionary<string, object?> GetParams()
    {
        var d = new Dictionary<string, object?> { [nameof(Steps)] = Steps };
        foreach (var (name, est) in Steps)
        {
            d[name] = est;
            foreach (var (k, v) in est.GetParams()) d[$"{name}__{k}"] = v;
        }
        return d;
    }

    /// <summary>Unfitted copy: every step cloned, "name__Param" entries routed to their step, "name" replacing a step.</summary>
    public override Pipeline Clone(IReadOnlyDictionary<string, object?>? with = null)
    {
        var perStep = Steps.ToDictionary(s => s.Name, _ => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase));
        var replace = new Dictionary<string, IEstimator>();
        foreach (var (k, v) in with ?? new Dictionary<string, object?>())
        {
            int cut = k.IndexOf("__", StringComparison.Ordinal);
            if (cut > 0 && perStep.TryGetValue(k[..cut], out var sub)) sub[k[(cut + 2)..]] = v;
            else if (perStep.ContainsKey(k) && v is IEstimator e) replace[k] = e;
            else throw new ArgumentException($"Pipeline.Clone: invalid parameter '{k}'; use \"step__Param\" with steps {string.Join(", ", Steps.Select(s => s.Name))}");
        }
        return new Pipeline(Steps.Select(s => (s.Name, replace.TryGetValue(s.Name, out var r) ? r.Clone() : s.Estimator.Clone(perStep[s.Name]))).ToArray());
    }

    internal override JsonObject ParamsToJson() => new()
    {
        [nameof(Steps)] = new JsonArray(Steps.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["estimator"] = ModelFile.EstimatorToJson(s.Estimator) }).ToArray()),
    };

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) { } // the steps carry their own state inside the params

    /// <summary>
    /// The steps were read (with their own state) as hyperparameters; a fitted pipeline needs every step fitted, the
    /// first on the pipeline's own number of features.
    /// </summary>
    protected override void LoadState(ModelState state)
    {
        for (int i = 0; i < Steps.Length; i++)
            if (!Steps[i].Estimator.IsFitted)
                throw state.InvalidParam($"Steps[{i}].estimator.state", $"missing: the pipeline is fitted but its step '{Steps[i].Name}' is not");
        if (Steps.Length > 0 && Steps[0].Estimator is IJsonEstimator first && first.FeaturesIn != state.NFeaturesIn)
            throw state.Invalid("n_features_in", $"is {state.NFeaturesIn} but the first step '{Steps[0].Name}' was fitted on {first.FeaturesIn} features");
    }
}
