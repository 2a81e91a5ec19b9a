namespace Glassbox.Data.Transforms;

/// <summary>Applies transforms in order (<c>torchvision.transforms.Compose</c>).</summary>
public sealed class Compose : ITransform
{
    private readonly ITransform[] steps;

    /// <summary>Chains <paramref name="steps"/>; the first one sees the input.</summary>
    public Compose(params ITransform[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        this.steps = (ITransform[])steps.Clone();
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<ITransform> Steps => steps;

    /// <inheritdoc/>
    public Tensor Apply(Tensor x)
    {
        foreach (var s in steps) x = s.Apply(x);
        return x;
    }
}
