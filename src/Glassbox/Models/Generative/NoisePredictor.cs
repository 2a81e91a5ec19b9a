namespace Glassbox.Models.Generative;

/// <summary>
/// A denoiser in the ε-parameterisation: given noisy images x_t [N, C, H, W] and their 0-based steps t (int64 [N]),
/// returns the predicted noise ε_θ(x_t, t) with x_t's shape. A class label, a guidance mix or an EMA copy of the
/// weights are bound by the closure that builds the delegate, so the samplers need to know none of them.
/// </summary>
public delegate Tensor NoisePredictor(Tensor noisy, Tensor timesteps);
