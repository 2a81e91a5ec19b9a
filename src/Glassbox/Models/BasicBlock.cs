using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// The two-layer residual block of He et al. (2016): y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), with
/// 3×3 convolutions without bias (the batch norm that follows has its own shift). The first convolution carries the
/// stride. Expansion 1: the block outputs <c>planes</c> channels.
/// </summary>
/// <remarks>
/// Parameters: 9·inPlanes·planes + 9·planes² convolution weights and 4·planes batch-norm parameters, plus the
/// shortcut's. The shortcut is the identity when <c>downsample</c> is null, else that module (registered as
/// <c>downsample</c>, torchvision's name): <see cref="ZeroPadShortcut"/> (option A) or a 1×1 convolution with batch
/// norm (option B). Keys: conv1.weight, bn1.*, conv2.weight, bn2.*, downsample.0.weight, downsample.1.*.
/// </remarks>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly Module<Tensor, Tensor>? downsample;

    /// <summary>Output channels per input channel of the last convolution's width: 1.</summary>
    public const int Expansion = 1;

    /// <summary>Creates the block; convolutions get PyTorch's default initialisation (<see cref="ResNet"/> re-initialises them).</summary>
    public BasicBlock(int inPlanes, int planes, int stride = 1, Module<Tensor, Tensor>? downsample = null, DType dtype = DType.Float32, Generator? generator = null)
    {
        (InPlanes, Planes, Stride) = (inPlanes, planes, stride);
        conv1 = RegisterModule("conv1", new Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false, dtype: dtype, generator: generator));
        bn1 = RegisterModule("bn1", new BatchNorm2d(planes, dtype: dtype));
        conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, padding: 1, bias: false, dtype: dtype, generator: generator));
        bn2 = RegisterModule("bn2", new BatchNorm2d(planes, dtype: dtype));
        if (downsample is not null) this.downsample = RegisterModule("downsample", downsample);
    }

    /// <summary>Input channels.</summary>
    public int InPlanes { get; }
    /// <summary>Width of both convolutions and the output.</summary>
    public int Planes { get; }
    /// <summary>Stride of the first convolution.</summary>
    public int Stride { get; }
    /// <summary>The last batch norm; zeroing its γ makes the block start as the identity (torchvision's zero_init_residual).</summary>
    public BatchNorm2d LastNorm => bn2;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var y = bn1.Call(conv1.Call(input)).Relu();
        y = bn2.Call(conv2.Call(y));
        var shortcut = downsample is null ? input : downsample.Call(input);
        return (y + shortcut).Relu();
    }
}
