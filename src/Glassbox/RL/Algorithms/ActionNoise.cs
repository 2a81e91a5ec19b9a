namespace Glassbox.RL.Algorithms;

/// <summary>Gaussian action noise clipped to the action box, shared by <see cref="Ddpg"/> and <see cref="Td3"/>.</summary>
internal sealed class ActionNoise
{
    private readonly Tensor low, high, scale;

    /// <summary>Stores the box as [A] tensors of <paramref name="dtype"/>.</summary>
    public ActionNoise(float[] actionLow, float[] actionHigh, Tensor actionScale, DType dtype)
    {
        low = Tensor.FromArray((float[])actionLow.Clone(), actionLow.Length).To(dtype);
        high = Tensor.FromArray((float[])actionHigh.Clone(), actionHigh.Length).To(dtype);
        scale = actionScale;
    }

    /// <summary>clip(a + s·σ·ε, low, high) with ε ~ N(0, I): exploration around a deterministic action (s = half-range).</summary>
    public Tensor Explore(Tensor actions, double sigma, Generator generator)
    {
        var eps = Tensor.Randn(actions.ShapeArray, actions.DType, generator);
        return Clip(actions + eps * sigma * scale);
    }

    /// <summary>TD3's target smoothing: clip(a + s·clip(σ·ε, −c, c), low, high), with ε given ([B, A]).</summary>
    public Tensor Smooth(Tensor actions, Tensor eps, double sigma, double noiseClip) =>
        Clip(actions + (eps * sigma).Clamp(-noiseClip, noiseClip) * scale);

    /// <summary>Clamps every action into [low, high] per dimension.</summary>
    public Tensor Clip(Tensor actions) => actions.Maximum(low).Minimum(high);
}
