using Glassbox.ML;
using Glassbox.LinearAlgebra;
using Glassbox.ML.Decomposition;
using Glassbox.Testing;
using Glassbox.Testing.Parity;

namespace Glassbox.Tests.ML;

/// <summary>PCA: sklearn parity (decomposition.json) and the dense kernels and eigensolver it runs on (its contract is in EstimatorContractTests).</summary>
public class PCATests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn");

    private static Tensor Data(int n, int f, ulong seed)
    {
        var g = new Generator(seed);
        var a = new double[n * f];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < f; j++) a[i * f + j] = g.NextNormal() * (1.0 + 3.0 / (j + 1)) + j;
        return Tensor.FromArray(a, n, f);
    }

    [Fact]
    public void MatchesSklearnFullSolver()
    {
        var rows = ParityTable.Family("decomposition", Folder);
        Assert.True(rows.Count > 100);
        var failed = rows.Where(r => !r.Passed).Select(r => $"{r.Estimator} {r.Quantity}: {r.MaxAbsDiff:G3} > {r.Tolerance:G3}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public void LearnedStateThrowsBeforeFit()
    {
        // the rest of the contract (per solver) is in EstimatorContractTests
        var m = new PCA(3);
        Assert.Throws<NotFittedException>(() => m.Components);
        Assert.Throws<NotFittedException>(() => m.Transform(Data(10, 4, 1)));
    }

    [Fact]
    public void BadHyperparametersThrowInFitNamingThem()
    {
        var x = Data(20, 4, 2);
        Assert.Contains("NComponents", Assert.Throws<ArgumentOutOfRangeException>(() => new PCA(2.5).Fit(x)).Message);
        Assert.Contains("NComponents", Assert.Throws<ArgumentOutOfRangeException>(() => new PCA(9).Fit(x)).Message);
        Assert.Contains("SvdSolver", Assert.Throws<ArgumentOutOfRangeException>(() => new PCA(svdSolver: (SvdSolver)99).Fit(x)).Message);
        Assert.Contains("NComponents", Assert.Throws<ArgumentOutOfRangeException>(() => new PCA(0.5, svdSolver: SvdSolver.Randomized).Fit(x)).Message);
    }

    [Fact]
    public void AutoSolverFollowsSklearn12()
    {
        Assert.Equal(SvdSolver.Full, new PCA(3).Fit(Data(100, 10, 3)).SvdSolverFitted);      // max(n, f) ≤ 500
        Assert.Equal(SvdSolver.Randomized, new PCA(3).Fit(Data(520, 10, 3)).SvdSolverFitted); // 3 < 0.8·10
        Assert.Equal(SvdSolver.Full, new PCA(9).Fit(Data(520, 10, 3)).SvdSolverFitted);       // 9 ≥ 0.8·10
        Assert.Equal(SvdSolver.Full, new PCA(0.9).Fit(Data(520, 10, 3)).SvdSolverFitted);     // fraction
        // A fitted attribute, so it throws before Fit like every other one (it used to read "" then).
        Assert.Contains("SvdSolverFitted", Assert.Throws<NotFittedException>(() => new PCA(3).SvdSolverFitted).Message);
    }

    [Fact]
    public void SolversAgreeAndWhitenedOutputHasUnitVariance()
    {
        var x = Data(700, 12, 4);
        var full = new PCA(5, whiten: true, svdSolver: SvdSolver.Full).Fit(x);
        var eig = new PCA(5, whiten: true, svdSolver: SvdSolver.CovarianceEigh).Fit(x);
        var rnd = new PCA(5, whiten: true, svdSolver: SvdSolver.Randomized).Fit(x);
        // the spectrum decays like (1 + 3/(j+1))²: gaps are wide, so all three agree far below these bounds
        Assert.True(Fixtures.MaxAbsDiff(full.Components, eig.Components) < 1e-9);
        Assert.True(Fixtures.MaxAbsDiff(full.Components, rnd.Components) < 1e-6);
        var z = full.Transform(x);
        var v = z.ToDoubleArray();
        for (int c = 0; c < 5; c++)
        {
            double s = 0;
            for (int i = 0; i < 700; i++) s += v[i * 5 + c] * v[i * 5 + c];
            Assert.Equal(1.0, s / 699, 10); // whitened columns have sample variance exactly 1 (ddof = 1)
        }
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 1)]
    [InlineData(5, 5)]
    [InlineData(197, 13)]
    [InlineData(400, 37)]
    public void CentredGramMatchesReference(int n, int f)
    {
        var x = Data(Math.Max(n, 1), f, 5).ToDoubleArray()[..(n * f)];
        var mean = Enumerable.Range(0, f).Select(j => 0.5 * j).ToArray();
        var fast = DenseKernels.CentredGram(x, n, f, mean);
        var slow = DenseKernels.CentredGramReference(x, n, f, mean);
        for (int i = 0; i < fast.Length; i++) Assert.Equal(slow[i], fast[i], 1e-9 * Math.Max(1, Math.Abs(slow[i]))); // summation order differs
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(40)]
    public void SymmetricEigenReconstructs(int n)
    {
        var g = new Generator(9);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = g.NextNormal();
        var (vals, vecs) = Glassbox.LinearAlgebra.SymmetricEigen.DecomposeDescending(a, n);
        for (int i = 1; i < n; i++) Assert.True(vals[i] <= vals[i - 1]);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0, o = 0;
                for (int k = 0; k < n; k++) { s += vecs[k * n + i] * vals[k] * vecs[k * n + j]; o += vecs[i * n + k] * vecs[j * n + k]; }
                Assert.Equal(a[i * n + j], s, 1e-12); // backward stable: residual ~ n·ε·‖A‖
                Assert.Equal(i == j ? 1.0 : 0.0, o, 1e-12);
            }
    }
}
