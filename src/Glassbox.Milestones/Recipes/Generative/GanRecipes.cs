using Glassbox.Models.Generative;

namespace Glassbox.Milestones.Recipes.Generative;

/// <summary>
/// The four GAN recipes of the milestones, full and quick. Full runs use all 60,000 training digits; quick runs a
/// few hundred discriminator steps on the first training digits — enough to move far from the untrained generator,
/// not to draw good digits.
/// </summary>
public static class GanRecipes
{
    /// <summary>Channels w of the DCGAN layers (14×14: w, 7×7: 2w); 32 keeps an epoch of the convolutional models within minutes on 2 cores.</summary>
    public const int DcganWidth = 32;

    /// <summary>Goodfellow et al. (2014) with an MLP G (64 → 256 → 512 → 784) and D (784 → 512 → 256 → 1), the non-saturating loss, Adam 2e-4, β1 0.5.</summary>
    public static GanRecipe Mlp(bool quick) => new("MLP GAN", GanObjective.NonSaturating, 64, 0,
        gen => (new MlpGanGenerator(64, generator: gen), new MlpGanDiscriminator(generator: gen)),
        Epochs: quick ? 2 : 20, BatchSize: 64, TrainImages: quick ? 10000 : 60000, LearningRate: 2e-4, Beta1: 0.5, Beta2: 0.999, CriticSteps: 1,
        GridEpochs: quick ? [1] : [1, 5, 10]);

    /// <summary>Radford et al. (2016) sized for 28×28 (<see cref="DcganGenerator"/>, <see cref="DcganDiscriminator"/>), Adam 2e-4, β1 0.5.</summary>
    public static GanRecipe Dcgan(bool quick) => new("DCGAN", GanObjective.NonSaturating, 100, 0,
        gen => (new DcganGenerator(100, DcganWidth, generator: gen), new DcganDiscriminator(DcganWidth, generator: gen)),
        Epochs: quick ? 1 : 5, BatchSize: 64, TrainImages: quick ? 9600 : 60000, LearningRate: 2e-4, Beta1: 0.5, Beta2: 0.999, CriticSteps: 1,
        GridEpochs: quick ? [] : [1, 2, 3]);

    /// <summary>Gulrajani et al. (2017): the DCGAN generator, the DCGAN discriminator without batch norm as critic, λ = 10, n_critic = 5, Adam 1e-4, β (0, 0.9).</summary>
    /// <remarks>
    /// <para>Both networks are re-initialised by <see cref="WganGpInit"/> (Kaiming normal for the critic, the layers'
    /// defaults for the generator) instead of DCGAN's N(0, 0.02): with N(0, 0.02) the critic's input gradient norm
    /// starts at ≈ 0.01, the penalty at ≈ λ, and the generator learns nothing for hundreds of steps (the quick run's
    /// 2,000 samples were all classified as one digit, as the untrained generator's are).</para>
    /// <para>The penalty's double backward through both convolutions costs several plain steps, so the quick run uses
    /// width 16, 3,200 digits and batch 32: 100 critic steps and 20 generator steps, the same images as 50 steps
    /// of 64 but twice the updates.</para>
    /// </remarks>
    public static GanRecipe WganGp(bool quick) => new("WGAN-GP", GanObjective.WassersteinGp, 100, 0,
        gen =>
        {
            int width = quick ? 16 : DcganWidth;
            var g = new DcganGenerator(100, width, generator: gen);
            var d = new DcganDiscriminator(width, batchNorm: false, generator: gen);
            WganGpInit.ApplyToGenerator(g, gen);
            WganGpInit.ApplyToCritic(d, gen);
            return (g, d);
        },
        Epochs: quick ? 1 : 5, BatchSize: quick ? 32 : 64, TrainImages: quick ? 3200 : 60000, LearningRate: 1e-4, Beta1: 0.0, Beta2: 0.9, CriticSteps: 5,
        GridEpochs: quick ? [] : [1, 2, 3]);

    /// <summary>A conditional DCGAN (Mirza &amp; Osindero 2014's label conditioning on Radford et al.'s networks): label embeddings into G's input and as a second input channel of D.</summary>
    public static GanRecipe Conditional(bool quick) => new("conditional DCGAN", GanObjective.NonSaturating, 100, 10,
        gen => (new DcganGenerator(100, DcganWidth, numClasses: 10, generator: gen), new DcganDiscriminator(DcganWidth, numClasses: 10, generator: gen)),
        Epochs: quick ? 1 : 5, BatchSize: 64, TrainImages: quick ? 9600 : 60000, LearningRate: 2e-4, Beta1: 0.5, Beta2: 0.999, CriticSteps: 1,
        GridEpochs: quick ? [] : [1, 2, 3]);
}
