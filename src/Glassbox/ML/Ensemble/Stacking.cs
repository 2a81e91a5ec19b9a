using System.Text.Json.Nodes;
using Glassbox.ML.ModelSelection;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// What <see cref="StackingClassifier"/> and <see cref="StackingRegressor"/> share: the meta-features (each base
/// estimator's chosen output as columns, then X itself with passthrough), their out-of-fold version for fitting, and the
/// model-file form of the named base estimators.
/// </summary>
internal static class Stacking
{
    /// <summary>The output <paramref name="method"/> resolves to for estimator <paramref name="e"/> (Auto: probabilities,
    /// then decision scores, then labels — sklearn's order).</summary>
    public static ResponseMethod Resolve(IEstimator e, StackMethod method, bool classifier)
    {
        if (!classifier) return ResponseMethod.Predict;
        var final = e is Pipeline p ? p.FinalEstimator : e;
        return method switch
        {
            StackMethod.PredictProba => ResponseMethod.PredictProba,
            StackMethod.DecisionFunction => ResponseMethod.DecisionFunction,
            StackMethod.Predict => ResponseMethod.Predict,
            _ => final is IProbabilisticClassifier ? ResponseMethod.PredictProba : final is IDecisionFunction ? ResponseMethod.DecisionFunction : ResponseMethod.Predict,
        };
    }

    /// <summary>One estimator's output on X as meta-feature columns [n, width] row-major (two-class probabilities: the
    /// second column only).</summary>
    public static (double[] Values, int Width) Columns(Tensor output, ResponseMethod method, int nClasses)
    {
        int n = output.Shape[0];
        var v = output.DType == DType.Int64 ? output.ToArray<long>().Select(l => (double)l).ToArray() : Input.Raw(output);
        if (output.NDim == 1) return (v, 1);
        int w = output.Shape[1];
        if (method == ResponseMethod.PredictProba && nClasses == 2)
            return (Enumerable.Range(0, n).Select(i => v[i * w + 1]).ToArray(), 1);
        return (v, w);
    }

    /// <summary>The output of a fitted estimator for <paramref name="method"/>.</summary>
    public static Tensor Respond(IEstimator e, Tensor x, ResponseMethod method) => method switch
    {
        ResponseMethod.PredictProba => ((IProbabilisticClassifier)e).PredictProba(x),
        ResponseMethod.DecisionFunction => ((IDecisionFunction)e).DecisionFunction(x),
        _ => ((IPredictor)e).Predict(x),
    };

    /// <summary>Concatenates column blocks (and X with <paramref name="passthrough"/>) into the meta-feature matrix.</summary>
    public static Tensor Concat(IReadOnlyList<(double[] Values, int Width)> blocks, double[]? passthrough, int n, int p)
    {
        int width = blocks.Sum(b => b.Width) + (passthrough is null ? 0 : p);
        var m = new double[n * width];
        for (int i = 0; i < n; i++)
        {
            int c = 0;
            foreach (var (v, w) in blocks)
            {
                Array.Copy(v, i * w, m, i * width + c, w);
                c += w;
            }
            if (passthrough is not null) Array.Copy(passthrough, i * p, m, i * width + c, p);
        }
        return Tensor.FromArray(m, n, width);
    }

    /// <summary>Out-of-fold meta-features of the training rows and the base estimators refitted on all rows.</summary>
    public static (Tensor Meta, IEstimator[] Fitted, ResponseMethod[] Methods) Fit((string Name, IEstimator Estimator)[] estimators, Tensor x, Tensor y,
        ICrossValidator cv, StackMethod method, bool classifier, int nClasses, bool passthrough)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var blocks = new List<(double[], int)>();
        var fitted = new IEstimator[estimators.Length];
        var methods = new ResponseMethod[estimators.Length];
        for (int e = 0; e < estimators.Length; e++)
        {
            var est = estimators[e].Estimator;
            methods[e] = Resolve(est, method, classifier);
            fitted[e] = est.Clone().Fit(x, y);
            var oof = CrossValidation.CrossValPredict(est, x, y, cv, methods[e]);
            blocks.Add(Columns(oof, methods[e], nClasses));
        }
        return (Concat(blocks, passthrough ? Input.Raw(x) : null, n, p), fitted, methods);
    }

    /// <summary>Meta-features of new rows from the fitted base estimators.</summary>
    public static Tensor Transform(IEstimator[] fitted, ResponseMethod[] methods, Tensor x, int nClasses, bool passthrough)
    {
        var blocks = fitted.Select((e, i) => Columns(Respond(e, x, methods[i]), methods[i], nClasses)).ToList();
        return Concat(blocks, passthrough ? Input.Raw(x) : null, x.Shape[0], x.Shape[1]);
    }

    /// <summary>Checks the named base estimators: at least one, unique non-empty names.</summary>
    public static string? Problem((string Name, IEstimator Estimator)[]? estimators)
    {
        if (estimators is null || estimators.Length == 0) return "at least one (name, estimator) pair";
        if (estimators.Any(e => string.IsNullOrEmpty(e.Name) || e.Estimator is null) || estimators.Select(e => e.Name).Distinct().Count() != estimators.Length)
            return "unique, non-empty names with an estimator each";
        return null;
    }

    /// <summary>The hyperparameters as JSON with the named estimators in the pipeline-steps form.</summary>
    public static JsonObject ParamsToJson(IReadOnlyDictionary<string, object?> parameters)
    {
        var o = new JsonObject();
        foreach (var (k, v) in parameters)
            o[k] = v is ValueTuple<string, IEstimator>[] steps
                ? new JsonArray(steps.Select(s => (JsonNode)new JsonObject { ["name"] = s.Item1, ["estimator"] = ModelFile.EstimatorToJson(s.Item2) }).ToArray())
                : ModelFile.ValueToJson(v);
        return o;
    }

    /// <summary>Writes the fitted base estimators, their methods and the final estimator.</summary>
    public static void Save(ModelState s, IEstimator[] fitted, ResponseMethod[] methods, IEstimator final)
    {
        for (int e = 0; e < fitted.Length; e++)
        {
            s.Set($"estimator_{e}", fitted[e]);
            s.Set($"stack_method_{e}", Options.SklearnNames.Of(methods[e]));
        }
        s.Set("final_estimator", final);
    }

    /// <summary>Reads what <see cref="Save"/> wrote for <paramref name="count"/> base estimators, each fitted on the
    /// model's features and able to give its stored output.</summary>
    public static (IEstimator[] Fitted, ResponseMethod[] Methods, IEstimator Final) Load(ModelState s, int count, bool classifier)
    {
        var fitted = new IEstimator[count];
        var methods = new ResponseMethod[count];
        for (int e = 0; e < count; e++)
        {
            fitted[e] = s.GetEstimator($"estimator_{e}");
            if (!fitted[e].IsFitted || fitted[e] is IJsonEstimator j && j.FeaturesIn != s.NFeaturesIn)
                throw s.Invalid($"estimator_{e}", $"expected an estimator fitted on {s.NFeaturesIn} features");
            var name = s.GetString($"stack_method_{e}");
            if (!Options.SklearnNames.TryParse(typeof(ResponseMethod), name, out var m))
                throw s.Invalid($"stack_method_{e}", $"expected one of {string.Join(", ", Options.SklearnNames.All(typeof(ResponseMethod)))}, got \"{name}\"");
            methods[e] = (ResponseMethod)m;
            bool ok = methods[e] switch
            {
                ResponseMethod.PredictProba => fitted[e] is IProbabilisticClassifier,
                ResponseMethod.DecisionFunction => fitted[e] is IDecisionFunction,
                _ => fitted[e] is IPredictor,
            };
            if (!ok || (!classifier && methods[e] != ResponseMethod.Predict))
                throw s.Invalid($"stack_method_{e}", $"{fitted[e].GetType().Name} cannot give \"{name}\" here");
        }
        var final = s.GetEstimator("final_estimator");
        if (!final.IsFitted || final is not IPredictor) throw s.Invalid("final_estimator", "expected a fitted predictor");
        return (fitted, methods, final);
    }
}
