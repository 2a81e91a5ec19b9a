using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// The adversarial objectives, all written on the discriminator's raw outputs (logits, or a critic's scores), each a
/// mean over the batch.
/// </summary>
/// <remarks>
/// <para><b>Goodfellow et al. (2014).</b> D(x) = σ(l(x)) is the probability that x is real. The discriminator
/// maximises E_x[log D(x)] + E_z[log(1 − D(G(z)))], i.e. minimises the binary cross-entropy with target 1 on real
/// and 0 on generated samples (<see cref="DiscriminatorLoss"/>). The minimax generator would minimise
/// E_z[log(1 − D(G(z)))] (<see cref="SaturatingGeneratorLoss"/>) — but early in training D rejects the fakes with
/// confidence, l ≪ 0, and d/dl log(1 − σ(l)) = −σ(l) ≈ 0: the generator gets no gradient exactly when it most needs
/// one. The paper's fix, used here (<see cref="GeneratorLoss"/>), is to maximise log D(G(z)) instead: the same fixed
/// point, but d/dl log σ(l) = 1 − σ(l) ≈ 1 when D is winning.</para>
/// <para><b>Wasserstein (Arjovsky et al. 2017; Gulrajani et al. 2017).</b> A critic f with unbounded scores estimates
/// W₁(P_r, P_g) = sup_{‖f‖_L ≤ 1} E_r[f] − E_g[f]; it minimises E_g[f] − E_r[f] (<see cref="CriticLoss"/>, whose
/// negative is the running estimate of the distance) and the generator minimises −E_g[f]
/// (<see cref="WassersteinGeneratorLoss"/>). The Lipschitz constraint comes from <see cref="GradientPenalty"/>.</para>
/// <para>Log-probabilities are computed from logits by the stable softplus form (log σ(l) = −softplus(−l)), never as
/// log of a rounded probability, which would give log 0 once σ saturates in float32.</para>
/// </remarks>
public static class GanLoss
{
    /// <summary>−E[log σ(l_real)] − E[log(1 − σ(l_fake))]: binary cross-entropy, real → 1, fake → 0.</summary>
    public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) =>
        F.BinaryCrossEntropyWithLogits(realLogits, Tensor.OnesLike(realLogits)) + F.BinaryCrossEntropyWithLogits(fakeLogits, Tensor.ZerosLike(fakeLogits));

    /// <summary>The non-saturating generator loss −E[log σ(l_fake)] = E[softplus(−l_fake)].</summary>
    public static Tensor GeneratorLoss(Tensor fakeLogits) => F.BinaryCrossEntropyWithLogits(fakeLogits, Tensor.OnesLike(fakeLogits));

    /// <summary>
    /// The minimax generator loss E[log(1 − σ(l_fake))] = −E[softplus(l_fake)], for comparison: its gradient vanishes
    /// when the discriminator confidently rejects the fakes (see the remarks).
    /// </summary>
    public static Tensor SaturatingGeneratorLoss(Tensor fakeLogits) => -F.BinaryCrossEntropyWithLogits(fakeLogits, Tensor.ZerosLike(fakeLogits));

    /// <summary>The WGAN critic loss E[f(fake)] − E[f(real)] (without the penalty).</summary>
    public static Tensor CriticLoss(Tensor realScores, Tensor fakeScores) => fakeScores.Mean() - realScores.Mean();

    /// <summary>The WGAN generator loss −E[f(fake)].</summary>
    public static Tensor WassersteinGeneratorLoss(Tensor fakeScores) => -fakeScores.Mean();
}
