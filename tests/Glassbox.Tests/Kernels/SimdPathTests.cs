using System.Runtime.Intrinsics;
using Glassbox.Kernels;
using Xunit.Abstractions;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// Which SIMD path this test run takes, and a check that the path CI asked for is the one the runtime gave.
/// </summary>
/// <remarks>
/// The kernels pick their widest vector family at start-up (<see cref="Gemm.BestIsa"/>, TensorPrimitives, Vector&lt;T&gt;),
/// so each path sums in a different order and the suite must pass on all of them. .NET 10 honours
/// <c>DOTNET_EnableAVX512=0</c> (the AVX2 path) and <c>DOTNET_EnableAVX2=0</c> (128-bit vectors only, as on ARM64);
/// the older <c>DOTNET_EnableAVX512F=0</c> is ignored by .NET 10 and would silently test the AVX-512 path again.
/// <c>.ci/run</c> sets <c>GLASSBOX_EXPECT_SIMD</c> to the path each pass is meant to exercise, so a switch that stops
/// working fails the run instead of repeating one path three times.
/// </remarks>
public class SimdPathTests(ITestOutputHelper output)
{
    /// <summary>The path the runtime enabled: "avx512", "avx2" or "vector128" (or "scalar").</summary>
    public static string ActivePath() =>
        Vector512.IsHardwareAccelerated ? "avx512"
        : Vector256.IsHardwareAccelerated ? "avx2"
        : Vector128.IsHardwareAccelerated ? "vector128"
        : "scalar";

    [SkippableFact]
    public void ActivePathIsTheOneRequested()
    {
        string active = ActivePath();
        output.WriteLine($"SIMD path: {active} (GEMM kernels: {Gemm.BestIsa}; Vector<float>.Count = {System.Numerics.Vector<float>.Count})");
        TestReport.Line($"SIMD path: {active} (GEMM kernels: {Gemm.BestIsa})");
        string? expected = Environment.GetEnvironmentVariable("GLASSBOX_EXPECT_SIMD");
        Skip.If(string.IsNullOrEmpty(expected), $"SIMD path {active}; no GLASSBOX_EXPECT_SIMD to check it against (.ci/run sets it)");
        Assert.Equal(expected, active);
        var isa = Gemm.BestIsa.ToString().ToLowerInvariant();
        Assert.Equal(expected, isa);
    }
}
