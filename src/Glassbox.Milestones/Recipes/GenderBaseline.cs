using Glassbox.ML;
namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The Titanic reference point "women survive, men do not", as a classifier over the engineered features: it
/// predicts 0 when the standardised IsMale column (column 0) is above its mean. Kept in the comparison so every
/// real model has to beat the ~0.787 this scores.
/// </summary>
internal sealed class GenderBaseline : ProbabilisticClassifier<GenderBaseline>
{
    /// <summary>No hyperparameters.</summary>
    public GenderBaseline() { }

    /// <inheritdoc/>
    protected override void CheckParams() { }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y) => EncodeTargets(y, x.Shape[0]);

    /// <inheritdoc/>
    public override Tensor PredictProba(Tensor x)
    {
        var xm = CheckInput(x, nameof(PredictProba));
        int n = xm.Shape[0];
        var p = new double[n * 2];
        for (int i = 0; i < n; i++)
        {
            bool male = xm[i, 0] > 0;
            p[i * 2] = male ? 1 : 0; p[i * 2 + 1] = male ? 0 : 1;
        }
        return Tensor.FromArray(p, n, 2);
    }
}
