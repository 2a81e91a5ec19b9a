using Glassbox.Autograd;

namespace Glassbox.Explain;

/// <summary>
/// Vanilla gradient saliency (Simonyan, Vedaldi &amp; Zisserman 2014, "Deep inside convolutional networks"): how much
/// a small change of each input value moves the class score, |∂y_c/∂x|, where y_c is the class's logit (the score
/// before the softmax, so that the map is not diluted by the other classes' scores).
/// </summary>
/// <remarks>
/// <para>The map is the first-order Taylor term of y_c around the input: y_c(x + δ) ≈ y_c(x) + ∇y_c·δ, so large
/// |∂y_c/∂x_i| marks the pixels the score is most sensitive to. For a linear model y = Wx + b the map is exactly
/// |W[c]| whatever the input — a useful check, and a reminder that saliency shows sensitivity, not evidence.</para>
/// <para>Traps: the model must be in eval mode — batch-norm statistics in training mode couple the samples of a
/// batch (and dropout makes the map random), which would break the one-backward-for-the-batch trick. For a
/// multi-channel image the paper's map is the maximum of this map over the channel dimension; this
/// function returns the per-value map so that no such choice is made for the caller.</para>
/// </remarks>
public static class Saliency
{
    /// <summary>
    /// |∂y_c/∂x| for each sample of <paramref name="input"/> [N, ...] and its target class c, same shape as the input.
    /// </summary>
    /// <param name="model">Maps the input batch to [N, classes] logits.</param>
    /// <param name="input">The batch to explain; not modified, and its own gradient flag is left as it was.</param>
    /// <param name="targets">One class per sample; each sample's arg-max class when null.</param>
    /// <param name="parameters">The model's parameters, frozen for the call so that their <see cref="Tensor.Grad"/>
    /// is left untouched (when null, backward also accumulates into every parameter's Grad).</param>
    /// <exception cref="ArgumentException">The model's output is not [N, classes], or a target is out of range;
    /// the message names the op and the shapes.</exception>
    public static Tensor Vanilla(Func<Tensor, Tensor> model, Tensor input, long[]? targets = null, IEnumerable<Tensor>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        input.RequireFloat("saliency");
        using var frozen = new FrozenParameters(parameters);
        using var grad = GradMode.EnableGrad();
        var x = input.Detach().RequiresGrad_();
        var score = Targets.SelectedSum(model(x), targets, "saliency");
        score.Backward();
        return x.Grad!.Abs();
    }

    /// <summary><see cref="Vanilla(Func{Tensor, Tensor}, Tensor, long[], IEnumerable{Tensor})"/> for a module: its
    /// forward is the model and its parameters are frozen during the call.</summary>
    public static Tensor Vanilla(NN.Module<Tensor, Tensor> model, Tensor input, long[]? targets = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Vanilla(model.Call, input, targets, model.Parameters());
    }
}
