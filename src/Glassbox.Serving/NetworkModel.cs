using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Training;

namespace Glassbox.Serving;

/// <summary>
/// A neural network served in evaluation mode: inputs are float32 tensors [rows, ...<see cref="NetworkArchitecture.InputShape"/>],
/// standardised as the description says, then run through the network without recording a graph. A classifier's
/// prediction is the arg-max of its logits and its probabilities the softmax; a regressor's outputs are its values.
/// </summary>
public sealed class NetworkModel : ServedModel
{
    private readonly Module<Tensor, Tensor> network;
    private readonly ModelSchema schema;

    /// <summary>
    /// Loads a network: its description (<paramref name="descriptionPath"/>, else <see cref="NetworkDescription.PathFor"/>
    /// of the checkpoint), then the weights from <paramref name="checkpointPath"/> — a Glassbox checkpoint
    /// (<see cref="Checkpoint.Save"/>; only its model tensors are used) or a plain safetensors state dict (PyTorch's
    /// <c>save_file(model.state_dict())</c>), every key and shape checked against the architecture before any is used.
    /// </summary>
    /// <exception cref="InvalidDataException">The description or the checkpoint is invalid, or they do not fit each other (message names the file and what is wrong).</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static NetworkModel Load(string checkpointPath, string? descriptionPath = null)
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        descriptionPath ??= NetworkDescription.PathFor(checkpointPath);
        if (!File.Exists(descriptionPath))
            throw new FileNotFoundException($"{checkpointPath}: no network description beside it (expected {descriptionPath}); write one with NetworkDescription.Save", descriptionPath);
        var description = NetworkDescription.Load(descriptionPath);
        // The smallest dtype a checkpoint can hold parameters in takes 2 bytes; a file smaller than that cannot hold
        // the network, and refusing here keeps a description from making us allocate a network the file cannot fill.
        long size = new FileInfo(checkpointPath).Length;
        long parameters = description.Architecture.ParameterCount;
        if (parameters > size / 2)
            throw new InvalidDataException($"{checkpointPath}: {size} bytes cannot hold the {parameters} parameters of the {description.Architecture.Name} in {descriptionPath}");
        var net = description.Architecture.Build();
        var tensors = SafeTensors.Load(checkpointPath, out var meta);
        if (meta.TryGetValue("glassbox", out var fmt) && fmt == "checkpoint-v1")
            Checkpoint.Load(checkpointPath, net);
        else
        {
            try { net.ValidateStateDict(tensors); }
            catch (ArgumentException e) { throw new InvalidDataException($"{checkpointPath}: the tensors do not fit the {description.Architecture.Name} of {descriptionPath}: {e.Message}", e); }
            net.LoadStateDict(tensors);
        }
        return new NetworkModel(net, description);
    }

    /// <summary>Serves <paramref name="network"/> (its weights as they are) under <paramref name="description"/>; puts it in evaluation mode.</summary>
    /// <exception cref="ArgumentException">The description is invalid.</exception>
    public NetworkModel(Module<Tensor, Tensor> network, NetworkDescription description)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(description);
        description.Validate();
        this.network = network;
        Description = description;
        network.Eval();
        var arch = description.Architecture;
        bool classifier = description.Task == NetworkTask.Classification;
        schema = new ModelSchema(arch.Name, classifier ? "classification" : "regression", arch.InputShape.ToArray(), "float32",
            description.FeatureNames?.ToArray(), false, classifier ? Enumerable.Range(0, arch.Outputs).Select(i => (long)i).ToArray() : null,
            classifier, classifier ? 1 : arch.Outputs);
    }

    /// <summary>The description the network is served under.</summary>
    public NetworkDescription Description { get; }

    /// <summary>The network itself (in evaluation mode, its checkpoint's weights loaded), e.g. for export to ONNX.</summary>
    public Module<Tensor, Tensor> Network => network;

    /// <inheritdoc/>
    public override ModelSchema Schema => schema;

    /// <summary>
    /// The network's output for a float32 batch [rows, ...input shape]: <c>network((x + (−mean)) · (1/std))</c> when the
    /// description standardises, else <c>network(x)</c>, without a graph.
    /// </summary>
    public Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var noGrad = GradMode.NoGrad();
        if (Description.Normalize is { } n)
            x = (x + Tensor.Scalar(-n.Mean, DType.Float32)) * Tensor.Scalar(1 / n.Std, DType.Float32);
        return network.Forward(x);
    }

    /// <inheritdoc/>
    public override PredictionBatch Predict(double[] values, int rows)
    {
        ArgumentNullException.ThrowIfNull(values);
        var shape = new int[schema.InputShape.Count + 1];
        shape[0] = rows;
        for (int i = 0; i < schema.InputShape.Count; i++) shape[i + 1] = schema.InputShape[i];
        var floats = new float[values.Length];
        for (int i = 0; i < values.Length; i++) floats[i] = (float)values[i];
        using var scope = new TensorScope();
        var output = Forward(Tensor.FromArray(floats, shape)).Reshape(rows, -1);
        if (!schema.IsClassifier) return new PredictionBatch(rows, null, output.ToDoubleArray(), schema.OutputWidth, null, 0);
        int k = schema.Classes!.Count;
        return new PredictionBatch(rows, output.ArgMax(1).ToArray<long>(), null, 1, output.Softmax(1).ToDoubleArray(), k);
    }
}
