namespace Glassbox.ML.Svm;

/// <summary>The margin loss of <see cref="LinearSVC"/> (scikit-learn's <c>loss</c>), for the margin m = y·(w·x).</summary>
public enum HingeLoss
{
    /// <summary>max(0, 1 − m) (<c>"hinge"</c>): the standard SVM; its dual box is [0, C].</summary>
    Hinge,

    /// <summary>max(0, 1 − m)² (<c>"squared_hinge"</c>, the default): differentiable; its dual has no upper bound and a
    /// 1/(2C) diagonal term instead.</summary>
    SquaredHinge,
}
