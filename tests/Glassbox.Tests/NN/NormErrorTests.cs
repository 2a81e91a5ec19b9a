using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>Inputs that do not fit a normalisation op or layer throw ArgumentException naming the op and the shapes.</summary>
public class NormErrorTests
{
    private static Tensor X(params int[] shape) => Tensor.Ones(shape, DType.Float32);
    private static Tensor V(int c) => Tensor.Ones([c], DType.Float32);

    private static void Throws(Action a, params string[] parts)
    {
        var e = Assert.Throws<ArgumentException>(a);
        foreach (var p in parts) Assert.Contains(p, e.Message);
    }

    [Fact]
    public void BatchNormFunctional()
    {
        Throws(() => F.BatchNorm(X(5), V(5), V(5)), "batch_norm", "[5]");
        Throws(() => F.BatchNorm(X(2, 3, 4, 4), V(3), V(3), weight: V(4)), "batch_norm", "weight", "[2, 3, 4, 4]", "[4]");
        Throws(() => F.BatchNorm(X(2, 3, 4, 4), V(4), V(4)), "batch_norm", "running_mean", "[2, 3, 4, 4]", "[4]");
        Throws(() => F.BatchNorm(X(2, 3, 4, 4), V(3), null, training: true), "batch_norm", "running_var");
        Throws(() => F.BatchNorm(X(2, 3, 4, 4), null, null, training: false), "batch_norm", "evaluation");
        Throws(() => F.BatchNorm(X(1, 3), null, null, training: true), "batch_norm", "more than 1 value per channel", "[1, 3]");
        Throws(() => F.BatchNorm(X(1, 3, 1, 1), null, null, training: true), "batch_norm", "[1, 3, 1, 1]");
        Throws(() => F.BatchNorm(X(2, 3), null, null, weight: Tensor.Ones([3], DType.Float64), training: true), "batch_norm", "weight", "float64");
    }

    [Fact]
    public void BatchNormModules()
    {
        Throws(() => new BatchNorm1d(3).Forward(X(2, 3, 4, 5)), "BatchNorm1d", "4D", "[2, 3, 4, 5]");
        Throws(() => new BatchNorm2d(3).Forward(X(2, 3, 4)), "BatchNorm2d", "expected 4D input", "[2, 3, 4]");
        Throws(() => new BatchNorm3d(3).Forward(X(2, 3, 4, 4)), "BatchNorm3d", "expected 5D input", "[2, 3, 4, 4]");
        Throws(() => new BatchNorm2d(3).Forward(X(2, 4, 5, 5)), "BatchNorm2d", "3 channels", "[2, 4, 5, 5]");
        Throws(() => new BatchNorm2d(3).Forward(X(1, 3, 1, 1)), "batch_norm", "[1, 3, 1, 1]");
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm2d(0));
    }

    [Fact]
    public void GroupNorm()
    {
        Throws(() => F.GroupNorm(X(2, 6, 3, 3), 4), "group_norm", "divisible", "[2, 6, 3, 3]", "num_groups=4");
        Throws(() => F.GroupNorm(X(6), 3), "group_norm", "[6]");
        Throws(() => F.GroupNorm(X(2, 6, 3, 3), 3, weight: V(3)), "group_norm", "weight", "[2, 6, 3, 3]", "[3]");
        Throws(() => new Glassbox.NN.GroupNorm(4, 6), "GroupNorm", "num_channels=6", "num_groups=4");
        Throws(() => new Glassbox.NN.GroupNorm(2, 6).Forward(X(2, 4, 3, 3)), "GroupNorm", "[2, 4, 3, 3]");
    }

    [Fact]
    public void InstanceNorm()
    {
        Throws(() => F.InstanceNorm(X(2, 3, 1, 1)), "instance_norm", "more than 1 spatial element", "[2, 3, 1, 1]");
        Throws(() => F.InstanceNorm(X(2, 3, 4, 4), weight: V(2)), "instance_norm", "weight", "[2, 3, 4, 4]", "[2]");
        Throws(() => new InstanceNorm2d(3).Forward(X(3, 4)), "InstanceNorm2d", "3D or 4D", "[3, 4]");
        Throws(() => new InstanceNorm2d(3).Forward(X(2, 3, 4, 4, 4)), "InstanceNorm2d", "[2, 3, 4, 4, 4]");
        Throws(() => new InstanceNorm2d(3).Forward(X(2, 5, 4, 4)), "InstanceNorm2d", "num_features (3)", "[2, 5, 4, 4]");
        Throws(() => new InstanceNorm1d(3).Forward(X(2, 3, 4, 4)), "InstanceNorm1d", "2D or 3D", "[2, 3, 4, 4]");
    }

    [Fact]
    public void LayerNormOverChannelsAndSpace()
    {
        Throws(() => new LayerNorm([3, 4, 5]).Forward(X(2, 3, 5, 4)), "LayerNorm", "3, 4, 5", "[2, 3, 5, 4]");
        Throws(() => new LayerNorm([4, 5]).Forward(X(5)), "LayerNorm", "[5]");
        Throws(() => F.LayerNorm(X(2, 3, 4), [3, 5]), "layer_norm", "3, 5", "[2, 3, 4]");
        Throws(() => F.LayerNorm(X(2, 3, 4), []), "layer_norm", "[2, 3, 4]");
        Throws(() => F.LayerNorm(X(2, 3, 4), [3, 4], weight: X(12)), "layer_norm", "weight", "[3, 4]", "[12]");
        Throws(() => F.LayerNorm(X(2, 3, 4), [3, 4], bias: Tensor.Ones([3, 4], DType.Float64)), "layer_norm", "bias", "float64");
    }
}
