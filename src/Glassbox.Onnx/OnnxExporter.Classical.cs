using Glassbox.ML;
using Glassbox.ML.Linear;
using Glassbox.Onnx.Proto;

namespace Glassbox.Onnx;

public static partial class OnnxExporter
{
    /// <summary>The ONNX-ML operator domain (<c>TreeEnsembleRegressor</c>).</summary>
    public const string MlDomain = "ai.onnx.ml";

    /// <summary>The <c>ai.onnx.ml</c> operator set imported by files that hold tree ensembles (3: the set of ONNX 1.12, beside opset 17).</summary>
    public const int MlOpset = 3;

    /// <summary>The name of a classifier's label output.</summary>
    public const string LabelOutputName = "label";

    /// <summary>
    /// Exports a fitted classical estimator (see <see cref="ExportToBytes(IEstimator, OnnxExportOptions?)"/> for what
    /// maps and how) to <paramref name="path"/>, atomically.
    /// </summary>
    /// <exception cref="UnsupportedModuleException">The estimator (or a pipeline step) has no ONNX mapping; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">The estimator is not fitted.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export(IEstimator model, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        WriteAtomically(ExportToBytes(model, options), path);
    }

    /// <summary>Exports a fitted linear regressor; the same as <see cref="Export(IEstimator, string, OnnxExportOptions?)"/>.</summary>
    public static void Export<TSelf>(LinearModel<TSelf> model, string path, OnnxExportOptions? options = null) where TSelf : LinearModel<TSelf>
        => Export((IEstimator)model, path, options);

    /// <summary>The file bytes for a linear regressor; the same as <see cref="ExportToBytes(IEstimator, OnnxExportOptions?)"/>.</summary>
    public static byte[] ExportToBytes<TSelf>(LinearModel<TSelf> model, OnnxExportOptions? options = null) where TSelf : LinearModel<TSelf>
        => ExportToBytes((IEstimator)model, options);

    /// <summary>Exports a fitted logistic regression; the same as <see cref="Export(IEstimator, string, OnnxExportOptions?)"/>.</summary>
    public static void Export(LogisticRegression model, string path, OnnxExportOptions? options = null) => Export((IEstimator)model, path, options);

    /// <summary>The file bytes for a logistic regression; the same as <see cref="ExportToBytes(IEstimator, OnnxExportOptions?)"/>.</summary>
    public static byte[] ExportToBytes(LogisticRegression model, OnnxExportOptions? options = null) => ExportToBytes((IEstimator)model, options);

    /// <summary>
    /// The bytes of the .onnx file for a fitted classical estimator. Input <see cref="OnnxExportOptions.InputName"/>
    /// <c>[N, n_features]</c> float32 (the features as fitted). Output <see cref="OnnxExportOptions.OutputName"/>:
    /// <c>predict</c> <c>[N]</c> for a regressor, <c>predict_proba</c> <c>[N, n_classes]</c> for a probabilistic
    /// classifier, <c>decision_function</c> (<c>[N]</c> for two classes, else <c>[N, n_classes]</c>) for
    /// <see cref="ML.Svm.LinearSVC"/>; classifiers have a second output <see cref="LabelOutputName"/> <c>[N]</c> int64,
    /// <c>predict</c>.
    /// </summary>
    /// <remarks>
    /// <para><b>Linear models</b> (LinearRegression, Ridge, Lasso, ElasticNet, LogisticRegression, LinearSVC) are written
    /// with default-domain operators — <c>MatMul</c> with the stored transposed weights, <c>Add</c>, then
    /// <c>Sigmoid</c> (two classes: <c>Sub</c> and <c>Concat</c> make [1 − p, p]) or <c>Softmax</c>; the label is
    /// <c>ArgMax</c> then <c>Gather</c> from the class labels (LinearSVC with two classes: <c>Greater</c> than 0,
    /// <c>Cast</c>, <c>Gather</c>). Not ONNX-ML's <c>LinearRegressor</c>/<c>LinearClassifier</c>: the plain operators load
    /// in every runtime that runs the networks, and the probabilities come out as an ordinary tensor rather than
    /// ONNX-ML's map-per-row form. <b>StandardScaler</b> steps of a <see cref="Pipeline"/> are <c>Sub</c> and
    /// <c>Div</c>.</para>
    /// <para><b>Trees</b> (DecisionTree*, RandomForest*, GradientBoosting*, HistGradientBoosting*) are one ONNX-ML
    /// <c>TreeEnsembleRegressor</c> (opset <see cref="MlOpset"/> of <see cref="MlDomain"/>) computing the ensemble's
    /// raw output per target: forests and single trees average the leaves (AVERAGE; a classification leaf holds its
    /// class frequencies normalised to sum 1, as <c>predict_proba</c> averages them); boosting sums the shrunk leaf
    /// values onto the initial score (SUM with <c>base_values</c>) and turns them into probabilities with the node's
    /// post-transform, SOFTMAX, for several classes, or for two with a <c>Sigmoid</c> node (then [1 − p, p]; ONNX
    /// Runtime leaves the LOGISTIC post-transform of a one-target ensemble unapplied); HistGradientBoosting's
    /// Poisson regressor adds <c>Exp</c>. Labels as for the linear models. Every split is BRANCH_LEQ on the largest
    /// float32 at or below the model's float64 threshold, which takes the same branch as the model for every float32
    /// input (see <see cref="TreeEnsembleBuilder"/>); NaN follows HistGradientBoosting's <c>missing_go_to_left</c>, and
    /// in the other trees (whose <c>predict</c> refuses NaN) goes right, as +∞ does. A classifier is written as a
    /// regressor ensemble with a probability output rather than as <c>TreeEnsembleClassifier</c>, because that
    /// operator expands a two-class ensemble's single score into two columns by rules that depend on the signs of the
    /// leaf weights; the form used here gives every classifier the same two outputs.</para>
    /// <para><b>Precision.</b> The estimators compute in float64, the file in float32: scores differ by float32
    /// rounding of the weights, inputs and sums; a tree ensemble takes the same leaves for float32 inputs and differs
    /// only in its float32 sum. A float64 input is rounded to float32 before the file sees it, so in front of a tree —
    /// and behind a StandardScaler, which computes in float32 here — a value within float32 rounding of a threshold
    /// can take the other branch.</para>
    /// <para><b>Refused</b> (<see cref="UnsupportedModuleException"/> naming the estimator and pipeline step):
    /// every other estimator and transformer, and histogram-boosting trees with categorical splits.</para>
    /// </remarks>
    /// <exception cref="UnsupportedModuleException">The estimator (or a pipeline step) has no ONNX mapping.</exception>
    /// <exception cref="InvalidOperationException">The estimator is not fitted.</exception>
    public static byte[] ExportToBytes(IEstimator model, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        if (options.OutputName == LabelOutputName || options.InputName == LabelOutputName)
            throw new ArgumentException($"ONNX export: '{LabelOutputName}' is the label output's name; choose other input/output names", nameof(options));
        if (!model.IsFitted) throw new InvalidOperationException($"ONNX export: {model.GetType().Name} is not fitted");
        int p = model is IJsonEstimator e ? e.FeaturesIn : throw new UnsupportedModuleException(model.GetType(), "", $"no ONNX mapping (exported: {ClassicalConverter.Supported})");
        var g = Start(options);
        g.Reserve(LabelOutputName);
        var converter = new ClassicalConverter(g);
        var (output, label) = converter.Convert(model, new ClassicalValue(options.InputName, p), "");
        object batch = Batch(options);
        g.Graph.Nodes.Add(new NodeProto("Identity", options.OutputName, [output.Name], [options.OutputName], []));
        g.Graph.Inputs.Add(new ValueInfoProto(options.InputName, TensorDataType.Float, [batch, (long)p]));
        g.Graph.Outputs.Add(new ValueInfoProto(options.OutputName, TensorDataType.Float, output.Width is int w ? [batch, (long)w] : [batch]));
        if (label is not null)
        {
            g.Graph.Nodes.Add(new NodeProto("Identity", LabelOutputName, [label], [LabelOutputName], []));
            g.Graph.Outputs.Add(new ValueInfoProto(LabelOutputName, TensorDataType.Int64, [batch]));
        }
        return ModelBytes(g, options, converter.UsesMl);
    }

    private static OnnxGraphBuilder Start(OnnxExportOptions options)
    {
        if (options.Normalize is not null)
            throw new ArgumentException("ONNX export: Normalize is for networks; a classical model's inputs are its features as fitted", nameof(options));
        if (options.FixedBatchSize is <= 0)
            throw new ArgumentException($"ONNX export: FixedBatchSize must be positive, got {options.FixedBatchSize}", nameof(options));
        var g = new OnnxGraphBuilder(options.GraphName);
        g.Reserve(options.InputName);
        g.Reserve(options.OutputName);
        return g;
    }

    private static object Batch(OnnxExportOptions options) => options.FixedBatchSize is int b ? (long)b : "N";
}
