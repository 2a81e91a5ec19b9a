namespace Glassbox.ML.Svm;

/// <summary>The hyperparameter checks shared by <see cref="SVC"/> and <see cref="SVR"/>.</summary>
internal static class SvmParams
{
    /// <summary>Raises (through <paramref name="outOfRange"/>) for an unknown kernel, a negative degree, a bad gamma, tol or cache size.</summary>
    public static void Check(object estimator, string kernel, int degree, string gamma, double tol, double cacheSize, Action<string, object?, string> outOfRange)
    {
        if (kernel is not ("linear" or "poly" or "rbf" or "sigmoid")) outOfRange("Kernel", kernel, "one of \"linear\", \"poly\", \"rbf\", \"sigmoid\"");
        if (degree < 0) outOfRange("Degree", degree, "≥ 0");
        if (!SvmKernel.ValidGamma(gamma)) outOfRange("Gamma", gamma, "\"scale\", \"auto\" or a number ≥ 0");
        if (!(tol > 0)) outOfRange("Tol", tol, "> 0");
        if (!(cacheSize > 0)) outOfRange("CacheSize", cacheSize, "> 0 (MB)");
    }
}
