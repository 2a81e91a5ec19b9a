using Glassbox.ML.ModelSelection;
using Glassbox.ML.Tree;
using Glassbox.ML.Replay;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// The held-out part of a gradient-boosting fit with early stopping (sklearn 1.2, <c>n_iter_no_change</c> set): before
/// anything is fitted, <c>train_test_split(X, y, sample_weight, test_size=validation_fraction,
/// random_state=random_state, stratify=y for classifiers)</c> — replayed exactly by <see cref="SklearnTrainTestSplit"/>,
/// so the same seed holds out the same rows as sklearn. The boosting then runs on the training part only (the trees'
/// random stream is a separate <c>RandomState(random_state)</c>, untouched by the split).
/// </summary>
internal sealed class EarlyStoppingSplit
{
    /// <summary>Training part: rows (row-major, sklearn's order), count, targets, weights (null when the fit is unweighted).</summary>
    public required double[] X { get; init; }
    /// <inheritdoc cref="X"/>
    public required int N { get; init; }
    /// <inheritdoc cref="X"/>
    public required double[] Y { get; init; }
    /// <inheritdoc cref="X"/>
    public double[]? Weight { get; init; }
    /// <summary>Validation part: rows, count, targets, weights (null when unweighted).</summary>
    public required double[] ValX { get; init; }
    /// <inheritdoc cref="ValX"/>
    public required int ValN { get; init; }
    /// <inheritdoc cref="ValX"/>
    public required double[] ValY { get; init; }
    /// <inheritdoc cref="ValX"/>
    public double[]? ValWeight { get; init; }
    /// <summary>The number of features.</summary>
    public required int P { get; init; }

    /// <summary>Splits (x, y, w) as sklearn's fit does when <c>n_iter_no_change</c> is set.</summary>
    public static EarlyStoppingSplit Make(double[] x, int n, int p, double[] y, int nClasses, GbSettings s, double[]? w,
        double validationFraction, string who)
    {
        bool classifier = s.Loss is GbLoss.Binary or GbLoss.Multinomial or GbLoss.Exponential;
        int[]? strata = classifier ? Array.ConvertAll(y, v => (int)v) : null;
        var (train, test) = SklearnTrainTestSplit.Split(n, validationFraction, strata, Cart.SeedOf(s.RandomState), who);
        if (classifier && train.Select(i => (int)y[i]).Distinct().Count() != nClasses)
            throw new ArgumentException($"{who}: the training part of the early-stopping split is missing some classes; use another random_state");
        double[] Rows(int[] idx) => HistBoosting.Gather(x, p, idx);
        return new EarlyStoppingSplit
        {
            X = Rows(train), N = train.Length, Y = train.Select(i => y[i]).ToArray(), Weight = w is null ? null : train.Select(i => w[i]).ToArray(),
            ValX = Rows(test), ValN = test.Length, ValY = test.Select(i => y[i]).ToArray(), ValWeight = w is null ? null : test.Select(i => w[i]).ToArray(),
            P = p,
        };
    }
}

/// <summary>
/// sklearn 1.2's early-stopping rule for classic gradient boosting: after stage m the validation loss L_m (the loss
/// object's value on the held-out rows — for Huber with the δ of stage m) is compared with the last
/// <c>n_iter_no_change</c> recorded losses (initially +∞); if L_m + tol is below at least one of them it is recorded
/// (in slot m mod n_iter_no_change), otherwise fitting stops — keeping stage m, so n_estimators_ = m + 1.
/// </summary>
internal sealed class EarlyStoppingMonitor(EarlyStoppingSplit val, double[] init, int k, GbSettings s)
{
    private readonly double[] history = Enumerable.Repeat(double.PositiveInfinity, s.EarlyStopping!.NIterNoChange!.Value).ToArray();
    private readonly double[] raw = Enumerable.Range(0, val.ValN * k).Select(j => init[j % k]).ToArray();

    /// <summary>Adds stage <paramref name="m"/>'s trees to the validation scores; true when fitting should stop.</summary>
    public bool StopAfter(int m, TreeStructure[] stage, double delta)
    {
        for (int i = 0; i < val.ValN; i++)
            for (int c = 0; c < k; c++)
                raw[i * k + c] += s.LearningRate * stage[c].value[stage[c].ApplyRow(val.ValX, i)];
        double loss = GradientBoosting.LossValue(s.Loss, val.ValY, raw, val.ValN, k, val.ValWeight, delta, s.Alpha);
        if (!history.Any(h => loss + s.EarlyStopping!.Tol < h)) return true;
        history[m % history.Length] = loss;
        return false;
    }
}
