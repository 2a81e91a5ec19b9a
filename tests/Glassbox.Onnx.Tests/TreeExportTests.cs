using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Tree;
using static Glassbox.Onnx.Tests.ClassicalOrt;
using static Glassbox.Onnx.Tests.OrtRunner;

namespace Glassbox.Onnx.Tests;

/// <summary>
/// Tree models exported as ONNX-ML <c>TreeEnsembleRegressor</c> and run in ONNX Runtime, against the estimators'
/// own <c>predict_proba</c> / <c>predict</c>: on random rows, on rows placed exactly on every split threshold and on
/// the next float32 above it (the two sides of each split), and with NaN.
/// </summary>
/// <remarks>
/// Inputs are float32 values, given to the estimator as the same values in float64, so the file and the estimator
/// must take the same path through every tree (the threshold rule of <see cref="TreeEnsembleBuilder"/>); what is left
/// is the float32 sum of the leaf weights, bounded by <see cref="ClassicalOrt.SumBound"/>, and the float32
/// post-transform: softmax moves by at most ½·max|Δz| (its Jacobian's rows have absolute sums ≤ ½), the logistic by
/// ¼·|Δz|, each plus a few ulp of its own exp and division (8u). A leaf taken wrongly would show up as an error of the
/// size of a leaf weight, far above these bounds.
/// </remarks>
public class TreeExportTests
{
    private const int P = 4;

    /// <summary>Labels from a noisy linear rule: class = arg-max of x·W + noise, mapped to the labels 5, 15, 25, ….</summary>
    private static Tensor Labels(float[] x, int rows, int classes, ulong seed)
    {
        var g = new Generator(seed);
        var w = Tensor.Randn([P, classes], DType.Float64, g).ToArray<double>();
        var noise = Tensor.Randn([rows, classes], DType.Float64, g).ToArray<double>();
        var y = new long[rows];
        for (int i = 0; i < rows; i++)
        {
            int best = 0; double top = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                double s = 0.5 * noise[i * classes + c];
                for (int j = 0; j < P; j++) s += (double.IsNaN(x[i * P + j]) ? 0 : x[i * P + j]) * w[j * classes + c];
                if (s > top) { top = s; best = c; }
            }
            y[i] = 10 * best + 5;
        }
        return Tensor.FromArray(y, [rows]);
    }

    /// <summary>A smooth target with noise: sin(x₀) + x₁·x₂ + 0.1·noise (shifted positive for Poisson: e^(…/3)).</summary>
    private static Tensor Targets(float[] x, int rows, ulong seed, bool positive = false)
    {
        var noise = Tensor.Randn([rows], DType.Float64, new Generator(seed)).ToArray<double>();
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double a = double.IsNaN(x[i * P]) ? 0 : x[i * P], b = double.IsNaN(x[i * P + 1]) ? 1 : x[i * P + 1];
            y[i] = Math.Sin(a) + b * x[i * P + 2] + 0.1 * noise[i];
            if (positive) y[i] = Math.Round(Math.Exp(y[i] / 3));
        }
        return Tensor.FromArray(y, [rows]);
    }

    /// <summary>
    /// Random rows, then for each split (feature f, threshold t) of the given trees two rows that differ from a random
    /// row only in f: x_f = t↓ (the largest float32 ≤ t, which must go left) and the next float32 above it (right).
    /// </summary>
    private static (float[] X, int Rows) WithThresholdRows(float[] random, int rows, IEnumerable<(int Feature, double Threshold)> splits, int max = 400)
    {
        var list = new List<float>(random);
        int added = 0;
        foreach (var (f, t) in splits.Distinct().Take(max))
        {
            float below = TreeEnsembleBuilder.FloatAtOrBelow(t);
            foreach (var v in new[] { below, MathF.BitIncrement(below) })
            {
                // a split of the finite values from NaN has a threshold above every float32; the estimators refuse ±∞
                if (!float.IsFinite(v)) continue;
                var row = random.AsSpan((added % rows) * P, P).ToArray();
                row[f] = v;
                list.AddRange(row);
                added++;
            }
        }
        return (list.ToArray(), rows + added);
    }

    private static IEnumerable<(int, double)> Splits(TreeStructure t)
    {
        var left = t.ChildrenLeft.ToArray<long>();
        var f = t.Feature.ToArray<long>();
        var th = t.Threshold.ToArray<double>();
        for (int i = 0; i < left.Length; i++) if (left[i] != -1) yield return ((int)f[i], th[i]);
    }

    private static IEnumerable<(int, double)> Splits(HistTree t)
    {
        for (int i = 0; i < t.Left.Length; i++) if (t.Left[i] != -1) yield return (t.Feature[i], t.Threshold[i]);
    }

    private static double MaxAbs(Tensor values) => values.ToArray<double>().Max(Math.Abs);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomForestClassifier_ProbabilitiesAndLabels(int classes)
    {
        var train = Features(1, 300, P);
        var model = new RandomForestClassifier(nEstimators: 12, maxDepth: 6, randomState: 3).Fit(AsDoubles(train, 300, P), Labels(train, 300, classes, 2));
        var (x, n) = WithThresholdRows(Features(4, 60, P), 60, model.Trees.SelectMany(Splits));
        var xd = AsDoubles(x, n, P);
        // leaf weights are class frequencies: at most 1 per tree
        double bound = SumBound(model.Trees.Select(_ => 1.0).ToArray(), 0, average: true);
        int clear = Check(model, x, n, P, model.PredictProba(xd).ToArray<double>(), model.Predict(xd).ToArray<long>(), bound, classes);
        Assert.True(clear > n * 3 / 4, $"only {clear} of {n} rows had a clear top class");
    }

    [Fact]
    public void DecisionTrees_ClassifierAndRegressor()
    {
        var train = Features(5, 200, P);
        var clf = new DecisionTreeClassifier(maxDepth: 8, randomState: 1).Fit(AsDoubles(train, 200, P), Labels(train, 200, 3, 6));
        var (x, n) = WithThresholdRows(Features(7, 40, P), 40, Splits(clf.Tree));
        var xd = AsDoubles(x, n, P);
        // one tree: the normalised frequencies are rounded once to float32 (u) and divided by 1
        int clear = Check(clf, x, n, P, clf.PredictProba(xd).ToArray<double>(), clf.Predict(xd).ToArray<long>(), SumBound([1.0], 0, true), 3);
        Assert.True(clear > n * 3 / 4, $"only {clear} of {n} rows had a clear top class");

        var reg = new DecisionTreeRegressor(maxDepth: 8, randomState: 1).Fit(AsDoubles(train, 200, P), Targets(train, 200, 8));
        (x, n) = WithThresholdRows(Features(9, 40, P), 40, Splits(reg.Tree));
        xd = AsDoubles(x, n, P);
        Check(reg, x, n, P, reg.Predict(xd).ToArray<double>(), null, SumBound([MaxAbs(reg.Tree.Value)], 0, true), 0);
    }

    [Fact]
    public void RandomForestRegressor_Predictions()
    {
        var train = Features(10, 300, P);
        var model = new RandomForestRegressor(nEstimators: 10, maxDepth: 7, randomState: 11).Fit(AsDoubles(train, 300, P), Targets(train, 300, 12));
        var (x, n) = WithThresholdRows(Features(13, 50, P), 50, model.Trees.SelectMany(Splits));
        var xd = AsDoubles(x, n, P);
        Check(model, x, n, P, model.Predict(xd).ToArray<double>(), null, SumBound(model.Trees.Select(t => MaxAbs(t.Value)).ToArray(), 0, true), 0);
    }

    [Theory]
    [InlineData(2, GradientBoostingClassifierLoss.LogLoss)]
    [InlineData(2, GradientBoostingClassifierLoss.Exponential)]
    [InlineData(3, GradientBoostingClassifierLoss.LogLoss)]
    public void GradientBoostingClassifier_ProbabilitiesAndLabels(int classes, GradientBoostingClassifierLoss loss)
    {
        var train = Features(14, 300, P);
        var model = new GradientBoostingClassifier(loss: loss, nEstimators: 30, maxDepth: 3, randomState: 15).Fit(AsDoubles(train, 300, P), Labels(train, 300, classes, 16));
        var trees = model.Estimators.SelectMany(s => s).ToArray();
        var (x, n) = WithThresholdRows(Features(17, 50, P), 50, trees.SelectMany(Splits));
        var xd = AsDoubles(x, n, P);
        double factor = loss == GradientBoostingClassifierLoss.Exponential ? 2 : 1;
        // per target: the trees of that class; a bound over all trees covers each
        double dz = SumBound(trees.Select(t => factor * model.LearningRate * MaxAbs(t.Value)).ToArray(), factor * MaxAbs(model.InitPrediction), false);
        double bound = (classes == 2 ? 0.25 : 0.5) * dz + 8 * U;
        int clear = Check(model, x, n, P, model.PredictProba(xd).ToArray<double>(), model.Predict(xd).ToArray<long>(), bound, classes);
        Assert.True(clear > n * 3 / 4, $"only {clear} of {n} rows had a clear top class");
    }

    [Fact]
    public void GradientBoostingRegressor_Predictions()
    {
        var train = Features(18, 300, P);
        var model = new GradientBoostingRegressor(nEstimators: 40, maxDepth: 3, randomState: 19).Fit(AsDoubles(train, 300, P), Targets(train, 300, 20));
        var trees = model.FittedModel.Trees.Select(s => s[0]).ToArray();
        var (x, n) = WithThresholdRows(Features(21, 50, P), 50, trees.SelectMany(Splits));
        var xd = AsDoubles(x, n, P);
        double bound = SumBound(trees.Select(t => model.LearningRate * MaxAbs(t.Value)).ToArray(), Math.Abs(model.FittedModel.Init[0]), false);
        Check(model, x, n, P, model.Predict(xd).ToArray<double>(), null, bound, 0);
    }

    /// <summary>Features with NaN in columns 0 and 1 (about one row in eight each), none in columns 2 and 3.</summary>
    private static float[] WithNaN(float[] x, int rows, ulong seed)
    {
        var u = Tensor.Rand([rows, 2], DType.Float64, new Generator(seed)).ToArray<double>();
        var r = (float[])x.Clone();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < 2; j++)
                if (u[i * 2 + j] < 0.125) r[i * P + j] = float.NaN;
        return r;
    }

    /// <summary>Test rows for a histogram-boosting model: random ones with NaN, threshold rows, and rows with NaN in
    /// every column in turn (columns 2 and 3 never had one in training; sklearn's rule sends it the way the trees say).</summary>
    private static (float[] X, int Rows) HistRows(HistTree[][] trees, ulong seed)
    {
        var random = WithNaN(Features(seed, 60, P), 60, seed + 1);
        var (x, n) = WithThresholdRows(random, 60, trees.SelectMany(s => s).SelectMany(Splits));
        var list = new List<float>(x);
        for (int j = 0; j < P; j++)
            for (int i = 0; i < 10; i++)
            {
                var row = random.AsSpan(i * P, P).ToArray();
                row[j] = float.NaN;
                list.AddRange(row);
            }
        return (list.ToArray(), n + 4 * 10);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void HistGradientBoostingClassifier_WithMissingValues(int classes)
    {
        var train = WithNaN(Features(22, 400, P), 400, 23);
        var model = new HistGradientBoostingClassifier(maxIter: 25, maxLeafNodes: 15, randomState: 24, earlyStopping: false)
            .Fit(AsDoubles(train, 400, P), Labels(train, 400, classes, 25));
        Assert.Contains(model.FittedTrees.SelectMany(s => s), t => t.MissingLeft.Where((m, i) => t.Left[i] != -1).Distinct().Count() == 2);
        var (x, n) = HistRows(model.FittedTrees, 26);
        var xd = AsDoubles(x, n, P);
        var trees = model.FittedTrees.SelectMany(s => s).ToArray();
        double dz = SumBound(trees.Select(t => t.Value.Max(Math.Abs)).ToArray(), model.BaselinePrediction.Max(Math.Abs), false);
        double bound = (classes == 2 ? 0.25 : 0.5) * dz + 8 * U;
        int clear = Check(model, x, n, P, model.PredictProba(xd).ToArray<double>(), model.Predict(xd).ToArray<long>(), bound, classes);
        Assert.True(clear > n * 3 / 4, $"only {clear} of {n} rows had a clear top class");
    }

    [Theory]
    [InlineData(HistGradientBoostingRegressorLoss.SquaredError)]
    [InlineData(HistGradientBoostingRegressorLoss.Poisson)]
    public void HistGradientBoostingRegressor_WithMissingValues(HistGradientBoostingRegressorLoss loss)
    {
        var train = WithNaN(Features(27, 400, P), 400, 28);
        bool poisson = loss == HistGradientBoostingRegressorLoss.Poisson;
        var model = new HistGradientBoostingRegressor(maxIter: 25, maxLeafNodes: 15, randomState: 29, earlyStopping: false, loss: loss)
            .Fit(AsDoubles(train, 400, P), Targets(train, 400, 30, positive: poisson));
        var (x, n) = HistRows(model.FittedTrees, 31);
        var xd = AsDoubles(x, n, P);
        var expected = model.Predict(xd).ToArray<double>();
        var trees = model.FittedTrees.SelectMany(s => s).ToArray();
        double dz = SumBound(trees.Select(t => t.Value.Max(Math.Abs)).ToArray(), Math.Abs(model.BaselinePrediction[0]), false);
        // e^F moves by e^F·|ΔF| (to first order), plus a few ulp of exp itself
        double bound = poisson ? expected.Max() * (dz + 4 * U) : dz;
        Check(model, x, n, P, expected, null, bound, 0);
    }

    /// <summary>The forests' own predict refuses NaN; the file sends it right at every split, exactly as a value above
    /// every threshold (float.MaxValue) goes.</summary>
    [Fact]
    public void RandomForest_NaNGoesWhereTheLargestValueGoes()
    {
        var train = Features(32, 200, P);
        var model = new RandomForestClassifier(nEstimators: 6, maxDepth: 5, randomState: 33).Fit(AsDoubles(train, 200, P), Labels(train, 200, 3, 34));
        var rows = Features(35, 8, P);
        var nan = (float[])rows.Clone();
        var big = (float[])rows.Clone();
        for (int i = 0; i < 8; i++) { nan[i * P + i % P] = float.NaN; big[i * P + i % P] = float.MaxValue; }
        var (fromNaN, _, _) = Run(OnnxExporter.ExportToBytes(model), nan, 8, P, labels: false);
        var expected = model.PredictProba(AsDoubles(big, 8, P)).ToArray<double>();
        double bound = SumBound(model.Trees.Select(_ => 1.0).ToArray(), 0, average: true);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(fromNaN[i] - expected[i]) <= bound, $"element {i}: ORT with NaN {fromNaN[i]:R}, Glassbox with float.MaxValue {expected[i]:R}");
    }

    [Fact]
    public void CategoricalHistGradientBoosting_IsRefusedByName()
    {
        var rows = 200;
        var x = Features(36, rows, P);
        for (int i = 0; i < rows; i++) x[i * P] = i % 5;
        var y = Tensor.FromArray(Enumerable.Range(0, rows).Select(i => i % 5 is 1 or 3 ? 1L : 0L).ToArray(), [rows]);
        var model = new HistGradientBoostingClassifier(maxIter: 5, categoricalFeatures: CategoricalFeatures.Indices(0), earlyStopping: false).Fit(AsDoubles(x, rows, P), y);
        var e = Assert.Throws<UnsupportedModuleException>(() => OnnxExporter.ExportToBytes(model));
        Assert.Contains("categorical split", e.Message);
        Assert.Equal(typeof(HistGradientBoostingClassifier), e.ModuleType);
    }

    [Fact]
    public void ThresholdRule_RoundsDownToFloat32()
    {
        // the midpoint of two adjacent float32 values rounds (to even) up to the larger one in about half the cases;
        // the rule must still give the smaller one, which is the largest float32 ≤ t
        float a = 1.5f, b = MathF.BitIncrement(a);
        double mid = ((double)a + b) / 2;
        Assert.Equal(a, TreeEnsembleBuilder.FloatAtOrBelow(mid));
        Assert.Equal(b, TreeEnsembleBuilder.FloatAtOrBelow(b));
        Assert.Equal(float.MaxValue, TreeEnsembleBuilder.FloatAtOrBelow(double.MaxValue));
        Assert.Equal(float.NegativeInfinity, TreeEnsembleBuilder.FloatAtOrBelow(-double.MaxValue));
        float c = -2.25f, d = MathF.BitDecrement(c);
        Assert.Equal(d, TreeEnsembleBuilder.FloatAtOrBelow(((double)c + d) / 2));
    }
}
