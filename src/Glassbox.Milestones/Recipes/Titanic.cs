using Glassbox.ML;
using Glassbox.Data.Frame;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Linear;
using Glassbox.ML.Neighbors;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The <c>titanic</c> milestone: raw Kaggle train.csv/test.csv → leak-free feature pipeline
/// (<see cref="TitanicFeatures"/>, fitted inside every fold) → stratified k-fold comparison of the available
/// classifiers → the best one refitted on all 891 rows → submission.csv (418 rows, PassengerId,Survived).
/// </summary>
public static class Titanic
{
    /// <summary>
    /// The candidate models. Each entry builds a fresh, unfitted classifier. Only estimators on the branch are
    /// listed; tree ensembles and KNN slot in here with one line each when they land.
    /// </summary>
    public static IReadOnlyList<(string Name, Func<IClassifier> Make)> Candidates(bool quick) =>
    [
        ("LogisticRegression(C=1)", () => new LogisticRegression(c: 1.0, maxIter: 1000)),
        ("LogisticRegression(C=0.1)", () => new LogisticRegression(c: 0.1, maxIter: 1000)),
        ("LogisticRegression(C=10)", () => new LogisticRegression(c: 10.0, maxIter: 1000)),
        ("LogisticRegression(l1, C=0.5)", () => new LogisticRegression(penalty: Penalty.L1, c: 0.5, maxIter: 5000)),
        // Shallow, leaf-regularised forest: 891 rows overfit unrestricted trees (train accuracy ~0.98, CV ~0.81).
        ("RandomForest(300, depth 6, leaf 3)", () => new RandomForestClassifier(nEstimators: quick ? 50 : 300, maxDepth: 6, minSamplesLeaf: 3, randomState: 0)),
        ("KNeighbors(15, distance)", () => new KNeighborsClassifier(nNeighbors: 15, weights: NeighborWeights.Distance)),
        ("GenderBaseline", () => new GenderBaseline()),
    ];

    /// <summary>
    /// The 0/1 target of the training file. A blank cell (read as missing) or any other value is an error naming
    /// the row: a missing label cast to an integer would silently become a third class, and 2.7 would be truncated to 2.
    /// </summary>
    internal static long[] SurvivedLabels(DataFrame train, string trainCsv)
    {
        if (!train.Contains("Survived")) throw new InvalidDataException($"{trainCsv}: no column 'Survived' (the training file needs the 0/1 target)");
        if (train["Survived"] is not NumericColumn col)
            throw new InvalidDataException($"{trainCsv}: column 'Survived' must hold 0 or 1 in every row, but it holds text (e.g. {Quote(train["Survived"])})");
        var v = col.Values.ToArray();
        var y = new long[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] is not (0.0 or 1.0))
                throw new InvalidDataException($"{trainCsv}: row {i + 1} (line {i + 2}), column 'Survived': expected 0 or 1, got {(double.IsNaN(v[i]) ? "a blank cell" : v[i].ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            y[i] = (long)v[i];
        }
        return y;

        static string Quote(Column c) => c is StringColumn s && s.Length > 0 ? $"\"{s[0]}\"" : "non-numeric values";
    }

    /// <summary>
    /// Runs the milestone: returns the CV scores per model (mean ± std), the chosen model and the submission path.
    /// <paramref name="quick"/> uses 3 folds instead of 5 (smoke tests); <paramref name="seed"/> shuffles the folds.
    /// </summary>
    public static TitanicResult Run(string trainCsv, string testCsv, string outDir, ulong seed = 0, bool quick = false)
    {
        // Kaggle's Name/Ticket/Cabin stay strings and Sex/Embarked categorical whatever inference would say on a slice
        var kinds = new Dictionary<string, ColumnKind> { ["Cabin"] = ColumnKind.Text, ["Ticket"] = ColumnKind.Text, ["Name"] = ColumnKind.Text, ["Embarked"] = ColumnKind.Categorical, ["Sex"] = ColumnKind.Categorical };
        var train = DataFrame.ReadCsv(trainCsv, kinds);
        var test = DataFrame.ReadCsv(testCsv, kinds);
        foreach (var col in new[] { "PassengerId", "Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Ticket", "Fare", "Cabin", "Embarked" })
        {
            if (!train.Contains(col)) throw new ArgumentException($"Titanic.Run: {trainCsv} has no column '{col}'");
            if (!test.Contains(col)) throw new ArgumentException($"Titanic.Run: {testCsv} has no column '{col}'");
        }
        var y = SurvivedLabels(train, trainCsv);
        int k = quick ? 3 : 5;
        var folds = StratifiedFolds(y, k, seed);
        var scores = new List<TitanicModelScore>();
        List<string> featureNames = [];
        foreach (var (name, make) in Candidates(quick))
        {
            var acc = new double[k];
            for (int f = 0; f < k; f++)
            {
                var valIdx = folds[f];
                var valSet = valIdx.ToHashSet();
                var trIdx = Enumerable.Range(0, y.Length).Where(i => !valSet.Contains(i)).ToArray();
                var pipe = new TitanicFeatures();                      // fitted on the training fold only
                var xtr = ToTensor(pipe.FitTransform(train.Take(trIdx)));
                var xva = ToTensor(pipe.Transform(train.Take(valIdx)));
                featureNames = pipe.FeatureNames;
                var model = make();
                model.Fit(xtr, Tensor.FromArray(trIdx.Select(i => y[i]).ToArray(), [trIdx.Length]));
                var pred = model.Predict(xva).ToArray<long>();
                acc[f] = valIdx.Select((i, j) => pred[j] == y[i] ? 1.0 : 0.0).Average();
            }
            double mean = acc.Average();
            scores.Add(new TitanicModelScore(name, acc, mean, Math.Sqrt(acc.Select(a => (a - mean) * (a - mean)).Average())));
        }
        var best = scores.OrderByDescending(s => s.Mean).First(); // ties: the earlier (simpler) candidate
        var final = new TitanicFeatures();
        var xall = ToTensor(final.FitTransform(train));
        var chosen = Candidates(quick).First(c => c.Name == best.Model).Make();
        chosen.Fit(xall, Tensor.FromArray(y, [y.Length]));
        double trainAcc = chosen.Score(xall, Tensor.FromArray(y, [y.Length]));
        var testPred = chosen.Predict(ToTensor(final.Transform(test))).ToArray<long>();
        var ids = test.Numeric("PassengerId");
        var submission = new DataFrame([
            new NumericColumn("PassengerId", Enumerable.Range(0, test.RowCount).Select(i => ids[i])),
            new NumericColumn("Survived", testPred.Select(v => (double)v)),
        ]);
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, "submission.csv");
        submission.WriteCsv(path);
        return new TitanicResult(scores, best.Model, path, trainAcc, featureNames, k);
    }

    private static Tensor ToTensor(double[,] m) => Tensor.From(m);

    /// <summary>
    /// Stratified k-fold assignment (the idea of sklearn's <c>StratifiedKFold(shuffle=True)</c>, not its exact
    /// permutation): each class's rows are shuffled with <paramref name="seed"/> and dealt round-robin to the folds,
    /// so every fold has the class proportions of y to within one row. Returns each fold's validation indices, sorted.
    /// </summary>
    public static int[][] StratifiedFolds(long[] y, int k, ulong seed)
    {
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), k, "StratifiedFolds: k must be ≥ 2");
        var gen = new Generator(seed);
        var folds = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        int next = 0;
        foreach (var cls in y.Distinct().Order())
        {
            var idx = Enumerable.Range(0, y.Length).Where(i => y[i] == cls).ToArray();
            for (int i = idx.Length - 1; i > 0; i--) { int j = gen.NextInt(i + 1); (idx[i], idx[j]) = (idx[j], idx[i]); }
            foreach (var i in idx) { folds[next].Add(i); next = (next + 1) % k; }
        }
        return folds.Select(f => f.Order().ToArray()).ToArray();
    }
}
