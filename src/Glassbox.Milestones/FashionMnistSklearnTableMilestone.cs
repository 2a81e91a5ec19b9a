using System.Diagnostics;
using System.Globalization;
using Glassbox.Data;
using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Linear;
using Glassbox.ML.Neighbors;
using Glassbox.ML.Svm;
using Glassbox.ML.Tree;
using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>fashion-mnist-sklearn-table</c>: Glassbox's estimators on the full Fashion-MNIST split (60k train, 10k test,
/// pixels / 255) with the hyperparameters of the dataset authors' published scikit-learn benchmark, each within one
/// point of the published accuracy. Long-running (tens of minutes; hours for gradient boosting); not in CI.
/// <c>--only RandomForest,KNeighbors</c> runs the rows whose names start with those prefixes.
/// </summary>
public sealed class FashionMnistSklearnTableMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "fashion-mnist-sklearn-table";

    /// <inheritdoc/>
    public override string Title => "Fashion-MNIST 60k/10k: each estimator within 1 point of the published scikit-learn benchmark (long)";

    /// <summary>The rows: name, factory, published accuracy (Xiao, Rasul &amp; Vollgraf 2017, benchmark table).</summary>
    public static IReadOnlyList<(string Name, Func<IClassifier> Make, double Published)> Rows { get; } =
    [
        ("SVC(C=10, rbf)", () => new SVC(c: 10, kernel: Kernel.Rbf), 0.897),
        ("GradientBoosting(100, depth 10)", () => new GradientBoostingClassifier(nEstimators: 100, maxDepth: 10, randomState: 0), 0.880),
        ("RandomForest(100, entropy, depth 100)", () => new RandomForestClassifier(nEstimators: 100, criterion: Criterion.Entropy, maxDepth: 100, randomState: 0), 0.873),
        ("KNeighbors(5, distance, p=1)", () => new KNeighborsClassifier(nNeighbors: 5, weights: NeighborWeights.Distance, p: 1), 0.854),
        ("LogisticRegression(C=1, l1)", () => new LogisticRegression(penalty: Penalty.L1, c: 1.0), 0.842),
    ];

    /// <summary>Fashion-MNIST's class names by label, for the confusion matrices (<c>NAME.confusion-matrix.json</c> per row).</summary>
    private static readonly Dictionary<long, string> ClassNames = new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" }
        .Select((n, i) => (n, i)).ToDictionary(t => (long)t.i, t => t.n);

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var data = DatasetRegistry.FashionMnist(ctx.DataDir, flatten: true);
        Tensor xTr = data.Train.Images.Double(), yTr = data.Train.Labels, xTe = data.Test.Images.Double(), yTe = data.Test.Labels;
        if (ctx.Quick) { xTr = xTr.Narrow(0, 0, 2000); yTr = yTr.Narrow(0, 0, 2000); xTe = xTe.Narrow(0, 0, 1000); yTe = yTe.Narrow(0, 0, 1000); }
        var metrics = new Dictionary<string, object>();
        bool all = true;
        Console.WriteLine($"{"estimator",-40} {"accuracy",9} {"published",9} {"diff",7} {"fit s",8}");
        foreach (var (name, make, published) in Rows)
        {
            if (ctx.Only is { } only && !only.Any(o => name.StartsWith(o, StringComparison.OrdinalIgnoreCase))) continue;
            var sw = Stopwatch.StartNew();
            var model = make();
            model.Fit(xTr, yTr);
            double fit = sw.Elapsed.TotalSeconds;
            var pred = model.Predict(xTe).ToArray<long>();
            double acc = pred.Zip(yTe.ToArray<long>()).Count(t => t.First == t.Second) / (double)pred.Length; // model.Score, from the predictions kept
            ConfusionMatrixLog.Write(ctx.OutputDir, System.Text.RegularExpressions.Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-'),
                yTe.ToArray<long>(), pred, ClassNames);
            // quick mode trains on 2k images: it only checks the pipeline runs, not the published numbers
            bool ok = ctx.Quick || acc >= published - 0.01;
            all &= ok;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-40} {acc,9:0.0000} {published,9:0.000} {acc - published,7:+0.000;-0.000} {fit,8:0.0}  {(ok ? "ok" : "MISS")}"));
            metrics[name + "/accuracy"] = acc;
            metrics[name + "/fit_seconds"] = Math.Round(fit, 1);
        }
        return new MilestoneResult(Id, all, metrics, 0);
    }
}
