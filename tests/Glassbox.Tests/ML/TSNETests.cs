using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Manifold;
using Glassbox.Testing;
using Glassbox.Testing.Parity;

namespace Glassbox.Tests.ML;

/// <summary>TSNE against sklearn 1.2 (manifold.json): the joint P exactly, the final KL within 5%; its contract is in <see cref="EstimatorContractTests"/>.</summary>
public class TSNETests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn");

    [Fact]
    public void JointProbabilitiesMatchSklearn()
    {
        var root = SklearnFixture.Load(Folder, "manifold");
        var x = Fixtures.Tensor(root["X"]).ToDoubleArray();
        var sub = (JsonObject)root["p_subset"]!;
        int n = sub["n"]!.GetValue<int>(), f = 64;
        var p = TsneAffinities.JointDense(TsneAffinities.SquaredDistances(x[..(n * f)], n, f), n, sub["perplexity"]!.GetValue<double>());
        var cond = Fixtures.Tensor(sub["P_condensed"]).ToDoubleArray();
        double maxDiff = 0; int t = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) maxDiff = Math.Max(maxDiff, Math.Abs(p[i * n + j] - cond[t++]));
        Assert.True(maxDiff < 1e-12, $"max |ΔP| = {maxDiff}"); // same bisection on the same float32 distances: only summation order differs
    }

    [Fact]
    public void ManifoldParityRowsPass()
    {
        var rows = ParityTable.Family("manifold", Folder);
        Assert.Equal(2, rows.Count);
        foreach (var r in rows) Console.WriteLine($"{r.Estimator} {r.Quantity}: {r.MaxAbsDiff:G4} (tol {r.Tolerance:G4})");
        Assert.All(rows, r => Assert.True(r.Passed, $"{r.Estimator} {r.Quantity}: {r.MaxAbsDiff} > {r.Tolerance}"));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(5, 5)]
    [InlineData(100, 91)]
    [InlineData(2000, 91)]
    [InlineData(333, 17)]
    public void SmallestKEqualsSortingTheRow(int n, int k)
    {
        var g = new Generator((ulong)(n + k));
        // coarse values so that ties occur: they must come out lower index first
        var d = Enumerable.Range(0, n).Select(_ => (double)g.NextInt(50)).ToArray();
        var idx = new int[k];
        var dist = new double[k];
        Glassbox.ML.Manifold.TsneAffinities.SmallestK(d, k, idx, dist);
        var expected = Enumerable.Range(0, n).OrderBy(j => d[j]).ThenBy(j => j).Take(k).ToArray();
        Assert.Equal(expected, idx);
        Assert.Equal(expected.Select(j => d[j]).ToArray(), dist);
    }
}
