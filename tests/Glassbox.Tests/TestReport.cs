namespace Glassbox.Tests;

/// <summary>
/// Lines a test wants in the CI log (the SIMD path, fuzz cases run per format): appended to the file named by
/// <c>GLASSBOX_TEST_REPORT</c>, which <c>.ci/run</c> sets and prints after each pass.
/// </summary>
/// <remarks>
/// The test runner shows a passing test's output only at detailed verbosity, which would also print thousands of
/// "Passed" lines; a side file keeps the log short and still shows the numbers that say what a pass exercised.
/// </remarks>
public static class TestReport
{
    private static readonly object Gate = new();

    /// <summary>Appends <paramref name="line"/> to the report file, if one is set.</summary>
    public static void Line(string line)
    {
        string? path = Environment.GetEnvironmentVariable("GLASSBOX_TEST_REPORT");
        if (string.IsNullOrEmpty(path)) return;
        lock (Gate) File.AppendAllText(path, line + Environment.NewLine);
    }
}
