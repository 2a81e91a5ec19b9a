using Glassbox.NN;

namespace Glassbox.Milestones.Recipes.Generative;

/// <summary>Everything a GAN milestone run varies: the networks, the game and the optimisation.</summary>
/// <param name="Model">Human-readable model description (config and table).</param>
/// <param name="Objective">The game.</param>
/// <param name="Latent">Dimension of z.</param>
/// <param name="NumClasses">10 for a conditional model, 0 otherwise.</param>
/// <param name="Build">(G, D) from the run's random source.</param>
/// <param name="Epochs">Passes of the discriminator over the training images.</param>
/// <param name="BatchSize">Images per discriminator step.</param>
/// <param name="TrainImages">How many training images (the first ones).</param>
/// <param name="LearningRate">Adam's learning rate, both networks.</param>
/// <param name="Beta1">Adam's β1.</param>
/// <param name="Beta2">Adam's β2.</param>
/// <param name="CriticSteps">D steps per G step.</param>
/// <param name="GridEpochs">Epochs after which a sample grid and an FID are recorded (the last epoch always is).</param>
public sealed record GanRecipe(string Model, GanObjective Objective, int Latent, int NumClasses,
    Func<Generator, (Module<Tensor, Tensor?, Tensor> G, Module<Tensor, Tensor?, Tensor> D)> Build,
    int Epochs, int BatchSize, int TrainImages, double LearningRate, double Beta1, double Beta2, int CriticSteps, int[] GridEpochs);
