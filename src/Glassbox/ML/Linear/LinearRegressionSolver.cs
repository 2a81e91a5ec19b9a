namespace Glassbox.ML.Linear;

/// <summary>How <see cref="LinearRegression"/> finds the least-squares weights (its <c>solver</c>).</summary>
public enum LinearRegressionSolver
{
    /// <summary>Direct least squares through an orthogonal factorisation (<c>"lstsq"</c>): exact up to rounding, and
    /// the minimum-norm solution when X is rank-deficient.</summary>
    Lstsq,

    /// <summary>Full-batch gradient descent with step 1/L, L = σ_max(X)²/n (<c>"gd"</c>): iterative, stops when the
    /// largest gradient entry is ≤ Tol or after MaxIter steps.</summary>
    Gd,
}
