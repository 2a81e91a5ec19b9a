using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// The three-layer residual block of He et al. (2016) for deep ResNets, as in torchvision ("ResNet v1.5"):
/// 1×1 convolution to <c>planes</c> channels, 3×3 convolution with the block's stride, 1×1 convolution to
/// 4·<c>planes</c> channels, each followed by batch norm, ReLU after the first two and after the residual sum.
/// </summary>
/// <remarks>
/// <para>The paper (v1) put the stride on the first 1×1 convolution, which then simply skips three of every four
/// pixels; torchvision moved it to the 3×3 convolution, which sees every pixel — slightly more accurate and slower,
/// and the variant whose published weights everyone uses. Parameter shapes are the same in both, so a v1 checkpoint
/// loads but computes something else.</para>
/// <para>Parameters: inPlanes·planes + 9·planes² + 4·planes² convolution weights, 2·(planes + planes + 4·planes)
/// batch-norm parameters, plus the shortcut's. Keys: conv1–3.weight, bn1–3.*, downsample.0.weight, downsample.1.*.</para>
/// </remarks>
public sealed class Bottleneck : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2, conv3;
    private readonly BatchNorm2d bn1, bn2, bn3;
    private readonly Module<Tensor, Tensor>? downsample;

    /// <summary>Output channels per unit of <c>planes</c>: the last 1×1 convolution expands by 4.</summary>
    public const int Expansion = 4;

    /// <summary>Creates the block; convolutions get PyTorch's default initialisation (<see cref="ResNet"/> re-initialises them).</summary>
    public Bottleneck(int inPlanes, int planes, int stride = 1, Module<Tensor, Tensor>? downsample = null, DType dtype = DType.Float32, Generator? generator = null)
    {
        (InPlanes, Planes, Stride) = (inPlanes, planes, stride);
        conv1 = RegisterModule("conv1", new Conv2d(inPlanes, planes, 1, bias: false, dtype: dtype, generator: generator));
        bn1 = RegisterModule("bn1", new BatchNorm2d(planes, dtype: dtype));
        conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false, dtype: dtype, generator: generator));
        bn2 = RegisterModule("bn2", new BatchNorm2d(planes, dtype: dtype));
        conv3 = RegisterModule("conv3", new Conv2d(planes, planes * Expansion, 1, bias: false, dtype: dtype, generator: generator));
        bn3 = RegisterModule("bn3", new BatchNorm2d(planes * Expansion, dtype: dtype));
        if (downsample is not null) this.downsample = RegisterModule("downsample", downsample);
    }

    /// <summary>Input channels.</summary>
    public int InPlanes { get; }
    /// <summary>Width of the two inner convolutions; the block outputs 4·Planes channels.</summary>
    public int Planes { get; }
    /// <summary>Stride of the 3×3 convolution.</summary>
    public int Stride { get; }
    /// <summary>The last batch norm; zeroing its γ makes the block start as the identity (torchvision's zero_init_residual).</summary>
    public BatchNorm2d LastNorm => bn3;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var y = bn1.Call(conv1.Call(input)).Relu();
        y = bn2.Call(conv2.Call(y)).Relu();
        y = bn3.Call(conv3.Call(y));
        var shortcut = downsample is null ? input : downsample.Call(input);
        return (y + shortcut).Relu();
    }
}
