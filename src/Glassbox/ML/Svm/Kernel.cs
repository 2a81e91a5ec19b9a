namespace Glassbox.ML.Svm;

/// <summary>The kernel K(x, z) of <see cref="SVC"/> and <see cref="SVR"/> (scikit-learn's <c>kernel</c>), as libsvm
/// evaluates it; γ is the resolved <see cref="Gamma"/>.</summary>
public enum Kernel
{
    /// <summary>x·z (<c>"linear"</c>): Gamma, Degree and Coef0 are unused.</summary>
    Linear,

    /// <summary>(γ x·z + coef0)^degree (<c>"poly"</c>).</summary>
    Poly,

    /// <summary>exp(−γ‖x − z‖²) (<c>"rbf"</c>): the default.</summary>
    Rbf,

    /// <summary>tanh(γ x·z + coef0) (<c>"sigmoid"</c>): not positive semi-definite for every γ, coef0, so the dual
    /// may be non-convex; libsvm still converges to a stationary point.</summary>
    Sigmoid,
}
