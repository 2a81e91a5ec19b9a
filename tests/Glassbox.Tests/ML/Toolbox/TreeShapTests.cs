using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Inspection;
using Glassbox.ML.Tree;

namespace Glassbox.Tests.ML.Toolbox;

/// <summary>
/// TreeShap against the definition: on small trees, Shapley values by enumerating every feature subset with the
/// tree's cover-weighted conditional expectation; on large ensembles, efficiency (Σφ + E[f] = f(x)) against the model's
/// own predictions, which also checks that the trees were read as the model routes and scores rows.
/// </summary>
public class TreeShapTests
{
    private const int P = 5;

    /// <summary>n rows of 5 standard-normal features; y mixes a threshold, an interaction and a smooth term.</summary>
    private static (Tensor X, Tensor Yr, Tensor Yc) Data(int n, ulong seed)
    {
        var g = new Generator(seed);
        var x = new double[n * P];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var yr = new double[n];
        var yc = new long[n];
        for (int i = 0; i < n; i++)
        {
            double s = (x[i * P] > 0 ? 1.5 : -0.5) + x[i * P + 1] * x[i * P + 2] + Math.Sin(x[i * P + 3]) + 0.2 * g.NextNormal();
            yr[i] = s;
            yc[i] = s > 1 ? 2 : s > -0.3 ? 1 : 0;
        }
        return (Tensor.FromArray(x, n, P), Tensor.FromArray(yr, [n]), Tensor.FromArray(yc, [n]));
    }

    public static TheoryData<string> SmallModels() => ["dtr", "dtc", "rfr", "rfc", "gbr", "gbc-binary", "gbc", "hgbr", "hgbc"];

    private static (IEstimator Model, TreeShap Shap, Tensor Out) Make(string name, Tensor x, Tensor yr, Tensor yc, bool big)
    {
        int depth = big ? 6 : 3;
        var y2 = Tensor.FromArray(yc.ToArray<long>().Select(v => v == 2 ? 1L : 0L).ToArray(), [yc.Shape[0]]);
        IEstimator m = name switch
        {
            "dtr" => new DecisionTreeRegressor(maxDepth: big ? 12 : 4, randomState: 0).Fit(x, yr),
            "dtc" => new DecisionTreeClassifier(maxDepth: big ? 12 : 4, randomState: 0).Fit(x, yc),
            "rfr" => new RandomForestRegressor(nEstimators: big ? 50 : 3, maxDepth: depth, randomState: 0).Fit(x, yr),
            "rfc" => new RandomForestClassifier(nEstimators: big ? 50 : 3, maxDepth: depth, randomState: 0).Fit(x, yc),
            "gbr" => new GradientBoostingRegressor(nEstimators: big ? 100 : 4, maxDepth: depth, randomState: 0).Fit(x, yr),
            "gbc-binary" => new GradientBoostingClassifier(nEstimators: big ? 100 : 4, maxDepth: depth, subsample: 0.8, randomState: 0).Fit(x, y2),
            "gbc" => new GradientBoostingClassifier(nEstimators: big ? 60 : 3, maxDepth: depth, randomState: 0).Fit(x, yc),
            "hgbr" => new HistGradientBoostingRegressor(maxIter: big ? 100 : 4, maxLeafNodes: big ? 31 : 6).Fit(x, yr),
            "hgbc" => new HistGradientBoostingClassifier(maxIter: big ? 60 : 3, maxLeafNodes: big ? 31 : 6).Fit(x, yc),
            _ => throw new ArgumentException(name),
        };
        var shap = name.StartsWith("hgb") ? new TreeShap(m, x) : new TreeShap(m);
        // the model's own output in the explained space
        var output = m switch
        {
            DecisionTreeClassifier c => c.PredictProba(x),
            RandomForestClassifier c => c.PredictProba(x),
            IDecisionFunction d => d.DecisionFunction(x),
            IPredictor r => r.Predict(x),
            _ => throw new ArgumentException(name),
        };
        return (m, shap, output);
    }

    [Theory, MemberData(nameof(SmallModels))]
    public void SmallTreesEqualBruteForceShapleyValues(string name)
    {
        var (x, yr, yc) = Data(200, 3);
        var (_, shap, _) = Make(name, x, yr, yc, big: false);
        var rows = Tensor.FromArray(x.ToDoubleArray()[..(12 * P)], 12, P);
        var phi = shap.ShapValues(rows).ToDoubleArray();
        int k = shap.NOutputs;
        var a = rows.ToDoubleArray();
        for (int i = 0; i < 12; i++)
        {
            var want = BruteForce(shap, a, i, k);
            for (int j = 0; j < P * k; j++)
                Assert.True(Math.Abs(want[j] - phi[i * P * k + j]) < 1e-10, $"{name} row {i} feature {j / k} output {j % k}: {phi[i * P * k + j]} vs brute force {want[j]}");
        }
    }

    [Theory, MemberData(nameof(SmallModels))]
    public void LargeEnsemblesAreEfficient(string name)
    {
        var (x, yr, yc) = Data(400, 5);
        var (_, shap, output) = Make(name, x, yr, yc, big: true);
        var rows = Tensor.FromArray(x.ToDoubleArray()[..(40 * P)], 40, P);
        var phi = shap.ShapValues(rows).ToDoubleArray();
        var own = output.ToDoubleArray();
        var explained = shap.Output(rows).ToDoubleArray();
        int k = shap.NOutputs;
        double worst = 0;
        for (int i = 0; i < 40; i++)
            for (int o = 0; o < k; o++)
            {
                double s = shap.ExpectedValue[o];
                for (int f = 0; f < P; f++) s += phi[(i * P + f) * k + o];
                // efficiency, and the explained output equals the model's: the sums run over ≤ 100 trees of values
                // O(1), so 1e-9 is rounding with room (the algorithm's divisions add a few ulps per tree level)
                worst = Math.Max(worst, Math.Abs(s - explained[i * k + o]));
                Assert.True(Math.Abs(explained[i * k + o] - own[i * k + o]) < 1e-9, $"{name}: TreeShap's output {explained[i * k + o]} vs the model's {own[i * k + o]}");
            }
        Assert.True(worst < 1e-9, $"{name}: Σφ + E[f] misses f(x) by {worst:E2}");
    }

    [Fact]
    public void ExpectedValueOfATreeIsItsMeanTrainingPrediction()
    {
        // with unit weights and no bootstrap, the covers are the training counts, so E[f] = mean of f over the training rows
        var (x, yr, _) = Data(150, 9);
        var m = new DecisionTreeRegressor(maxDepth: 5, randomState: 0).Fit(x, yr);
        Assert.Equal(m.Predict(x).ToDoubleArray().Average(), new TreeShap(m).ExpectedValue[0], 12);
        var ex = Assert.Throws<ArgumentException>(() => new TreeShap(new HistGradientBoostingRegressor(maxIter: 2).Fit(x, yr)));
        Assert.Contains("background", ex.Message);
        Assert.Throws<NotSupportedException>(() => new TreeShap(new Glassbox.ML.Linear.Ridge().Fit(x, yr)));
    }

    /// <summary>φ by the definition: every subset S of the other features, v(S) the cover-weighted expectation.</summary>
    private static double[] BruteForce(TreeShap shap, double[] x, int row, int k)
    {
        var v = new double[(1 << P) * k];
        for (int s = 0; s < 1 << P; s++)
            for (int o = 0; o < k; o++) v[s * k + o] = shap.BaseValue[o];
        for (int s = 0; s < 1 << P; s++)
            foreach (var t in shap.Trees)
            {
                var e = Expect(t, x, row, s, 0);
                for (int c = 0; c < t.Outputs; c++) v[s * k + t.FirstOutput + c] += e[c];
            }
        var phi = new double[P * k];
        for (int i = 0; i < P; i++)
            for (int s = 0; s < 1 << P; s++)
            {
                if ((s >> i & 1) != 0) continue;
                int size = System.Numerics.BitOperations.PopCount((uint)s);
                double w = Factorial(size) * Factorial(P - size - 1) / Factorial(P);
                for (int o = 0; o < k; o++) phi[i * k + o] += w * (v[(s | 1 << i) * k + o] - v[s * k + o]);
            }
        return phi;
    }

    private static double[] Expect(ShapTree t, double[] x, int row, int s, int node)
    {
        if (t.Left[node] < 0) return t.Values.AsSpan(node * t.Outputs, t.Outputs).ToArray();
        if ((s >> t.Feature[node] & 1) != 0) return Expect(t, x, row, s, t.GoesLeft(node, x, row) ? t.Left[node] : t.Right[node]);
        var l = Expect(t, x, row, s, t.Left[node]);
        var r = Expect(t, x, row, s, t.Right[node]);
        double cl = t.Cover[t.Left[node]], cr = t.Cover[t.Right[node]], c = t.Cover[node];
        return l.Select((lv, j) => (cl * lv + cr * r[j]) / c).ToArray();
    }

    private static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
}
