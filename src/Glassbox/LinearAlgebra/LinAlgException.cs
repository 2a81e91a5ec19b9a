namespace Glassbox.LinearAlgebra;

/// <summary>
/// A numerical failure of a linear-algebra routine on well-shaped input: a matrix that is not positive definite
/// (Cholesky), exactly singular (Solve, Inv), or an iteration that did not converge. The counterpart of
/// <c>torch.linalg.LinAlgError</c> / <c>numpy.linalg.LinAlgError</c>. Shape errors are <see cref="ArgumentException"/>s.
/// </summary>
public sealed class LinAlgException : Exception
{
    /// <summary>Creates the exception with a message naming the routine and the failing quantity.</summary>
    public LinAlgException(string message) : base(message) { }
}
