namespace Glassbox.Milestones.Recipes.Generative;

/// <summary>The 28×28 grey-scale datasets a frozen <see cref="MnistEvaluator"/> can be trained on.</summary>
public enum DatasetKind
{
    /// <summary>MNIST handwritten digits.</summary>
    Mnist,
    /// <summary>Fashion-MNIST clothing images (same format, ten classes).</summary>
    FashionMnist,
}
