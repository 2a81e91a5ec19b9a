using Glassbox.Data;
using Glassbox.Tuning;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// TPE against random search on the same budget (the <c>tune-compare</c> milestone): each sampler runs a study per
/// seed on the same objective, and the best value after every trial ("best so far") is collected, so the two curves
/// can be compared by their mean and spread over seeds. Both samplers get the same seed per run, which makes TPE's
/// first <see cref="TpeSampler.NStartupTrials"/> trials identical to random search's: the curves part exactly where
/// TPE starts to model.
/// </summary>
public static class TuneCompare
{
    /// <summary>The global minimum of <see cref="Branin"/>, f(−π, 12.275) = f(π, 2.275) = f(9.42478, 2.475).</summary>
    public const double BraninMinimum = 0.39788735772973816;

    /// <summary>
    /// The Branin–Hoo function on x₁ ∈ [−5, 10], x₂ ∈ [0, 15]: a(x₂ − b·x₁² + c·x₁ − r)² + s(1 − t)·cos x₁ + s with
    /// a = 1, b = 5.1/(4π²), c = 5/π, r = 6, s = 10, t = 1/(8π) — a standard 2-d benchmark with three global minima.
    /// </summary>
    public static double Branin(double x1, double x2)
    {
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        double u = x2 - b * x1 * x1 + c * x1 - 6;
        return u * u + 10 * (1 - t) * Math.Cos(x1) + 10;
    }

    /// <summary>The Branin objective as a trial function (minimised).</summary>
    public static double BraninObjective(Trial t) => Branin(t.SuggestFloat("x1", -5, 10), t.SuggestFloat("x2", 0, 15));

    /// <summary>
    /// The cross-validation error (1 − mean accuracy) of an RBF SVC on the breast-cancer data over C and γ
    /// (<see cref="EstimatorSearchSpace"/>'s SVC space), minimised; folds fixed by seed 0 so every study sees the
    /// same objective.
    /// </summary>
    public static Func<Trial, double> SvcBreastCancerError(int folds)
    {
        var (x, y) = BuiltinDatasets.LoadBreastCancer();
        var accuracy = EstimatorSearchSpace.CrossValidatedObjective(EstimatorSearchSpace.Find("SVC")!, x, y, folds, seed: 0);
        return t => 1 - accuracy(t);
    }

    /// <summary>
    /// Best-so-far curves [seed][trial] of a minimised <paramref name="objective"/>: one study of <paramref name="trials"/>
    /// trials per seed 0 … seeds − 1, no pruning.
    /// </summary>
    public static double[][] BestSoFar(Func<int, ISampler> sampler, Func<Trial, double> objective, int seeds, int trials)
    {
        var curves = new double[seeds][];
        for (int s = 0; s < seeds; s++)
        {
            var study = Study.Create(direction: StudyDirection.Minimize, sampler: sampler(s), pruner: new NopPruner());
            study.Optimize(objective, nTrials: trials);
            double best = double.PositiveInfinity;
            curves[s] = study.Trials.Select(t => best = Math.Min(best, t.Value ?? double.PositiveInfinity)).ToArray();
        }
        return curves;
    }

    /// <summary>Per trial: the mean over seeds and the 25th and 75th percentiles (linear interpolation).</summary>
    public static (double[] Mean, double[] Q25, double[] Q75) Summary(double[][] curves)
    {
        int n = curves[0].Length;
        var mean = new double[n]; var q25 = new double[n]; var q75 = new double[n];
        for (int i = 0; i < n; i++)
        {
            var col = curves.Select(c => c[i]).Order().ToArray();
            mean[i] = col.Average();
            q25[i] = Quantile(col, 0.25);
            q75[i] = Quantile(col, 0.75);
        }
        return (mean, q25, q75);
    }

    private static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
