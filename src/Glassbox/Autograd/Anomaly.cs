namespace Glassbox.Autograd;

/// <summary>
/// Anomaly detection (<c>torch.autograd.detect_anomaly()</c>): while enabled, the first NaN or ±Inf produced by
/// any op's forward or by any node's backward throws <see cref="AnomalyException"/> naming the op.
/// </summary>
/// <remarks>Checks every element of every result, so it is slow: turn it on to find a bug, not to train.</remarks>
public static class Anomaly
{
    private static int depth;

    /// <summary>True while at least one <see cref="Detect"/> scope is open.</summary>
    public static bool IsEnabled => Volatile.Read(ref depth) > 0;

    /// <summary>Enables anomaly detection until the returned scope is disposed.</summary>
    public static IDisposable Detect() => new DetectScope();

    // Ops run inside a backward closure are part of that node's gradient: a NaN there is reported by
    // CheckBackward under the node's name, not as a forward anomaly of the helper op.
    [ThreadStatic] internal static bool InBackward;

    internal static void CheckForward(string op, Tensor y)
    {
        if (IsEnabled && !InBackward && y.DType.IsFloatingPoint() && HasNonFinite(y))
            throw new AnomalyException($"Function '{op}' returned NaN or Inf values in its output (forward), shape {ShapeUtil.Format(y.ShapeArray)}");
    }

    internal static void CheckBackward(string op, int input, Tensor g)
    {
        if (IsEnabled && HasNonFinite(g))
            throw new AnomalyException($"Function '{op}Backward' returned NaN or Inf values in its gradient for input {input}");
    }

    private static bool HasNonFinite(Tensor t)
    {
        foreach (var v in t.ToDoubleArray()) if (!double.IsFinite(v)) return true;
        return false;
    }

    private sealed class DetectScope : IDisposable
    {
        private bool disposed;
        public DetectScope() => Interlocked.Increment(ref depth);
        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            Interlocked.Decrement(ref depth);
        }
    }
}

/// <summary>Thrown by anomaly mode when an op produces NaN or Inf.</summary>
public sealed class AnomalyException(string message) : Exception(message);
