using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// The unit of every <see cref="UNet"/> level: two 3×3 convolutions with padding 1 (the map keeps its size), each
/// followed by ReLU, with batch norm between convolution and ReLU when enabled.
/// </summary>
/// <remarks>
/// With batch norm the convolutions have no bias: the norm subtracts the per-channel mean, which would cancel the
/// bias exactly, and adds its own shift β. Keys: conv1.weight, (conv1.bias | bn1.*), conv2.weight, (conv2.bias | bn2.*).
/// Parameters: 9·in·out + 9·out² weights plus 2·out biases, or 4·out batch-norm parameters.
/// </remarks>
public sealed class DoubleConv : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d? bn1, bn2;

    /// <summary>Creates the unit with PyTorch's default initialisation.</summary>
    public DoubleConv(int inChannels, int outChannels, bool batchNorm, DType dtype = DType.Float32, Generator? generator = null)
    {
        (InChannels, OutChannels, BatchNorm) = (inChannels, outChannels, batchNorm);
        conv1 = RegisterModule("conv1", new Conv2d(inChannels, outChannels, 3, padding: 1, bias: !batchNorm, dtype: dtype, generator: generator));
        if (batchNorm) bn1 = RegisterModule("bn1", new BatchNorm2d(outChannels, dtype: dtype));
        conv2 = RegisterModule("conv2", new Conv2d(outChannels, outChannels, 3, padding: 1, bias: !batchNorm, dtype: dtype, generator: generator));
        if (batchNorm) bn2 = RegisterModule("bn2", new BatchNorm2d(outChannels, dtype: dtype));
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }
    /// <summary>Output channels of both convolutions.</summary>
    public int OutChannels { get; }
    /// <summary>Whether batch norm follows each convolution.</summary>
    public bool BatchNorm { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var x = conv1.Call(input);
        if (bn1 is not null) x = bn1.Call(x);
        x = conv2.Call(x.Relu());
        if (bn2 is not null) x = bn2.Call(x);
        return x.Relu();
    }
}
