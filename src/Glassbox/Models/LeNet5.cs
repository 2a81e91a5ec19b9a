using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// LeNet-5 (LeCun, Bottou, Bengio &amp; Haffner 1998) as it is commonly adapted to 28×28 MNIST: the first
/// convolution pads by 2, which stands in for the paper's 32×32 inputs (MNIST digits centred in a larger field).
/// </summary>
/// <remarks>
/// <para>Layers and shapes for a [N, 1, 28, 28] input:</para>
/// <code>
/// conv1  Conv2d(1, 6, 5, padding=2)   → [N, 6, 28, 28]   6·(1·25) + 6    =    156 parameters
/// act, pool 2×2                       → [N, 6, 14, 14]
/// conv2  Conv2d(6, 16, 5)             → [N, 16, 10, 10]  16·(6·25) + 16  =  2,416
/// act, pool 2×2, flatten              → [N, 400]
/// fc1    Linear(400, 120), act        → [N, 120]         400·120 + 120   = 48,120
/// fc2    Linear(120, 84), act         → [N, 84]          120·84 + 84     = 10,164
/// fc3    Linear(84, classes)          → [N, classes]     84·10 + 10      =    850   (10 classes)
///                                                                  total = 61,706
/// </code>
/// <para>Differences from the paper, all the usual ones: C3 connects every S2 map to every C3 map (the paper used a
/// sparse table to break symmetry, giving 1,516 instead of 2,416 weights there); the sub-sampling layers have no
/// trainable coefficient and bias; the output is a linear layer (logits for a cross-entropy loss) instead of
/// Euclidean RBF units; the squashing is the plain tanh instead of 1.7159·tanh(2a/3). The activation and the pooling
/// are options: <see cref="LeNet5Activation.Tanh"/> with <see cref="LeNet5Pooling.Average"/> is the classic
/// network, ReLU with max pooling the modern variant. Neither option has parameters, so the count is the same.</para>
/// <para>State-dict keys: conv1.weight, conv1.bias, conv2.*, fc1.*, fc2.*, fc3.* (the PyTorch reference in
/// tools/reference/cnn_zoo_fixtures.py). Initialisation is each layer's PyTorch default.</para>
/// </remarks>
public sealed class LeNet5 : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly Linear fc1, fc2, fc3;
    private readonly Module<Tensor, Tensor> act, pool;

    /// <summary>Creates the network with every layer's default (PyTorch) initialisation.</summary>
    /// <param name="numClasses">Outputs of the last layer (10 for MNIST).</param>
    /// <param name="activation">The hidden-layer squashing; tanh is the classic choice.</param>
    /// <param name="pooling">The 2×2 sub-sampling; average is the classic choice.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source of the initialisation (<see cref="Generator.Default"/> when null).</param>
    public LeNet5(int numClasses = 10, LeNet5Activation activation = LeNet5Activation.Tanh, LeNet5Pooling pooling = LeNet5Pooling.Average,
        DType dtype = DType.Float32, Generator? generator = null)
    {
        if (numClasses <= 0) throw new ArgumentOutOfRangeException(nameof(numClasses), $"LeNet5: numClasses must be positive, got {numClasses}");
        NumClasses = numClasses;
        Activation = activation;
        Pooling = pooling;
        conv1 = RegisterModule("conv1", new Conv2d(1, 6, 5, padding: 2, dtype: dtype, generator: generator));
        conv2 = RegisterModule("conv2", new Conv2d(6, 16, 5, dtype: dtype, generator: generator));
        fc1 = RegisterModule("fc1", new Linear(16 * 5 * 5, 120, dtype: dtype, generator: generator));
        fc2 = RegisterModule("fc2", new Linear(120, 84, dtype: dtype, generator: generator));
        fc3 = RegisterModule("fc3", new Linear(84, numClasses, dtype: dtype, generator: generator));
        act = RegisterModule<Module<Tensor, Tensor>>("act", activation switch
        {
            LeNet5Activation.Tanh => new Tanh(),
            LeNet5Activation.ReLU => new ReLU(),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "LeNet5: not a defined LeNet5Activation"),
        });
        pool = RegisterModule<Module<Tensor, Tensor>>("pool", pooling switch
        {
            LeNet5Pooling.Average => new AvgPool2d(2),
            LeNet5Pooling.Max => new MaxPool2d(2),
            _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "LeNet5: not a defined LeNet5Pooling"),
        });
    }

    /// <summary>Number of outputs.</summary>
    public int NumClasses { get; }
    /// <summary>The hidden-layer activation.</summary>
    public LeNet5Activation Activation { get; }
    /// <summary>The sub-sampling kind.</summary>
    public LeNet5Pooling Pooling { get; }

    /// <summary>Maps [N, 1, 28, 28] images to [N, classes] logits: <c>Classify(Features(input))</c>.</summary>
    /// <exception cref="ArgumentException">The input is not [N, 1, 28, 28]; the message names the shape.</exception>
    public override Tensor Forward(Tensor input) => Classify(Features(input));

    /// <summary>
    /// The convolutional part: conv1 block then conv2 block, [N, 1, 28, 28] → [N, 16, 5, 5]. Together with
    /// <see cref="Classify"/> it splits <see cref="Forward"/> at the last convolutional activation, which is where
    /// Grad-CAM reads its maps (each of the 16 channels is a 5×5 map over the digit, every cell seeing a 16×16
    /// window of it).
    /// </summary>
    /// <exception cref="ArgumentException">The input is not [N, 1, 28, 28]; the message names the shape.</exception>
    public Tensor Features(Tensor input) => Conv2Block(Conv1Block(input));

    /// <summary>conv1, activation, 2×2 pooling: [N, 1, 28, 28] → [N, 6, 14, 14] (six feature maps per digit).</summary>
    /// <exception cref="ArgumentException">The input is not [N, 1, 28, 28]; the message names the shape.</exception>
    public Tensor Conv1Block(Tensor input)
    {
        RequireShape(input, "input", 1, 28);
        return pool.Call(act.Call(conv1.Call(input)));
    }

    /// <summary>conv2, activation, 2×2 pooling: [N, 6, 14, 14] → [N, 16, 5, 5] (the output of <see cref="Conv1Block"/>
    /// to sixteen feature maps).</summary>
    /// <exception cref="ArgumentException">The input is not [N, 6, 14, 14]; the message names the shape.</exception>
    public Tensor Conv2Block(Tensor conv1Output)
    {
        RequireShape(conv1Output, "conv1 block output", 6, 14);
        return pool.Call(act.Call(conv2.Call(conv1Output)));
    }

    /// <summary>
    /// The fully connected head: flatten, fc1, activation, fc2, activation, fc3, [N, 16, 5, 5] → [N, classes]
    /// logits. Called on <see cref="Features"/>' output it gives exactly <see cref="Forward"/>'s result.
    /// </summary>
    /// <exception cref="ArgumentException">The features are not [N, 16, 5, 5]; the message names the shape.</exception>
    public Tensor Classify(Tensor features)
    {
        RequireShape(features, "features", 16, 5);
        var x = features.Flatten(1);
        x = act.Call(fc1.Call(x));
        x = act.Call(fc2.Call(x));
        return fc3.Call(x);
    }

    /// <summary>
    /// The penultimate layer: flatten, fc1, activation, fc2, activation, [N, 16, 5, 5] → [N, 84] — the representation
    /// fc3 reads its logits from, and the feature space of the MNIST Fréchet distance (a classifier's last hidden layer
    /// plays the role Inception's pool layer plays in FID). <c>fc3(Penultimate(f))</c> equals <see cref="Classify"/>(f).
    /// </summary>
    /// <exception cref="ArgumentException">The features are not [N, 16, 5, 5]; the message names the shape.</exception>
    public Tensor Penultimate(Tensor features)
    {
        RequireShape(features, "features", 16, 5);
        var x = features.Flatten(1);
        x = act.Call(fc1.Call(x));
        return act.Call(fc2.Call(x));
    }

    private static void RequireShape(Tensor t, string what, int channels, int side)
    {
        if (t.NDim != 4 || t.Shape[1] != channels || t.Shape[2] != side || t.Shape[3] != side)
            throw new ArgumentException($"LeNet5: expected {what} of shape [N, {channels}, {side}, {side}], got {ShapeUtil.Format(t.ShapeArray)}");
    }
}
