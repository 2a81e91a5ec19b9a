using System.Globalization;

namespace Glassbox.NN;

/// <summary>
/// Resampling layer (<c>torch.nn.Upsample</c>): <see cref="F.Interpolate"/> with a fixed size or scale factor, mode
/// and corner rule. No parameters.
/// </summary>
public sealed class Upsample : Module<Tensor, Tensor>
{
    private readonly int[]? size;
    private readonly double[]? scaleFactor;

    /// <summary>Creates the layer; give exactly one of <paramref name="size"/> and <paramref name="scaleFactor"/> (one value for all spatial dimensions, or one each).</summary>
    /// <exception cref="ArgumentException">Both or neither of size and scale factor.</exception>
    public Upsample(int[]? size = null, double[]? scaleFactor = null, InterpolationMode mode = InterpolationMode.Nearest, bool? alignCorners = null, bool? recomputeScaleFactor = null)
    {
        if ((size is null) == (scaleFactor is null)) throw new ArgumentException("Upsample: give exactly one of size and scaleFactor");
        (this.size, this.scaleFactor, Mode, AlignCorners, RecomputeScaleFactor) = (size?.ToArray(), scaleFactor?.ToArray(), mode, alignCorners, recomputeScaleFactor);
    }

    /// <summary>The output spatial size, or null when a scale factor is used.</summary>
    public IReadOnlyList<int>? Size => size;
    /// <summary>The scale factors, or null when a size is used.</summary>
    public IReadOnlyList<double>? ScaleFactor => scaleFactor;
    /// <summary>How values are computed.</summary>
    public InterpolationMode Mode { get; }
    /// <summary>The linear modes' corner rule (null: false).</summary>
    public bool? AlignCorners { get; }
    /// <summary>Whether the index rule uses in/out instead of 1/scaleFactor.</summary>
    public bool? RecomputeScaleFactor { get; }

    /// <summary>Resamples [N, C, L] or [N, C, H, W].</summary>
    public override Tensor Forward(Tensor input) => F.Interpolate(input, size, scaleFactor, Mode, AlignCorners, RecomputeScaleFactor);

    /// <summary>PyTorch's mode string ("nearest", "nearest-exact", "linear", "bilinear").</summary>
    internal static string ModeName(InterpolationMode mode) => mode switch
    {
        InterpolationMode.Nearest => "nearest",
        InterpolationMode.NearestExact => "nearest-exact",
        InterpolationMode.Linear => "linear",
        InterpolationMode.Bilinear => "bilinear",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not an InterpolationMode"),
    };

    /// <inheritdoc/>
    protected override string ExtraRepr()
    {
        string info = scaleFactor is not null
            ? "scale_factor=" + (scaleFactor.Length == 1 ? PyFormat.Float(scaleFactor[0]) : "(" + string.Join(", ", scaleFactor.Select(PyFormat.Float)) + ")")
            : "size=" + (size!.Length == 1 ? size[0].ToString(CultureInfo.InvariantCulture) : PyFormat.Tuple(size));
        return info + ", mode=" + ModeName(Mode);
    }
}
