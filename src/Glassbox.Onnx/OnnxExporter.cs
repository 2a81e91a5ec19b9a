using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Onnx.Proto;

namespace Glassbox.Onnx;

/// <summary>
/// Writes a Glassbox network as an ONNX model (PyTorch's <c>torch.onnx.export</c>): the inference graph of an MLP or a
/// CNN built from Glassbox.NN layers, or of the model zoo's LeNet5 and ResNets, with the weights as initializers, for
/// ONNX Runtime or any other ONNX consumer.
/// </summary>
/// <remarks>
/// <para><b>Versions.</b> Operator set <see cref="Opset"/> = 17 of the default domain, IR version
/// <see cref="IrVersion"/> = 8 (the IR that ONNX 1.12 introduced together with opset 17). Opset 17 is the first
/// with <c>LayerNormalization</c>, it is the newest that PyTorch 1.13's exporter writes (so files can be compared
/// with PyTorch's), and every maintained runtime loads it. Its cost: no <c>Gelu</c> op (opset 20), so GELU is written
/// as its <c>Erf</c> formula.</para>
/// <para><b>What is exported.</b> The model in evaluation mode: dropout is the identity and batch norm uses its
/// running statistics. The model is switched to evaluation mode for the export and back to its previous mode
/// (<c>Train(previous)</c> on the root) afterwards. Only float32 models are exported.</para>
/// <para><b>Shapes.</b> The input is <c>[N, ...inputShape]</c> with a symbolic batch dimension <c>N</c> (or a fixed
/// one, <see cref="OnnxExportOptions.FixedBatchSize"/>); the other dimensions are fixed, and the exporter runs one
/// zero sample through the Glassbox model to learn every intermediate shape. The graph's result on that sample is
/// compared with the model's own forward before the file is written, so a replay that drifted from a model's
/// <c>Forward</c> fails the export instead of writing a wrong file.</para>
/// <para><b>Files.</b> <see cref="Export(Module{Tensor, Tensor}, int[], string, OnnxExportOptions?)"/> writes atomically: a temporary file beside the target, flushed to disk,
/// then renamed over it — a crash leaves the old file or the new one, never half of one.</para>
/// </remarks>
public static partial class OnnxExporter
{
    /// <summary>The default-domain operator set the graph uses.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version written (8: the IR of the ONNX release that defined opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>The <c>producer_name</c> written.</summary>
    public const string ProducerName = "glassbox";

    /// <summary>Exports <paramref name="model"/> to the file <paramref name="path"/> (atomically; see the remarks).</summary>
    /// <param name="model">The network (float32).</param>
    /// <param name="inputShape">One sample's shape, the batch dimension excluded (e.g. <c>[1, 28, 28]</c> for LeNet-5, <c>[784]</c> for an MNIST MLP).</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="options">Names, batch dimension, input standardisation; null for the defaults.</param>
    /// <exception cref="UnsupportedModuleException">The model holds a module (or a setting) with no ONNX mapping.</exception>
    /// <exception cref="ArgumentException">The input shape does not fit the model, or the model is not float32.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export(Module<Tensor, Tensor> model, int[] inputShape, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        WriteAtomically(ExportToBytes(model, inputShape, options), path);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>: temporary file beside it, flushed, renamed over it.</summary>
    private static void WriteAtomically(byte[] bytes, string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>The bytes of the .onnx file <see cref="Export(Module{Tensor, Tensor}, int[], string, OnnxExportOptions?)"/> would write.</summary>
    /// <exception cref="UnsupportedModuleException">The model holds a module (or a setting) with no ONNX mapping.</exception>
    /// <exception cref="ArgumentException">The input shape does not fit the model, or the model is not float32.</exception>
    public static byte[] ExportToBytes(Module<Tensor, Tensor> model, int[] inputShape, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        options ??= new OnnxExportOptions();
        if (inputShape.Length == 0 || inputShape.Any(d => d <= 0))
            throw new ArgumentException($"ONNX export: the input shape (batch excluded) needs positive dimensions, got [{string.Join(", ", inputShape)}]", nameof(inputShape));
        if (options.FixedBatchSize is <= 0)
            throw new ArgumentException($"ONNX export: FixedBatchSize must be positive, got {options.FixedBatchSize}", nameof(options));
        if (options.Normalize is { } n && (!double.IsFinite(n.Mean) || !double.IsFinite(n.Std) || !(n.Std > 0)))
            throw new ArgumentException($"ONNX export: Normalize needs a finite mean and a finite std > 0, got mean {n.Mean}, std {n.Std}", nameof(options));
        if (options.InputName.Length == 0 || options.OutputName.Length == 0 || options.InputName == options.OutputName)
            throw new ArgumentException("ONNX export: the input and output names must be non-empty and differ", nameof(options));

        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var scope = new TensorScope();
            using var noGrad = GradMode.NoGrad();
            var g = new OnnxGraphBuilder(options.GraphName);
            g.Reserve(options.InputName);
            g.Reserve(options.OutputName);
            var probeInput = Tensor.Zeros([1, .. inputShape], DType.Float32);
            var x = new OnnxValue(options.InputName, probeInput);
            if (options.Normalize is { } norm) x = new LayerConverter(g).Normalize(norm.Mean, norm.Std, x);
            Tensor expected;
            try { expected = model.Forward(x.Probe); }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"ONNX export: the model does not accept inputs of shape [N, {string.Join(", ", inputShape)}]: {e.Message}", nameof(inputShape), e);
            }
            var result = new ModuleConverter(g).Convert(model, x, "");
            CheckReplay(model, expected, result.Probe);
            NameOutput(g, result.Name, options.OutputName);

            object batch = options.FixedBatchSize is int b ? (long)b : "N";
            g.Graph.Inputs.Add(new ValueInfoProto(options.InputName, TensorDataType.Float, [batch, .. inputShape.Select(d => (object)(long)d)]));
            g.Graph.Outputs.Add(new ValueInfoProto(options.OutputName, TensorDataType.Float, [batch, .. result.Probe.Shape.ToArray().Skip(1).Select(d => (object)(long)d)]));
            return ModelBytes(g, options);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    /// <summary>The file's bytes: the graph in a ModelProto importing opset <see cref="Opset"/> of the default domain.</summary>
    private static byte[] ModelBytes(OnnxGraphBuilder g, OnnxExportOptions options, bool usesMl = false)
    {
        var modelProto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = typeof(Tensor).Assembly.GetName().Version?.ToString() ?? "",
            DocString = options.DocString,
            Graph = g.Graph,
        };
        modelProto.OpsetImports.Add(new OperatorSetIdProto("", Opset));
        if (usesMl) modelProto.OpsetImports.Add(new OperatorSetIdProto(MlDomain, MlOpset));
        return modelProto.ToByteArray();
    }

    /// <summary>The replayed probe must equal the model's own forward on it (same kernels, same order: exactly).</summary>
    private static void CheckReplay(Module model, Tensor expected, Tensor replayed)
    {
        if (!expected.Shape.ToArray().SequenceEqual(replayed.Shape.ToArray()) || !expected.ToArray<float>().SequenceEqual(replayed.ToArray<float>()))
            throw new InvalidOperationException($"ONNX export: replaying {model.GetType().Name} module by module gave a different result than its Forward (shapes [{string.Join(", ", expected.Shape)}] and [{string.Join(", ", replayed.Shape)}]); its structure is not what the exporter expects");
    }

    /// <summary>Gives the last value the graph output's name: renames the node that produced it, or adds an Identity.</summary>
    private static void NameOutput(OnnxGraphBuilder g, string last, string outputName)
    {
        var nodes = g.Graph.Nodes;
        int i = nodes.FindLastIndex(n => n.Outputs.Contains(last));
        bool consumed = nodes.Any(n => n.Inputs.Contains(last));
        if (i >= 0 && !consumed)
        {
            var n = nodes[i];
            nodes[i] = new NodeProto(n.OpType, n.Name, n.Inputs, n.Outputs.Select(o => o == last ? outputName : o).ToArray(), n.Attributes, n.Domain);
        }
        else nodes.Add(new NodeProto("Identity", outputName, [last], [outputName], []));
    }
}
