using Glassbox.Autograd;
using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>
/// Finite-difference gradient checks (float64) of the convolution family — conv1d, conv2d, conv_transpose2d, pad,
/// unfold and fold — with respect to every differentiable input, on small odd shapes. Independent of PyTorch: this
/// is what ties each backward closure to its own forward.
/// </summary>
public class ConvGradCheckTests
{
    private static Tensor R(Generator g, params int[] shape) => Tensor.Randn(shape, DType.Float64, g).RequiresGrad_();

    public static TheoryData<string> Conv2dCases => new()
    {
        "plain", "groups", "dilation", "stride", "same_odd", "same_even", "depthwise", "unbatched", "pointwise", "nobias",
    };

    [Theory, MemberData(nameof(Conv2dCases))]
    public void Conv2d(string name)
    {
        var g = new Generator(42);
        Tensor[] t;
        Func<Tensor[], Tensor> f;
        switch (name)
        {
            case "plain": t = [R(g, 2, 3, 5, 6), R(g, 4, 3, 3, 2), R(g, 4)]; f = a => F.Conv2d(a[0], a[1], a[2], padding: 1); break;
            case "groups": t = [R(g, 2, 4, 5, 5), R(g, 6, 2, 3, 3), R(g, 6)]; f = a => F.Conv2d(a[0], a[1], a[2], padding: (1, 0), groups: 2); break;
            case "dilation": t = [R(g, 1, 2, 7, 6), R(g, 3, 2, 3, 2), R(g, 3)]; f = a => F.Conv2d(a[0], a[1], a[2], padding: 2, dilation: (2, 3)); break;
            case "stride": t = [R(g, 2, 2, 7, 8), R(g, 3, 2, 2, 3), R(g, 3)]; f = a => F.Conv2d(a[0], a[1], a[2], stride: (3, 2), padding: 1); break;
            case "same_odd": t = [R(g, 1, 2, 5, 4), R(g, 2, 2, 2, 4), R(g, 2)]; f = a => F.Conv2d(a[0], a[1], a[2], padding: ConvPadding.Same); break;
            case "same_even": t = [R(g, 2, 2, 5, 4), R(g, 3, 2, 3, 3), R(g, 3)]; f = a => F.Conv2d(a[0], a[1], a[2], padding: ConvPadding.Same, dilation: 2); break;
            case "depthwise": t = [R(g, 2, 3, 5, 6), R(g, 3, 1, 3, 3), R(g, 3)]; f = a => F.Conv2d(a[0], a[1], a[2], stride: 2, padding: 1, groups: 3); break;
            case "unbatched": t = [R(g, 2, 5, 4), R(g, 3, 2, 2, 2), R(g, 3)]; f = a => F.Conv2d(a[0], a[1], a[2]); break;
            case "pointwise": t = [R(g, 2, 3, 3, 5), R(g, 4, 3, 1, 1), R(g, 4)]; f = a => F.Conv2d(a[0], a[1], a[2]); break;
            case "nobias": t = [R(g, 2, 3, 4, 5), R(g, 2, 3, 3, 3)]; f = a => F.Conv2d(a[0], a[1], null, stride: 2, padding: 1); break;
            default: throw new ArgumentException(name);
        }
        GradCheck.Assert(f, t);
    }
}
