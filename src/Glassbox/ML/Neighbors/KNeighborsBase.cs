using Glassbox.ML.Options;

namespace Glassbox.ML.Neighbors;

/// <summary>Hyperparameters and search shared by the k-nearest-neighbour estimators (<c>KNeighborsMixin</c>).</summary>
internal sealed record KnnSettings(int NNeighbors, NeighborWeights Weights, NeighborAlgorithm Algorithm, int P, int LeafSize)
{
    /// <summary>The constraint table of both <see cref="KNeighborsClassifier"/> and <see cref="KNeighborsRegressor"/>
    /// (k ≤ n_samples is checked in Fit, where n is known).</summary>
    public static ParamTable Constraints() => new()
    {
        { nameof(NNeighbors), Is.Int(min: 1) },
        { nameof(Weights), Is.Defined<NeighborWeights>() },
        { nameof(Algorithm), Is.Defined<NeighborAlgorithm>() },
        { nameof(P), Is.Where<int>(p => p is 1 or 2, "1 (Manhattan) or 2 (Euclidean)") },
        { nameof(LeafSize), Is.Int(min: 1) },
    };

    /// <summary><see cref="NeighborAlgorithm.Auto"/>: a KD-tree in low dimension (p ≤ 15) where it prunes well, brute force otherwise.</summary>
    public NeighborSearch Build(double[] x, int n, int p) =>
        new(x, n, p, P == 1, Algorithm == NeighborAlgorithm.KdTree || (Algorithm == NeighborAlgorithm.Auto && p <= 15 && n >= 64), LeafSize);
}
