namespace Glassbox.ML.Neighbors;

/// <summary>Hyperparameters and search shared by the k-nearest-neighbour estimators (<c>KNeighborsMixin</c>).</summary>
internal sealed record KnnSettings(int NNeighbors, string Weights, string Algorithm, int P, int LeafSize)
{
    public void Check(Action<string, object?, string> outOfRange)
    {
        if (NNeighbors < 1) outOfRange("NNeighbors", NNeighbors, "≥ 1");
        if (Weights is not ("uniform" or "distance")) outOfRange("Weights", Weights, "\"uniform\" or \"distance\"");
        if (Algorithm is not ("auto" or "brute" or "kd_tree")) outOfRange("Algorithm", Algorithm, "one of \"auto\", \"brute\", \"kd_tree\"");
        if (P is not (1 or 2)) outOfRange("P", P, "1 (Manhattan) or 2 (Euclidean)");
        if (LeafSize < 1) outOfRange("LeafSize", LeafSize, "≥ 1");
    }

    /// <summary>"auto": a KD-tree in low dimension (p ≤ 15) where it prunes well, brute force otherwise.</summary>
    public NeighborSearch Build(double[] x, int n, int p) =>
        new(x, n, p, P == 1, Algorithm == "kd_tree" || (Algorithm == "auto" && p <= 15 && n >= 64), LeafSize);
}
