namespace Glassbox.ML.Decomposition;

/// <summary>How <see cref="PCA"/> factors the centred data (scikit-learn's <c>svd_solver</c>); the trade-offs are
/// set out on <see cref="PCA"/>.</summary>
public enum SvdSolver
{
    /// <summary>scikit-learn 1.2's rule: <see cref="Randomized"/> when max(n, f) &gt; 500 and 1 ≤ k &lt; 0.8·min(n, f),
    /// else <see cref="Full"/>. Never the fitted solver.</summary>
    Auto,

    /// <summary>Exact thin SVD of X̃ (one-sided Jacobi): every singular value to high relative accuracy.</summary>
    Full,

    /// <summary>Eigendecomposition of the Gram matrix X̃ᵀX̃: one pass over the data, but a singular value σᵢ is only
    /// accurate to about ε·σ₁²/σᵢ.</summary>
    CovarianceEigh,

    /// <summary>Halko et al.'s randomized range finder with power iterations on the Gram matrix.</summary>
    Randomized,
}
