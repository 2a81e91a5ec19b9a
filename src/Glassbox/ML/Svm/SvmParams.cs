using Glassbox.ML.Options;

namespace Glassbox.ML.Svm;

/// <summary>The hyperparameter constraints shared by <see cref="SVC"/> and <see cref="SVR"/>.</summary>
internal static class SvmParams
{
    /// <summary>The entries both tables start with: C, the kernel and its parameters, tol and the cache size.</summary>
    public static ParamTable Shared() => new()
    {
        { "C", Is.Real(0, minOpen: true) },
        { "Kernel", Is.Defined<Kernel>() },
        { "Degree", Is.Int(min: 0) },
        { "Gamma", Is.Where<Gamma>(g => g.IsValid, Gamma.Allowed) },
        { "Tol", Is.Real(0, minOpen: true) },
        { "CacheSize", Is.Real(0, minOpen: true) },
    };
}
