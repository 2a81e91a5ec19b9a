namespace Glassbox.ML.Svm;

/// <summary>The columns of <see cref="SVC.DecisionFunction"/> for k ≥ 3 classes (scikit-learn's
/// <c>decision_function_shape</c>); training is one-vs-one either way.</summary>
public enum DecisionFunctionShape
{
    /// <summary>[n, k]: the pairwise votes per class plus a confidence squashed into (−⅓, ⅓), so that the arg-max is
    /// the voted class (<c>"ovr"</c>).</summary>
    Ovr,

    /// <summary>[n, k(k−1)/2]: the raw pairwise decision values f_ab, positive favouring a (<c>"ovo"</c>).</summary>
    Ovo,
}
