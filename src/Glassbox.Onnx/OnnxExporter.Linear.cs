using Glassbox.ML.Linear;
using Glassbox.Onnx.Proto;
using static Glassbox.Onnx.Proto.AttributeProto;

namespace Glassbox.Onnx;

public static partial class OnnxExporter
{
    /// <summary>
    /// Exports a fitted linear regressor (<see cref="LinearRegression"/>, Ridge, Lasso, ElasticNet — any
    /// <see cref="LinearModel{TSelf}"/>) as ŷ = x·w + b: <c>MatMul</c> with the weight vector, then <c>Add</c>. Input
    /// <c>[N, n_features]</c> float32, output <c>[N]</c> float32 (scikit-learn's <c>predict</c>).
    /// </summary>
    /// <remarks>
    /// Written with default-domain operators rather than ONNX-ML's <c>LinearRegressor</c>, so that every runtime that
    /// runs the networks runs these too, and so that the file needs no second operator set. The model computes in
    /// float64; the file in float32 (weights and inputs rounded to float32), so its predictions differ from
    /// <see cref="LinearModel{TSelf}.Predict"/> by float32 rounding.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The model is not fitted.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export<TSelf>(LinearModel<TSelf> model, string path, OnnxExportOptions? options = null) where TSelf : LinearModel<TSelf>
    {
        ArgumentNullException.ThrowIfNull(path);
        WriteAtomically(ExportToBytes(model, options), path);
    }

    /// <summary>The bytes of the file <see cref="Export{TSelf}(LinearModel{TSelf}, string, OnnxExportOptions?)"/> writes.</summary>
    /// <exception cref="InvalidOperationException">The model is not fitted.</exception>
    public static byte[] ExportToBytes<TSelf>(LinearModel<TSelf> model, OnnxExportOptions? options = null) where TSelf : LinearModel<TSelf>
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        var w = model.Coef.ToArray<double>();
        var g = Start(options);
        var wName = g.FloatConstant([w.Length], Array.ConvertAll(w, v => (float)v));
        var z = g.Node("MatMul", "linear", [options.InputName, wName]);
        g.Graph.Nodes.Add(new NodeProto("Add", options.OutputName, [z, g.Scalar((float)model.Intercept)], [options.OutputName], []));
        object batch = Batch(options);
        g.Graph.Inputs.Add(new ValueInfoProto(options.InputName, TensorDataType.Float, [batch, (long)w.Length]));
        g.Graph.Outputs.Add(new ValueInfoProto(options.OutputName, TensorDataType.Float, [batch]));
        return ModelBytes(g, options);
    }

    /// <summary>
    /// Exports a fitted <see cref="LogisticRegression"/>: z = x·Wᵀ + b (<c>MatMul</c>, <c>Add</c>), then the class
    /// probabilities — softmax(z) for several classes, [1 − σ(z), σ(z)] for two (<c>Sigmoid</c>, <c>Sub</c>,
    /// <c>Concat</c>) — as output <see cref="OnnxExportOptions.OutputName"/> <c>[N, n_classes]</c> (scikit-learn's
    /// <c>predict_proba</c>), and the predicted labels as a second output <c>"label"</c> <c>[N]</c> int64: the class
    /// label (<see cref="ML.Classifier{TSelf}.Classes"/>) at the arg-max of the probabilities (<c>ArgMax</c>,
    /// <c>Gather</c>) — scikit-learn's <c>predict</c>.
    /// </summary>
    /// <remarks>
    /// Default-domain operators only (no ONNX-ML <c>LinearClassifier</c>): one operator set, loadable wherever the
    /// networks are. The computation is float32 (the model's is float64), so probabilities differ by float32
    /// rounding, and a sample whose top two probabilities are that close may get the other label.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The model is not fitted.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export(LogisticRegression model, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        WriteAtomically(ExportToBytes(model, options), path);
    }

    /// <summary>The name of a classifier's label output.</summary>
    public const string LabelOutputName = "label";

    /// <summary>The bytes of the file <see cref="Export(LogisticRegression, string, OnnxExportOptions?)"/> writes.</summary>
    /// <exception cref="InvalidOperationException">The model is not fitted.</exception>
    public static byte[] ExportToBytes(LogisticRegression model, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        if (options.OutputName == LabelOutputName || options.InputName == LabelOutputName)
            throw new ArgumentException($"ONNX export: '{LabelOutputName}' is the label output's name; choose other input/output names", nameof(options));
        var coef = model.Coef;
        int k = coef.Shape[0], p = coef.Shape[1];
        var classes = model.Classes.ToArray<long>();
        var g = Start(options);
        g.Reserve(LabelOutputName);
        // W is [k, p]; store Wᵀ [p, k] so MatMul needs no Transpose node.
        var wt = g.FloatConstant([p, k], Array.ConvertAll(coef.Transpose(0, 1).ToArray<double>(), v => (float)v));
        var b = g.FloatConstant([k], Array.ConvertAll(model.Intercept.ToArray<double>(), v => (float)v));
        var z = g.Node("Add", "logistic", [g.Node("MatMul", "logistic", [options.InputName, wt]), b]);
        string proba;
        if (k == 1)
        {
            var s = g.Node("Sigmoid", "logistic", [z]);
            var rest = g.Node("Sub", "logistic", [g.Scalar(1f), s]);
            proba = g.Node("Concat", "logistic", [rest, s], Int("axis", 1));
        }
        else proba = g.Node("Softmax", "logistic", [z], Int("axis", 1));
        g.Graph.Nodes.Add(new NodeProto("Identity", options.OutputName, [proba], [options.OutputName], []));
        var index = g.Node("ArgMax", "logistic", [proba], Int("axis", 1), Int("keepdims", 0));
        g.Graph.Nodes.Add(new NodeProto("Gather", LabelOutputName, [g.Int64s(classes), index], [LabelOutputName], [Int("axis", 0)]));
        object batch = Batch(options);
        g.Graph.Inputs.Add(new ValueInfoProto(options.InputName, TensorDataType.Float, [batch, (long)p]));
        g.Graph.Outputs.Add(new ValueInfoProto(options.OutputName, TensorDataType.Float, [batch, (long)classes.Length]));
        g.Graph.Outputs.Add(new ValueInfoProto(LabelOutputName, TensorDataType.Int64, [batch]));
        return ModelBytes(g, options);
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
