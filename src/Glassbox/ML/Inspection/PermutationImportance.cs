using Glassbox.ML.ModelSelection;
using Glassbox.ML.Replay;

namespace Glassbox.ML.Inspection;

/// <summary>
/// Permutation feature importance (<c>sklearn.inspection.permutation_importance</c>; Breiman 2001): how much a fitted
/// model's score drops when one column's values are shuffled across rows, breaking its link to the target while
/// keeping its distribution.
/// </summary>
/// <remarks>
/// <para>
/// importance(j, r) = s(X) − s(X with column j permuted, repeat r), s the scorer (higher is better). Per column, the
/// shuffles replay sklearn's stream: a seed s₀ = <c>RandomState(seed).randint(2³¹)</c> drawn once, then for each
/// column a fresh <c>RandomState(s₀)</c> whose successive in-place <c>shuffle</c>s of one index array drive the
/// repeats; each repeat permutes the already-permuted column again (sklearn's <c>X[:, j] = X[idx, j]</c> on its working
/// copy). With the same seed the importances equal sklearn's.
/// </para>
/// <para>
/// Reading it: the importance is of the feature <i>to this model</i> on this data. Measure it on held-out rows — on the
/// training set it also rewards what the model overfitted. Correlated features share their signal, so permuting one
/// of them costs little (the model reads the other): low importance does not mean the feature is uninformative. The
/// spread over repeats (<see cref="Result.ImportancesStd"/>) says which differences are noise.
/// </para>
/// </remarks>
public static class PermutationImportance
{
    /// <summary>The importances of each feature.</summary>
    /// <param name="Importances">Score drops [n_features, n_repeats] (<c>importances</c>).</param>
    /// <param name="ImportancesMean">Mean over repeats [n_features] (<c>importances_mean</c>).</param>
    /// <param name="ImportancesStd">Standard deviation over repeats, ddof 0 [n_features] (<c>importances_std</c>).</param>
    /// <param name="BaselineScore">The score on the unpermuted data.</param>
    public sealed record Result(Tensor Importances, double[] ImportancesMean, double[] ImportancesStd, double BaselineScore);

    /// <summary>Computes the importances.</summary>
    /// <param name="estimator">A fitted estimator; only predicted from, never refitted.</param>
    /// <param name="x">Samples [n, p], ideally held out.</param>
    /// <param name="y">Targets [n].</param>
    /// <param name="nRepeats">Permutations per feature, ≥ 1 (<c>n_repeats</c>).</param>
    /// <param name="seed">NumPy seed, 0 ≤ seed &lt; 2³² (<c>random_state</c>).</param>
    /// <param name="scoring">The score; null for the estimator's own (accuracy, R²) as sklearn's default.</param>
    public static Result Compute(IEstimator estimator, Tensor x, Tensor y, int nRepeats = 5, ulong seed = 0, Scorer? scoring = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!estimator.IsFitted) throw new NotFittedException(estimator.GetType().Name, "PermutationImportance");
        if (nRepeats < 1) throw new ArgumentOutOfRangeException(nameof(nRepeats), nRepeats, "PermutationImportance: nRepeats must be ≥ 1");
        var (src, n, p) = InspectionInput.Matrix(x, "PermutationImportance");
        scoring ??= Scorers.Default;
        double baseline = scoring(estimator, Tensor.FromArray((double[])src.Clone(), n, p), y);
        uint columnSeed = new SklearnRandom(Splits.NumpySeed(seed, "PermutationImportance")).RandInt(1UL << 31);
        var imp = new double[p * nRepeats];
        for (int j = 0; j < p; j++)
        {
            var rng = new SklearnRandom(columnSeed);
            var work = (double[])src.Clone();
            var idx = Enumerable.Range(0, n).ToArray();
            var col = new double[n];
            for (int r = 0; r < nRepeats; r++)
            {
                for (int i = n - 1; i > 0; i--) // RandomState.shuffle of a 1-D array: legacy Fisher–Yates
                {
                    int k = (int)rng.RandInt((ulong)i + 1);
                    (idx[i], idx[k]) = (idx[k], idx[i]);
                }
                for (int i = 0; i < n; i++) col[i] = work[idx[i] * p + j];
                for (int i = 0; i < n; i++) work[i * p + j] = col[i];
                imp[j * nRepeats + r] = baseline - scoring(estimator, Tensor.FromArray(work, n, p), y);
            }
        }
        var mean = new double[p];
        var std = new double[p];
        for (int j = 0; j < p; j++)
        {
            var row = imp.AsSpan(j * nRepeats, nRepeats);
            double m = 0;
            foreach (double v in row) m += v;
            m /= nRepeats;
            double ss = 0;
            foreach (double v in row) ss += (v - m) * (v - m);
            mean[j] = m;
            std[j] = Math.Sqrt(ss / nRepeats);
        }
        return new Result(Input.Matrix(imp, p, nRepeats), mean, std, baseline);
    }
}
