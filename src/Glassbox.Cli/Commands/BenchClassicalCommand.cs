using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Glassbox.Data;
using Glassbox.Kernels;
using Glassbox.ML;
using Glassbox.ML.Cluster;
using Glassbox.ML.Decomposition;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Linear;
using Glassbox.ML.Manifold;
using Glassbox.ML.Mixture;
using Glassbox.ML.NaiveBayes;
using Glassbox.ML.Neighbors;
using Glassbox.ML.Svm;
using Glassbox.ML.Tree;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench classical [--json] [--only name1,name2] [--data-dir DIR]</c>: the classical-ML side-by-side of
/// tools/reference/bench_classical_sklearn.py. Fashion-MNIST, pixels /255 as float64; classifiers fit on the first
/// 10,000 training images and are scored on the 10,000 test images; KMeans and PCA fit all 60,000 training images,
/// GaussianMixture the first 10,000, TSNE the first 2,000 (raw 784 pixels). One line (JSON with --json) per estimator.
/// </summary>
/// <remarks>
/// <c>fit_seconds</c> is the wall time of <c>Fit</c> alone (data already in memory and converted), except for
/// KNeighborsClassifier, whose fit only stores the data: there it is fit + predict of the 10k test images, as in the
/// issue's table. The quality figure is test accuracy for classifiers, <c>inertia_</c> for KMeans, the sum of
/// <c>explained_variance_ratio_</c> for PCA, <c>lower_bound_</c> (mean log-likelihood per sample of the last EM step)
/// for GaussianMixture and <c>kl_divergence_</c> for TSNE; the JSON names it in <c>metric</c>.
/// </remarks>
public static class BenchClassicalCommand
{
    private const int NTrain = 10_000, NTsne = 2_000;

    // The default encoder escapes '+' as \u002B, which would make "k-means++" unreadable in the JSON lines.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One benchmark row: the sklearn class name, its parameters as sklearn spells them, and the work.</summary>
    private sealed record Case(string Name, string Params, Func<Data, Dictionary<string, object>> Run);

    /// <summary>The data every row draws from, converted once so no row pays for it.</summary>
    private sealed record Data(Tensor XAll, Tensor X10k, Tensor Y10k, Tensor XTest, Tensor YTest);

    /// <summary>What <c>glassbox bench classical</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("bench classical", """
        usage: glassbox bench classical [--json] [--only NAME,...] [--data-dir DIR]

          --json          one JSON line per estimator
          --only NAME,... run only these estimators (names as printed, e.g. KMeans,PCA; case-insensitive)
          --data-dir DIR  data folder (else $GLASSBOX_DATA, else the per-user cache)
        """, ["json"], ["only", "data-dir"], 0);

    /// <summary>Runs the benchmark; <paramref name="words"/> are the words after <c>bench classical</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        var cases = Cases();
        var only = args.List("only");
        if (only is not null)
        {
            var unknown = only.Where(o => !cases.Any(c => c.Name.Equals(o, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
                throw new UsageException(Spec, $"unknown estimator(s) {string.Join(", ", unknown)}; expected some of: {string.Join(", ", cases.Select(c => c.Name))}");
            cases = cases.Where(c => only.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        }
        var fm = DatasetRegistry.FashionMnist(ctx.DataDir(args), flatten: true);
        // The loader already scales pixels to [0, 1]; sklearn's script does the same /255 in float64.
        var xAll = fm.Train.Images.To(DType.Float64).Contiguous();
        // Clone, not Contiguous: the first rows of xAll are already contiguous, but a view into the 60k buffer is
        // copied by every Fit (estimators work on exactly-sized arrays). sklearn's X[:10000] is a free view; an own
        // 10k array prepared outside the timing is the same starting point.
        var data = new Data(xAll, xAll.Narrow(0, 0, NTrain).Clone(), fm.Train.Labels.Narrow(0, 0, NTrain).Clone(),
            fm.Test.Images.To(DType.Float64).Contiguous(), fm.Test.Labels.Contiguous());
        bool json = args.Flag("json");
        foreach (var c in cases)
        {
            var row = new Dictionary<string, object> { ["estimator"] = c.Name, ["params"] = c.Params };
            foreach (var (k, v) in c.Run(data)) row[k] = v;
            row["threads"] = Threads.Count;
            if (json) ctx.Out.WriteLine(JsonSerializer.Serialize(row, JsonOptions));
            else ctx.Out.WriteLine(string.Join("  ", row.Select(kv => $"{kv.Key}={Format(kv.Value)}")));
        }
        return 0;
    }

    private static string Format(object v) => v is double d ? d.ToString("G6", CultureInfo.InvariantCulture) : v.ToString() ?? "";

    private static List<Case> Cases() =>
    [
        new("LogisticRegression", "C=1.0, penalty=l2, solver=lbfgs, max_iter=100, tol=1e-4",
            d => Classify(new LogisticRegression(c: 1.0, maxIter: 100, tol: 1e-4), d)),
        new("DecisionTreeClassifier", "criterion=gini, random_state=0",
            d => Classify(new DecisionTreeClassifier(randomState: 0), d)),
        // n_jobs=None means one thread in sklearn but Par.MaxThreads (here 2) in Glassbox: each library's own default.
        new("RandomForestClassifier", "n_estimators=100, max_features=sqrt, n_jobs=None, random_state=0",
            d => Classify(new RandomForestClassifier(nEstimators: 100, randomState: 0), d)),
        new("HistGradientBoostingClassifier", "max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, max_bins=255, early_stopping=False",
            d => Classify(new HistGradientBoostingClassifier(maxIter: 100), d)),
        new("SVC", "C=10, kernel=rbf, gamma=scale, tol=1e-3, cache_size=200",
            d => Classify(new SVC(c: 10), d)),
        new("KNeighborsClassifier", "n_neighbors=5, weights=uniform, algorithm=auto(brute), p=2",
            d => Classify(new KNeighborsClassifier(nNeighbors: 5), d, timePredict: true)),
        new("GaussianNB", "var_smoothing=1e-9",
            d => Classify(new GaussianNB(), d)),
        new("KMeans", "n_clusters=10, init=k-means++, n_init=10, max_iter=300, tol=1e-4, algorithm=lloyd, random_state=0",
            d => Timed(() => new KMeans(nClusters: 10, nInit: 10, randomState: 0).Fit(d.XAll), d.XAll,
                m => ("inertia", m.Inertia), m => m.NIter)),
        new("KMeans-elkan", "n_clusters=10, init=k-means++, n_init=10, max_iter=300, tol=1e-4, algorithm=elkan, random_state=0",
            d => Timed(() => new KMeans(nClusters: 10, nInit: 10, randomState: 0, algorithm: KMeansAlgorithm.Elkan).Fit(d.XAll), d.XAll,
                m => ("inertia", m.Inertia), m => m.NIter)),
        new("PCA", "n_components=50, svd_solver=auto(randomized), random_state=0",
            d => Timed(() => new PCA(50, randomState: 0).Fit(d.XAll), d.XAll,
                m => ("explained_variance_ratio_sum", m.ExplainedVarianceRatio.Sum().Item()), m => 0)),
        new("GaussianMixture", "n_components=10, covariance_type=diag, init_params=kmeans, max_iter=100, tol=1e-3, random_state=0",
            d => Timed(() => new GaussianMixture(nComponents: 10, covarianceType: CovarianceType.Diag, randomState: 0).Fit(d.X10k), d.X10k,
                m => ("lower_bound", m.LowerBound), m => m.NIter)),
        new("TSNE", "n_components=2, perplexity=30, init=pca, learning_rate=auto, method=barnes_hut, angle=0.5, n_iter=1000, random_state=0",
            d =>
            {
                var x = d.XAll.Narrow(0, 0, NTsne).Clone();
                return Timed(() => new TSNE(perplexity: 30, randomState: 0).Fit(x), x,
                    m => ("kl_divergence", m.KlDivergence), m => m.NIterFitted);
            }),
    ];

    /// <summary>Fits on the 10k training images, then scores on the test set; optionally folds predict into the time.</summary>
    private static Dictionary<string, object> Classify(IClassifier model, Data d, bool timePredict = false)
    {
        var sw = Stopwatch.StartNew();
        model.Fit(d.X10k, d.Y10k);
        double fit = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var pred = model.Predict(d.XTest);
        double predict = sw.Elapsed.TotalSeconds;
        double acc = Glassbox.ML.Metrics.Classification.AccuracyScore(d.YTest, pred);
        return new()
        {
            ["fit_seconds"] = Math.Round(timePredict ? fit + predict : fit, 3), ["predict_seconds"] = Math.Round(predict, 3),
            ["metric"] = "test_accuracy", ["test_accuracy"] = Math.Round(acc, 4), ["n_train"] = d.X10k.Shape[0],
        };
    }

    /// <summary>Times an unsupervised fit and reports its quality figure and iteration count.</summary>
    private static Dictionary<string, object> Timed<T>(Func<T> fit, Tensor x, Func<T, (string Name, double Value)> metric, Func<T, int> nIter)
    {
        var sw = Stopwatch.StartNew();
        var m = fit();
        double secs = sw.Elapsed.TotalSeconds;
        var (name, value) = metric(m);
        var row = new Dictionary<string, object>
        {
            ["fit_seconds"] = Math.Round(secs, 3), ["metric"] = name, [name] = Math.Round(value, 6), ["n_train"] = x.Shape[0],
        };
        int it = nIter(m);
        if (it > 0) row["n_iter"] = it;
        return row;
    }
}
