using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Linear;
using Glassbox.ML.Preprocessing;
using Glassbox.ML.Svm;
using Glassbox.ML.Tree;
using static Glassbox.Onnx.Proto.AttributeProto;

namespace Glassbox.Onnx;

/// <summary>A value of the classical graph: its name and width (null for a vector [N], else [N, Width]).</summary>
internal readonly record struct ClassicalValue(string Name, int? Width);

/// <summary>
/// Emits the ONNX nodes of a fitted classical estimator applied to a float32 input [N, p]: the output its
/// <c>predict</c> (regressors), <c>predict_proba</c> (probabilistic classifiers) or <c>decision_function</c>
/// (<see cref="LinearSVC"/>) computes, and for classifiers the predicted labels. See
/// <see cref="OnnxExporter.ExportToBytes(IEstimator, OnnxExportOptions?)"/> for the mappings.
/// </summary>
internal sealed class ClassicalConverter(OnnxGraphBuilder g)
{
    /// <summary>Whether a node of the <c>ai.onnx.ml</c> domain was emitted (the model must then import that opset).</summary>
    public bool UsesMl { get; private set; }

    /// <summary>The estimators that export, for the refusal message.</summary>
    public const string Supported = "LinearRegression, Ridge, Lasso, ElasticNet, LogisticRegression, LinearSVC, DecisionTreeClassifier/Regressor, " +
        "RandomForestClassifier/Regressor, GradientBoostingClassifier/Regressor, HistGradientBoostingClassifier/Regressor (numeric splits), " +
        "and a Pipeline of StandardScaler steps ending in one of these";

    /// <summary>The output and (for a classifier) the label value of <paramref name="est"/> applied to <paramref name="x"/>.</summary>
    public (ClassicalValue Output, string? Label) Convert(IEstimator est, ClassicalValue x, string path)
    {
        if (!est.IsFitted) throw new InvalidOperationException($"ONNX export: {est.GetType().Name}{At(path)} is not fitted");
        switch (est)
        {
            case Pipeline pipe:
                var v = x;
                foreach (var (name, step) in pipe.Steps[..^1]) v = Transform(step, v, Join(path, name));
                return Convert(pipe.Steps[^1].Estimator, v, Join(path, pipe.Steps[^1].Name));
            case LinearRegression m: return (LinearRegressor(m.Coef, m.Intercept, x), null);
            case Ridge m: return (LinearRegressor(m.Coef, m.Intercept, x), null);
            case Lasso m: return (LinearRegressor(m.Coef, m.Intercept, x), null);
            case ElasticNet m: return (LinearRegressor(m.Coef, m.Intercept, x), null);
            case LogisticRegression m: return Logistic(m, x);
            case LinearSVC m: return Svc(m, x);
            case DecisionTreeClassifier m:
                return Labelled(Trees([m.Tree], x, "AVERAGE", "NONE", null, m.Classes.Shape[0], ProbaLeaves, 1.0).Name, m.Classes);
            case RandomForestClassifier m:
                return Labelled(Trees(m.Trees, x, "AVERAGE", "NONE", null, m.Classes.Shape[0], ProbaLeaves, 1.0).Name, m.Classes);
            case DecisionTreeRegressor m: return (Squeeze(Trees([m.Tree], x, "AVERAGE", "NONE", null, 1, ValueLeaves, 1.0)), null);
            case RandomForestRegressor m: return (Squeeze(Trees(m.Trees, x, "AVERAGE", "NONE", null, 1, ValueLeaves, 1.0)), null);
            case GradientBoostingClassifier m: return GradientBoosted(m.FittedModel, x, m.Classes, m.Loss == GradientBoostingClassifierLoss.Exponential ? 2.0 : 1.0);
            case GradientBoostingRegressor m:
            {
                var gb = m.FittedModel;
                return (Squeeze(Trees(gb.Trees.Select(s => s[0]), x, "SUM", "NONE", gb.Init, 1, ValueLeaves, gb.LearningRate)), null);
            }
            case HistGradientBoostingClassifier m: return HistBoosted(m.BaselinePrediction, m.FittedTrees, x, path, m.Classes);
            case HistGradientBoostingRegressor m:
            {
                var (raw, _) = HistBoosted(m.BaselinePrediction, m.FittedTrees, x, path, null);
                // Poisson's log link: predict returns e^F
                return (m.Loss == HistGradientBoostingRegressorLoss.Poisson ? raw with { Name = g.Node("Exp", "poisson", [raw.Name]) } : raw, null);
            }
            default:
                throw new UnsupportedModuleException(est.GetType(), path, $"no ONNX mapping (exported: {Supported})");
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string At(string path) => path.Length == 0 ? "" : $" at '{path}'";

    /// <summary>A pipeline step before the last: only <see cref="StandardScaler"/> maps.</summary>
    private ClassicalValue Transform(IEstimator step, ClassicalValue x, string path)
    {
        if (!step.IsFitted) throw new InvalidOperationException($"ONNX export: {step.GetType().Name} at '{path}' is not fitted");
        if (step is not StandardScaler s)
            throw new UnsupportedModuleException(step.GetType(), path, $"no ONNX mapping for this transformer (exported: StandardScaler; estimators: {Supported})");
        // z = (x − μ)/σ as Sub and Div: a true division rounds once, as the float64 model does, where a multiplication
        // by a rounded 1/σ (ONNX-ML's Scaler) would round twice
        int p = s.NFeaturesIn;
        var name = x.Name;
        if (s.WithMean) name = g.Node("Sub", path, [name, g.FloatConstant([p], Floats(s.Mean))]);
        if (s.WithStd) name = g.Node("Div", path, [name, g.FloatConstant([p], Floats(s.Scale))]);
        if (name == x.Name) name = g.Node("Identity", path, [name]);
        return new(name, x.Width);
    }

    private static float[] Floats(Tensor t) => Array.ConvertAll(t.ToArray<double>(), v => (float)v);

    /// <summary>ŷ = x·w + b: <c>MatMul</c> with the weight vector (giving [N]) and <c>Add</c>.</summary>
    private ClassicalValue LinearRegressor(Tensor coef, double intercept, ClassicalValue x)
    {
        var w = g.FloatConstant([coef.Shape[0]], Floats(coef));
        var z = g.Node("MatMul", "linear", [x.Name, w]);
        return new(g.Node("Add", "linear", [z, g.Scalar((float)intercept)]), null);
    }

    /// <summary>z = x·Wᵀ + b [N, k] with Wᵀ stored [p, k] (no Transpose node).</summary>
    private string Scores(Tensor coef, Tensor intercept, ClassicalValue x, string name)
    {
        int k = coef.Shape[0], p = coef.Shape[1];
        var wt = g.FloatConstant([p, k], Floats(coef.Transpose(0, 1)));
        var b = g.FloatConstant([k], Floats(intercept));
        return g.Node("Add", name, [g.Node("MatMul", name, [x.Name, wt]), b]);
    }

    /// <summary>Logistic regression: probabilities (softmax, or [1 − σ, σ] for two classes) and labels.</summary>
    private (ClassicalValue, string?) Logistic(LogisticRegression m, ClassicalValue x)
    {
        var z = Scores(m.Coef, m.Intercept, x, "logistic");
        var proba = m.Coef.Shape[0] == 1 ? TwoClass(g.Node("Sigmoid", "logistic", [z])) : g.Node("Softmax", "logistic", [z], Int("axis", 1));
        return Labelled(proba, m.Classes);
    }

    /// <summary>[N, 1] probability p of the second class → [N, 2] = [1 − p, p].</summary>
    private string TwoClass(string p)
    {
        var rest = g.Node("Sub", "binary", [g.Scalar(1f), p]);
        return g.Node("Concat", "binary", [rest, p], Int("axis", 1));
    }

    /// <summary>The probabilities as the output, and the class label at their arg-max (first of ties: the lowest class, as Glassbox).</summary>
    private (ClassicalValue, string?) Labelled(string proba, Tensor classes)
    {
        var labels = classes.ToArray<long>();
        var index = g.Node("ArgMax", "label", [proba], Int("axis", 1), Int("keepdims", 0));
        return (new(proba, labels.Length), g.Node("Gather", "label", [g.Int64s(labels), index], Int("axis", 0)));
    }

    /// <summary>
    /// LinearSVC: the decision function as the output ([N] for two classes, [N, k] otherwise) and the label: the
    /// second class where the decision is &gt; 0 (two classes), else the arg-max class.
    /// </summary>
    private (ClassicalValue, string?) Svc(LinearSVC m, ClassicalValue x)
    {
        var z = Scores(m.Coef, m.Intercept, x, "svc");
        var labels = m.Classes.ToArray<long>();
        if (m.Coef.Shape[0] > 1) return (new(z, labels.Length), Labelled(z, m.Classes).Item2);
        var flat = Squeeze(new(z, 1));
        var positive = g.Node("Cast", "label", [g.Node("Greater", "label", [flat.Name, g.Scalar(0f)])], Int("to", (long)Proto.TensorDataType.Int64));
        return (flat, g.Node("Gather", "label", [g.Int64s(labels), positive], Int("axis", 0)));
    }

    /// <summary>[N, 1] → [N].</summary>
    private ClassicalValue Squeeze(ClassicalValue v) => new(g.Node("Squeeze", "output", [v.Name, g.Int64s(1)]), null);

    // Leaf weights of the CART trees: the class frequencies normalised to sum 1 (a leaf of weight 0 adds nothing, as in
    // Glassbox), or the leaf's value.
    private static IEnumerable<(int, double)> ProbaLeaves(TreeStructure t, int leaf)
    {
        var v = t.NodeValue(leaf).ToArray();
        double s = v.Sum();
        if (s == 0) s = 1;
        return v.Select((c, k) => (k, c / s));
    }

    private static IEnumerable<(int, double)> ValueLeaves(TreeStructure t, int leaf) => [(0, t.NodeValue(leaf)[0])];

    private static TreeNodes Nodes(TreeStructure t) => new(
        Array.ConvertAll(t.ChildrenLeft.ToArray<long>(), v => (int)v), Array.ConvertAll(t.ChildrenRight.ToArray<long>(), v => (int)v),
        Array.ConvertAll(t.Feature.ToArray<long>(), v => (int)v), t.Threshold.ToArray<double>(), null);

    /// <summary>
    /// One <c>TreeEnsembleRegressor</c> over CART trees, all adding to the targets 0…nTargets−1 (tree i of
    /// <paramref name="trees"/> adds to target <paramref name="targetOf"/>(i) when given; otherwise each leaf says), leaf
    /// weights multiplied by <paramref name="scale"/>.
    /// </summary>
    private ClassicalValue Trees(IEnumerable<TreeStructure> trees, ClassicalValue x, string aggregate, string post, double[]? baseValues, int nTargets,
        Func<TreeStructure, int, IEnumerable<(int, double)>> leaves, double scale, Func<int, int>? targetOf = null)
    {
        var b = new TreeEnsembleBuilder();
        int i = 0;
        foreach (var t in trees)
        {
            int target = targetOf?.Invoke(i) ?? -1;
            b.Add(Nodes(t), leaf => leaves(t, leaf).Select(e => (target < 0 ? e.Item1 : target, scale * e.Item2)));
            i++;
        }
        UsesMl = true;
        return new(b.Emit(g, x.Name, "trees", nTargets, aggregate, post, baseValues), nTargets);
    }

    /// <summary>
    /// Gradient boosting: F = F₀ + ν·Σ tree values (one tree per class and stage, or one per stage for two classes),
    /// probabilities by the ensemble's SOFTMAX post-transform for K classes, or for two by a <c>Sigmoid</c> node then
    /// [1 − p, p] — not by the LOGISTIC post-transform, which ONNX Runtime (1.32) leaves unapplied on a one-target
    /// ensemble (it returned the raw scores) — and the label at their arg-max. The exponential loss's probability is
    /// σ(2F): every weight and F₀ are doubled (exact in floating point) before the sigmoid.
    /// </summary>
    private (ClassicalValue, string?) GradientBoosted(GbModel gb, ClassicalValue x, Tensor classes, double factor)
    {
        int k = gb.Init.Length;
        var trees = gb.Trees.SelectMany(stage => stage);
        var init = Array.ConvertAll(gb.Init, v => factor * v);
        var raw = Trees(trees, x, "SUM", k == 1 ? "NONE" : "SOFTMAX", init, k, ValueLeaves, factor * gb.LearningRate, i => i % k);
        return Labelled(k == 1 ? TwoClass(g.Node("Sigmoid", "binary", [raw.Name])) : raw.Name, classes);
    }

    /// <summary>
    /// Histogram gradient boosting: F = baseline + Σ tree values, NaN following each node's <c>missing_go_to_left</c>.
    /// Classifiers as <see cref="GradientBoosted"/>; a regressor's raw score is returned as [N] (classes null).
    /// Categorical splits (a set of categories going left) have no <c>TreeEnsembleRegressor</c> node mode and are refused.
    /// </summary>
    private (ClassicalValue, string?) HistBoosted(double[] baseline, HistTree[][] stages, ClassicalValue x, string path, Tensor? classes)
    {
        int k = baseline.Length;
        var b = new TreeEnsembleBuilder();
        foreach (var stage in stages)
            for (int c = 0; c < k; c++)
            {
                var t = stage[c];
                if (t.CatLeft is not null && t.CatLeft.Any(s => s is not null))
                    throw new UnsupportedModuleException(classes is null ? typeof(HistGradientBoostingRegressor) : typeof(HistGradientBoostingClassifier), path,
                        "a tree has a categorical split (a set of categories going left), which ONNX-ML's TreeEnsembleRegressor cannot express; refit without categorical_features to export");
                int target = c;
                b.Add(new TreeNodes(t.Left, t.Right, t.Feature, t.Threshold, t.MissingLeft), leaf => [(target, t.Value[leaf])]);
            }
        UsesMl = true;
        var raw = b.Emit(g, x.Name, "trees", k, "SUM", classes is not null && k > 1 ? "SOFTMAX" : "NONE", baseline);
        if (classes is null) return (Squeeze(new(raw, 1)), null);
        return Labelled(k == 1 ? TwoClass(g.Node("Sigmoid", "binary", [raw])) : raw, classes);
    }
}
