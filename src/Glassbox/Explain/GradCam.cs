using Glassbox.Autograd;
using Glassbox.NN;

namespace Glassbox.Explain;

/// <summary>
/// Grad-CAM (Selvaraju et al. 2017, "Grad-CAM: visual explanations from deep networks via gradient-based
/// localization"): a coarse map of where in the image a convolutional network found evidence for a class.
/// </summary>
/// <remarks>
/// <para>Split the network into <c>features</c>, ending at a convolutional activation A [N, K, u, v], and the
/// <c>head</c> that maps A to logits. For class c with logit y_c, each channel gets the weight
/// α_k = (1/uv) Σ_ij ∂y_c/∂A_k[i, j] — the spatial mean of the gradient, i.e. how much the class score rises when the
/// whole channel rises — and the map is L = ReLU(Σ_k α_k A_k), a [u, v] grid. The ReLU keeps only the places that
/// push the score up; negative parts belong to other classes.</para>
/// <para>The last convolutional block is the usual choice: deeper layers are more class-specific, but the map is
/// only as fine as that layer's grid (5×5 for LeNet-5), which is why it is upsampled bilinearly to the image for
/// display. Like saliency, this needs the model in eval mode so that samples do not interact.</para>
/// </remarks>
public static class GradCam
{
    /// <summary>
    /// The Grad-CAM map of each sample of <paramref name="input"/> for its target class: [N, u, v], or
    /// [N, H, W] when <paramref name="outputSize"/> = [H, W] (bilinear, align corners off, as
    /// <see cref="F.Interpolate"/>; applied after the ReLU, so the map stays ≥ 0).
    /// </summary>
    /// <param name="features">Input batch → activations [N, K, u, v] (the layer explained).</param>
    /// <param name="head">Activations → [N, classes] logits.</param>
    /// <param name="input">The batch to explain.</param>
    /// <param name="targets">One class per sample; each sample's arg-max class when null.</param>
    /// <param name="outputSize">[H, W] to upsample the maps to; the activation grid when null.</param>
    /// <param name="parameters">The model's parameters, frozen for the call so that their Grad is untouched.</param>
    /// <exception cref="ArgumentException">The activations are not 4-d, the logits not [N, classes], a target is
    /// out of range or the output size is not two positive numbers; the message names the op and the shapes.</exception>
    public static Tensor Compute(Func<Tensor, Tensor> features, Func<Tensor, Tensor> head, Tensor input, long[]? targets = null,
        int[]? outputSize = null, IEnumerable<Tensor>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(input);
        if (outputSize is not null && (outputSize.Length != 2 || outputSize[0] < 1 || outputSize[1] < 1))
            throw new ArgumentException($"grad_cam: outputSize must be [H, W] with positive sizes, got [{string.Join(", ", outputSize)}]", nameof(outputSize));
        using var frozen = new FrozenParameters(parameters);
        Tensor a;
        using (GradMode.NoGrad()) a = features(input.Detach());
        if (a.NDim != 4)
            throw new ArgumentException($"grad_cam: the features must be 4-d [N, K, u, v] activations, got shape {ShapeUtil.Format(a.ShapeArray)}");
        // Cut the graph at A: it becomes a leaf, so backward stops there and leaves ∂y_c/∂A in its Grad.
        a = a.Detach().RequiresGrad_();
        using (GradMode.EnableGrad())
            Targets.SelectedSum(head(a), targets, "grad_cam").Backward();
        using var _ = GradMode.NoGrad();
        var alpha = a.Grad!.Mean([2, 3], keepDim: true);          // [N, K, 1, 1]
        var map = (a.Detach() * alpha).Sum(1, keepDim: true).Relu(); // [N, 1, u, v]
        if (outputSize is not null) map = F.Interpolate(map, size: outputSize, mode: InterpolationMode.Bilinear);
        return map.Squeeze(1);
    }
}
