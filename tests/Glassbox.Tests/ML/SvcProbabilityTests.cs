using System.Text.Json.Nodes;
using Glassbox.Testing.Parity;
using Glassbox.ML.Svm;
using Glassbox.Testing;

namespace Glassbox.Tests.ML;

/// <summary>
/// SVC(probability=True): Platt's sigmoid fit and the pairwise coupling on their own (against known answers), and
/// the whole estimator against sklearn (svm.json "probability" cases). The cross-validation folds behind the sigmoids
/// come from different generators in the two libraries, so that comparison is statistical. sklearn against itself over
/// random_state 0–5 on these data: A varies by a factor 0.77–1.07, predict_proba by up to 0.023 on average and 0.065 at
/// most; Glassbox against sklearn (random_state 0 each): 0.007–0.010 on average, 0.016–0.031 at most. The bounds below
/// (mean 0.02, max 0.12, A within ×0.75–1.33) sit at that seed-to-seed spread.
/// </summary>
public class SvcProbabilityTests
{
    [Fact]
    public void PlattFitRecoversAKnownSigmoid()
    {
        // labels drawn from P(+1 | f) = 1/(1 + exp(A·f + B)) with A = −2, B = 0.5
        var g = new Generator(1);
        int n = 20000;
        var f = new double[n];
        var y = new sbyte[n];
        for (int i = 0; i < n; i++)
        {
            f[i] = 6 * g.NextDouble() - 3;
            y[i] = (sbyte)(g.NextDouble() < 1 / (1 + Math.Exp(-2 * f[i] + 0.5)) ? 1 : -1);
        }
        var (a, b) = PlattScaling.Fit(f, y);
        Assert.InRange(a, -2.1, -1.9);
        Assert.InRange(b, 0.4, 0.6);
        // the fit is a stationary point of the smoothed cross-entropy: Newton stops at |gradient| < 1e-5, or earlier
        // when the line search can no longer lower F (here F ≈ 1e4, so its rounding is ~1e-12 of it); 1e-3 over
        // 20,000 terms is a per-sample gradient below 1e-7
        double hi = (y.Count(v => v > 0) + 1.0) / (y.Count(v => v > 0) + 2.0), lo = 1.0 / (y.Count(v => v < 0) + 2.0);
        double g1 = 0, g2 = 0;
        for (int i = 0; i < n; i++)
        {
            double p = 1 / (1 + Math.Exp(a * f[i] + b)), t = y[i] > 0 ? hi : lo;
            g1 += f[i] * (t - p); g2 += t - p;
        }
        Assert.True(Math.Abs(g1) < 1e-3 && Math.Abs(g2) < 1e-3, $"gradient ({g1}, {g2})");
    }

    [Fact]
    public void PredictIsTheSigmoidClamped()
    {
        Assert.Equal(0.5, PlattScaling.Predict(0, -3, 0), 15);
        Assert.Equal(1 / (1 + Math.Exp(-3 * 0.7 + 0.2)), PlattScaling.Predict(0.7, -3, 0.2), 15);
        Assert.Equal(1 - PlattScaling.MinProb, PlattScaling.Predict(100, -3, 0), 15);
        Assert.Equal(PlattScaling.MinProb, PlattScaling.Predict(-100, -3, 0), 15);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void CouplingRecoversConsistentPairwiseProbabilities(int k)
    {
        // r_ij = p_i / (p_i + p_j) is exactly consistent with p: the minimiser of pᵀQp on the simplex is p itself
        var p = Enumerable.Range(1, k).Select(v => (double)v * v).ToArray();
        double s = p.Sum();
        for (int i = 0; i < k; i++) p[i] /= s;
        var r = new double[k * k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) if (i != j) r[i * k + j] = p[i] / (p[i] + p[j]);
        var q = new double[k];
        PlattScaling.Couple(q, r, k);
        Assert.Equal(1.0, q.Sum(), 12);
        // libsvm's stopping rule, max_t |(Qp)_t − pᵀQp| < 0.005/k, leaves p accurate to a few 1e-4
        for (int i = 0; i < k; i++) Assert.True(Math.Abs(p[i] - q[i]) < 2e-3, $"p[{i}] = {q[i]}, expected {p[i]}");
    }

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn");

    public static TheoryData<int> Cases()
    {
        var d = new TheoryData<int>();
        int n = SklearnFixture.Cases(SklearnFixture.Load(Folder, "svm"), "probability").Count();
        for (int i = 0; i < n; i++) d.Add(i);
        return d;
    }

    [Theory, MemberData(nameof(Cases))]
    public void ProbabilitiesAgreeWithSklearnStatistically(int index)
    {
        var root = SklearnFixture.Load(Folder, "svm");
        var c = SklearnFixture.Cases(root, "probability").ElementAt(index);
        var data = root[c["data"]!.GetValue<string>()]!;
        var (x, y, xt) = (Fixtures.Tensor(data["X"]), Fixtures.Tensor(data["y"]), Fixtures.Tensor(data["X_test"]));
        var m = new SVC(c: ((JsonObject)c["params"]!)["C"]!.GetValue<double>(), probability: true, randomState: 0).Fit(x, y);
        var ours = m.PredictProba(xt).ToDoubleArray();
        var theirs = Fixtures.Tensor(c["predict_proba"]).ToDoubleArray();
        int k = m.Classes.Shape[0];
        for (int i = 0; i < ours.Length / k; i++) Assert.Equal(1.0, ours.AsSpan(i * k, k).ToArray().Sum(), 9);
        double mean = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Average();
        double max = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(mean < 0.02 && max < 0.12, $"|Δp| mean {mean:F4}, max {max:F4}");
        var a = m.ProbA.ToDoubleArray();
        var sa = Fixtures.Tensor(c["probA"]).ToDoubleArray();
        for (int p = 0; p < a.Length; p++) Assert.InRange(a[p] / sa[p], 0.75, 1.33);
        // without probability=True the method is unavailable, as in sklearn
        Assert.Throws<NotSupportedException>(() => new SVC().Fit(x, y).PredictProba(xt));
    }
}
