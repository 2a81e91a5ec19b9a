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

    [Theory]
    [InlineData("plain")]
    [InlineData("stride_dilation")]
    [InlineData("groups")]
    [InlineData("same")]
    [InlineData("unbatched")]
    public void Conv1d(string name)
    {
        var g = new Generator(7);
        Tensor[] t;
        Func<Tensor[], Tensor> f;
        switch (name)
        {
            case "plain": t = [R(g, 2, 3, 9), R(g, 4, 3, 3), R(g, 4)]; f = a => F.Conv1d(a[0], a[1], a[2], padding: 1); break;
            case "stride_dilation": t = [R(g, 2, 2, 11), R(g, 3, 2, 3), R(g, 3)]; f = a => F.Conv1d(a[0], a[1], a[2], stride: 2, padding: 2, dilation: 2); break;
            case "groups": t = [R(g, 1, 4, 7), R(g, 6, 2, 2), R(g, 6)]; f = a => F.Conv1d(a[0], a[1], a[2], stride: 3, groups: 2); break;
            case "same": t = [R(g, 2, 2, 6), R(g, 3, 2, 4), R(g, 3)]; f = a => F.Conv1d(a[0], a[1], a[2], padding: ConvPadding.Same); break;
            case "unbatched": t = [R(g, 3, 8), R(g, 2, 3, 5)]; f = a => F.Conv1d(a[0], a[1], null, padding: 2); break;
            default: throw new ArgumentException(name);
        }
        GradCheck.Assert(f, t);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("stride_outpad")]
    [InlineData("groups_dilation")]
    [InlineData("unbatched_nobias")]
    public void ConvTranspose2d(string name)
    {
        var g = new Generator(11);
        Tensor[] t;
        Func<Tensor[], Tensor> f;
        switch (name)
        {
            case "plain": t = [R(g, 2, 3, 4, 5), R(g, 3, 2, 3, 2), R(g, 2)]; f = a => F.ConvTranspose2d(a[0], a[1], a[2], padding: 1); break;
            case "stride_outpad": t = [R(g, 1, 2, 3, 4), R(g, 2, 3, 3, 3), R(g, 3)]; f = a => F.ConvTranspose2d(a[0], a[1], a[2], stride: (2, 3), padding: (1, 0), outputPadding: (1, 2)); break;
            case "groups_dilation": t = [R(g, 2, 4, 3, 3), R(g, 4, 1, 2, 3), R(g, 2)]; f = a => F.ConvTranspose2d(a[0], a[1], a[2], stride: 2, groups: 2, dilation: (2, 1), outputPadding: 1); break;
            case "unbatched_nobias": t = [R(g, 2, 3, 3), R(g, 2, 2, 2, 2)]; f = a => F.ConvTranspose2d(a[0], a[1], null, stride: 3); break;
            default: throw new ArgumentException(name);
        }
        GradCheck.Assert(f, t);
    }

    [Theory]
    [InlineData(PadMode.Constant)]
    [InlineData(PadMode.Reflect)]
    [InlineData(PadMode.Replicate)]
    [InlineData(PadMode.Circular)]
    public void Pad(PadMode mode)
    {
        var g = new Generator(3);
        GradCheck.Assert(a => F.Pad(a[0], [2, 1, 1, 3], mode, 0.5), [R(g, 2, 3, 4, 5)]);
        GradCheck.Assert(a => F.Pad(a[0], [3, 2], mode), [R(g, 2, 4)]);
    }

    [Fact]
    public void PadConstantCrops() => GradCheck.Assert(a => F.Pad(a[0], [-1, 2, 1, -2], PadMode.Constant), [R(new Generator(5), 2, 5, 4)]);

    [Fact]
    public void Unfold()
    {
        var g = new Generator(13);
        GradCheck.Assert(a => F.Unfold(a[0], (2, 3), dilation: (1, 2), padding: 1, stride: (2, 1)), [R(g, 2, 3, 5, 6)]);
        GradCheck.Assert(a => F.Unfold(a[0], 2, stride: 3), [R(g, 2, 7, 5)]);
    }

    [Fact]
    public void Fold()
    {
        var g = new Generator(17);
        // output 5×6, kernel (2, 3), dilation (1, 2), padding 1, stride (2, 1): blocks ⌊(5+2−1−1)/2⌋+1 = 3 by ⌊(6+2−4−1)/1⌋+1 = 4.
        GradCheck.Assert(a => F.Fold(a[0], (5, 6), (2, 3), dilation: (1, 2), padding: 1, stride: (2, 1)), [R(g, 2, 12, 12)]);
        GradCheck.Assert(a => F.Fold(a[0], (4, 4), 2, stride: 2), [R(g, 8, 4)]);
    }

    /// <summary>
    /// Fold is unfold's adjoint: ⟨unfold(x), y⟩ = ⟨x, fold(y)⟩ for every x, y. Both sides are sums of the same
    /// products x·y (each paired once), so in float64 they agree up to summation-order rounding,
    /// ≤ n·ε·Σ|x·y| with n the number of terms; 1e-12 relative to Σ|terms| holds for these ~10³ terms.
    /// </summary>
    [Theory]
    [InlineData(2, 3, 7, 8, 3, 2, 1, 2, 2, 1, 1, 1)]
    [InlineData(1, 2, 6, 5, 2, 2, 2, 1, 0, 1, 2, 2)]
    [InlineData(3, 1, 5, 9, 1, 4, 1, 3, 1, 2, 1, 3)]
    public void FoldIsUnfoldsAdjoint(int n, int c, int h, int w, int kh, int kw, int dh, int dw, int ph, int pw, int sh, int sw)
    {
        var g = new Generator(19);
        var x = Tensor.Randn([n, c, h, w], DType.Float64, g);
        var u = F.Unfold(x, (kh, kw), (dh, dw), (ph, pw), (sh, sw));
        var y = Tensor.Randn(u.ShapeToArray(), DType.Float64, g);
        var fy = F.Fold(y, (h, w), (kh, kw), (dh, dw), (ph, pw), (sh, sw));
        double lhs = (u * y).Sum().Item(), rhs = (x * fy).Sum().Item();
        double scale = (u.Abs() * y.Abs()).Sum().Item();
        Assert.True(Math.Abs(lhs - rhs) <= 1e-12 * scale, $"<unfold x, y> = {lhs:R}, <x, fold y> = {rhs:R}");
    }
}
