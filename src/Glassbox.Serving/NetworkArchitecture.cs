using System.Text.Json.Nodes;
using Glassbox.NN;

namespace Glassbox.Serving;

/// <summary>
/// A network shape a <see cref="NetworkDescription"/> may name: one entry of a fixed table (<see cref="MlpArchitecture"/>
/// as <c>"mlp"</c>, <see cref="LeNet5Architecture"/> as <c>"lenet5"</c>), built with its constructor arguments. The
/// table is the whole of what a description can make the server construct — no type is resolved from a name in a file.
/// </summary>
public abstract record NetworkArchitecture
{
    /// <summary>The name written to a description's <c>"architecture"</c> field.</summary>
    public abstract string Name { get; }

    /// <summary>The shape of one input sample (the batch dimension excluded).</summary>
    public abstract IReadOnlyList<int> InputShape { get; }

    /// <summary>Values the network outputs per sample (logits per class for a classifier).</summary>
    public abstract int Outputs { get; }

    /// <summary>
    /// The number of parameters the network has, computed from the arguments without building it: the loader checks
    /// it against the checkpoint's size before anything is allocated, so a description cannot ask for a network far
    /// larger than the weights it is served with.
    /// </summary>
    public abstract long ParameterCount { get; }

    /// <summary>Builds the network (float32, freshly initialised; the checkpoint's weights are loaded into it after).</summary>
    public abstract Module<Tensor, Tensor> Build();

    /// <summary>The constructor arguments as the description's <c>"args"</c> object.</summary>
    internal abstract JsonObject ArgsToJson();
}

/// <summary>
/// A multilayer perceptron: <c>Sequential(Linear(in, h₁), act, Linear(h₁, h₂), act, …, Linear(h_last, out))</c>,
/// so its state-dict keys are <c>0.weight, 0.bias, 2.weight, …</c> — those of the same <see cref="Sequential"/>
/// built in code (the <c>mnist-mlp</c> recipe's 784-512-256-10 ReLU network is <c>hidden: [512, 256]</c>).
/// Dropout layers, which would shift the indices, are not part of it: they do nothing at inference.
/// </summary>
/// <param name="InFeatures">Inputs per sample (<c>in_features</c>); the input shape is <c>[InFeatures]</c>.</param>
/// <param name="Hidden">Widths of the hidden layers, in order (may be empty: a linear model).</param>
/// <param name="OutFeatures">Outputs per sample (<c>out_features</c>).</param>
/// <param name="Activation">The nonlinearity after every hidden layer.</param>
public sealed record MlpArchitecture(int InFeatures, IReadOnlyList<int> Hidden, int OutFeatures, MlpActivation Activation = MlpActivation.ReLU) : NetworkArchitecture
{
    /// <inheritdoc/>
    public override string Name => "mlp";

    /// <inheritdoc/>
    public override IReadOnlyList<int> InputShape => [InFeatures];

    /// <inheritdoc/>
    public override int Outputs => OutFeatures;

    /// <inheritdoc/>
    public override long ParameterCount
    {
        get
        {
            long total = 0, width = InFeatures;
            foreach (var h in Hidden.Append(OutFeatures)) { total = checked(total + width * h + h); width = h; }
            return total;
        }
    }

    /// <inheritdoc/>
    public override Module<Tensor, Tensor> Build()
    {
        var net = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        int width = InFeatures;
        foreach (var h in Hidden)
        {
            net.Add(new Linear(width, h));
            net.Add(Activation switch
            {
                MlpActivation.ReLU => new ReLU(),
                MlpActivation.Tanh => new Tanh(),
                MlpActivation.Sigmoid => new Sigmoid(),
                MlpActivation.Gelu => new GELU(),
                _ => throw new ArgumentOutOfRangeException(nameof(Activation), Activation, "not a defined MlpActivation"),
            });
            width = h;
        }
        net.Add(new Linear(width, OutFeatures));
        return net;
    }

    internal override JsonObject ArgsToJson() => new()
    {
        ["in_features"] = InFeatures,
        ["hidden"] = new JsonArray(Hidden.Select(h => (JsonNode)JsonValue.Create(h)).ToArray()),
        ["out_features"] = OutFeatures,
        ["activation"] = NetworkDescription.ActivationName(Activation),
    };
}

/// <summary>The hidden-layer nonlinearity of an <see cref="MlpArchitecture"/>.</summary>
public enum MlpActivation
{
    /// <summary><c>"relu"</c>: max(0, x).</summary>
    ReLU,
    /// <summary><c>"tanh"</c>.</summary>
    Tanh,
    /// <summary><c>"sigmoid"</c>: 1/(1 + e⁻ˣ).</summary>
    Sigmoid,
    /// <summary><c>"gelu"</c>: the exact (erf) GELU.</summary>
    Gelu,
}

/// <summary>
/// <see cref="Models.LeNet5"/> on [1, 28, 28] images (the <c>mnist-lenet</c> recipe is
/// <c>{"num_classes": 10, "activation": "relu", "pooling": "max"}</c>).
/// </summary>
/// <param name="NumClasses">Outputs of the last layer.</param>
/// <param name="Activation">The hidden-layer squashing.</param>
/// <param name="Pooling">The 2×2 sub-sampling.</param>
public sealed record LeNet5Architecture(int NumClasses = 10, Models.LeNet5Activation Activation = Models.LeNet5Activation.Tanh,
    Models.LeNet5Pooling Pooling = Models.LeNet5Pooling.Average) : NetworkArchitecture
{
    /// <inheritdoc/>
    public override string Name => "lenet5";

    /// <inheritdoc/>
    public override IReadOnlyList<int> InputShape => [1, 28, 28];

    /// <inheritdoc/>
    public override int Outputs => NumClasses;

    /// <inheritdoc/>
    public override long ParameterCount => 156 + 2416 + 48120 + 10164 + checked(84L * NumClasses + NumClasses);

    /// <inheritdoc/>
    public override Module<Tensor, Tensor> Build() => new Models.LeNet5(NumClasses, Activation, Pooling);

    internal override JsonObject ArgsToJson() => new()
    {
        ["num_classes"] = NumClasses,
        ["activation"] = Activation == Models.LeNet5Activation.ReLU ? "relu" : "tanh",
        ["pooling"] = Pooling == Models.LeNet5Pooling.Max ? "max" : "average",
    };
}
