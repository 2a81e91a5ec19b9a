namespace Glassbox.Milestones.Recipes.Generative;

/// <summary>Which adversarial game a <see cref="GanTrainer"/> plays.</summary>
public enum GanObjective
{
    /// <summary>Goodfellow et al.'s binary cross-entropy discriminator with the non-saturating generator loss; one discriminator step per generator step.</summary>
    NonSaturating,
    /// <summary>Gulrajani et al.'s Wasserstein critic with the gradient penalty; several critic steps per generator step.</summary>
    WassersteinGp,
}
