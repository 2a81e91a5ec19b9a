using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Linear;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The models the Titanic recipe chooses among, and how one train/validation split scores all of them at once.
/// </summary>
/// <remarks>
/// The candidates are three base classifiers — logistic regression, gradient boosting, a random forest — and their
/// soft vote (<c>sklearn.ensemble.VotingClassifier(voting="soft")</c>: the mean of the members' class-1
/// probabilities, label 1 above ½). Because the vote's members are the bases themselves, a split fits each base once
/// and the vote costs nothing extra. The gender baseline is scored beside them as a reference, never chosen.
/// </remarks>
internal static class TitanicCandidates
{
    /// <summary>The name of the soft-voting candidate.</summary>
    public const string Vote = "SoftVoting(LR, GB, RF)";

    /// <summary>The name of the reference model.</summary>
    public const string Baseline = "GenderBaseline";

    /// <summary>The base models, each a fresh unfitted classifier. <paramref name="quick"/> shrinks the ensembles.</summary>
    public static IReadOnlyList<(string Name, Func<IProbabilisticClassifier> Make)> Bases(bool quick, ulong seed) =>
    [
        // C = 0.3 on standardised features: ~40 columns for ~700 rows, a little more shrinkage than the default
        ("LogisticRegression(C=0.3)", () => new LogisticRegression(c: 0.3, maxIter: 2000)),
        // shallow trees, small steps, row subsampling: 891 rows are few for boosting, so it is kept gentle
        ("GradientBoosting(depth 3, lr 0.05, subsample 0.8)", () => new GradientBoostingClassifier(learningRate: 0.05, nEstimators: quick ? 60 : 150,
            subsample: 0.8, maxDepth: 3, minSamplesLeaf: 3, randomState: (long)(seed % int.MaxValue))),
        // unrestricted trees memorise 700 rows (train accuracy ~0.98); depth 6 and 3 samples per leaf keep it honest
        ("RandomForest(depth 6, leaf 3)", () => new RandomForestClassifier(nEstimators: quick ? 60 : 300, maxDepth: 6, minSamplesLeaf: 3,
            nJobs: 1, randomState: (long)(seed % int.MaxValue))),
    ];

    /// <summary>Names of the candidates in selection order (ties go to the earlier, simpler one).</summary>
    public static string[] Names(bool quick) => [.. Bases(quick, 0).Select(b => b.Name), Vote];

    /// <summary>
    /// Fits the features on <paramref name="train"/> rows <paramref name="fit"/> and every base model on them, and
    /// returns each candidate's (and the baseline's) accuracy on rows <paramref name="eval"/>.
    /// <paramref name="groupSurvival"/> false drops the group survival features; <paramref name="logisticOnly"/> fits only
    /// the first base (the cheap ablation).
    /// </summary>
    public static Dictionary<string, double> ScoreSplit(Data.Frame.DataFrame train, long[] y, int[] fit, int[] eval, bool quick, ulong seed,
        bool groupSurvival = true, bool logisticOnly = false)
    {
        var pipe = new TitanicFeatures(groupSurvival, seed);
        var xFit = Tensor.From(pipe.FitTransform(train.Take(fit), fit.Select(i => y[i]).ToArray()));
        var xEval = Tensor.From(pipe.Transform(train.Take(eval)));
        var yFit = Tensor.FromArray(fit.Select(i => y[i]).ToArray(), [fit.Length]);
        var truth = eval.Select(i => y[i]).ToArray();
        var scores = new Dictionary<string, double>();
        var mean = new double[eval.Length];
        var bases = Bases(quick, seed);
        foreach (var (name, make) in logisticOnly ? bases.Take(1) : bases)
        {
            var model = make();
            model.Fit(xFit, yFit);
            var p1 = PositiveProbability(model, xEval);
            scores[name] = Accuracy(p1, truth);
            for (int i = 0; i < p1.Length; i++) mean[i] += p1[i] / bases.Count;
        }
        if (logisticOnly) return scores;
        scores[Vote] = Accuracy(mean, truth);
        var gender = new GenderBaseline();
        gender.Fit(xFit, yFit);
        scores[Baseline] = Accuracy(PositiveProbability(gender, xEval), truth);
        return scores;
    }

    /// <summary>Class-1 probabilities (the classes are 0 and 1, so column 1 of PredictProba).</summary>
    public static double[] PositiveProbability(IProbabilisticClassifier model, Tensor x)
    {
        var p = model.PredictProba(x).ToDoubleArray();
        return Enumerable.Range(0, p.Length / 2).Select(i => p[2 * i + 1]).ToArray();
    }

    /// <summary>Label 1 where p &gt; ½ (a tie is 0, as argmax picks the first class).</summary>
    public static long[] Labels(double[] p1) => p1.Select(p => p > 0.5 ? 1L : 0L).ToArray();

    private static double Accuracy(double[] p1, long[] truth) => Labels(p1).Zip(truth, (a, b) => a == b ? 1.0 : 0.0).Average();
}
