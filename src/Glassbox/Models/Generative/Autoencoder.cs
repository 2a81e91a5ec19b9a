using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// An MLP autoencoder: encoder D → hidden… → code, decoder code → …hidden → D (mirrored widths), trained to reproduce
/// its input through the narrow code. With an <see cref="InputCorruption"/> other than none it is a denoising
/// autoencoder: in training mode <see cref="Forward"/> corrupts the input first (the loss still compares against the
/// clean input); in eval mode it never does.
/// </summary>
/// <remarks>State-dict keys: <c>encoder.*</c> (Linear/activation pairs, then a Linear to the code, no activation) and
/// <c>decoder.*</c> (the mirror, ending in a Linear to D with no activation: apply a sigmoid or use BCE-with-logits for
/// [0, 1] data, or MSE directly).</remarks>
public sealed class Autoencoder : Module<Tensor, Tensor>
{
    private readonly Sequential encoder, decoder;

    /// <summary>Creates the model with PyTorch's default Linear initialisation.</summary>
    public Autoencoder(int inputFeatures, IReadOnlyList<int> hidden, int codeFeatures, HiddenActivation activation = HiddenActivation.ReLU,
        InputCorruption? corruption = null, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (inputFeatures <= 0 || codeFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(inputFeatures), $"Autoencoder: sizes must be positive, got input={inputFeatures}, code={codeFeatures}");
        InputFeatures = inputFeatures;
        CodeFeatures = codeFeatures;
        Corruption = corruption ?? InputCorruption.None;
        encoder = RegisterModule("encoder", GenerativeLayers.Mlp(inputFeatures, hidden, codeFeatures, activation, dtype, generator));
        decoder = RegisterModule("decoder", GenerativeLayers.Mlp(codeFeatures, hidden.Reverse().ToArray(), inputFeatures, activation, dtype, generator));
    }

    /// <summary>D.</summary>
    public int InputFeatures { get; }
    /// <summary>The code width.</summary>
    public int CodeFeatures { get; }
    /// <summary>The training-time input corruption (none for a plain autoencoder).</summary>
    public InputCorruption Corruption { get; }
    /// <summary>The random source of the corruption (<see cref="Generator.Default"/> when null).</summary>
    public Generator? CorruptionGenerator { get; set; }

    /// <summary>The code for x [N, D], [N, code].</summary>
    public Tensor Encode(Tensor x)
    {
        if (x.NDim != 2 || x.Size(1) != InputFeatures)
            throw new ArgumentException($"Autoencoder.encode: expected x of shape [N, {InputFeatures}], got {ShapeUtil.Format(x.ShapeArray)}");
        return encoder.Call(x);
    }

    /// <summary>The reconstruction from a code [N, code], [N, D].</summary>
    public Tensor Decode(Tensor code) => decoder.Call(code);

    /// <summary>Decode(Encode(x̃)), with x̃ the corrupted x in training mode and x itself in eval mode.</summary>
    public override Tensor Forward(Tensor input) => Decode(Encode(Training ? Corruption.Apply(input, CorruptionGenerator) : input));
}
