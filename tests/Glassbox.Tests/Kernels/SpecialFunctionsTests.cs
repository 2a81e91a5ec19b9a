using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>erf/erfc against 30-digit mpmath values (rounded to double), across both algorithm branches.</summary>
public class SpecialFunctionsTests
{
    [Theory]
    [InlineData(0.0, 0.0, 1.0)]
    [InlineData(1e-10, 1.1283791670955126e-10, 0.999999999887162)]
    [InlineData(0.3, 0.3286267594591274, 0.6713732405408726)]
    [InlineData(1.0, 0.8427007929497149, 0.15729920705028513)]
    [InlineData(1.9999, 0.9953201979070294, 0.004679802092970608)] // last point of the series branch
    [InlineData(2.0, 0.9953222650189527, 0.004677734981047266)]     // first point of the continued fraction
    [InlineData(2.5, 0.999593047982555, 0.0004069520174449589)]
    [InlineData(3.7, 0.9999998328489421, 1.6715105790914599e-07)]
    [InlineData(6.0, 1.0, 2.1519736712498913e-17)]
    [InlineData(-0.7, -0.6778011938374184, 1.6778011938374184)]
    public void ErfAndErfcMatchHighPrecisionValues(double x, double erf, double erfc)
    {
        // erf: absolute 2e-15 (the documented bound is 1e-15, doubled for margin).
        Assert.True(Math.Abs(SpecialFunctions.Erf(x) - erf) <= 2e-15, $"erf({x}) = {SpecialFunctions.Erf(x):R}");
        // erfc: relative 1e-14 in the continued-fraction tail; below 2 it is 1 − erf, so 2e-15 absolute.
        double tol = x >= 2 ? 1e-14 * erfc : 2e-15;
        Assert.True(Math.Abs(SpecialFunctions.Erfc(x) - erfc) <= tol, $"erfc({x}) = {SpecialFunctions.Erfc(x):R}");
        Assert.Equal(-SpecialFunctions.Erf(x), SpecialFunctions.Erf(-x)); // odd function, exactly
    }

    [Fact]
    public void NormalCdfTailsAndSpecialValues()
    {
        Assert.Equal(0.5, SpecialFunctions.NormalCdf(0), 15);
        // Φ(−10) = ½·erfc(10/√2) = 7.619853024160525e-24: relative accuracy survives deep in the left tail.
        Assert.Equal(1.0, SpecialFunctions.NormalCdf(-10) / 7.619853024160525e-24, 12);
        Assert.Equal(1.0, SpecialFunctions.Erf(double.PositiveInfinity));
        Assert.Equal(0.0, SpecialFunctions.Erfc(double.PositiveInfinity));
        Assert.True(double.IsNaN(SpecialFunctions.Erf(double.NaN)));
    }

    [Theory]
    [InlineData(1e-300, 1e-300, 1e-300)]
    [InlineData(1e-10, 9.999999999500001e-11, 1.00000000005e-10)]
    [InlineData(-3e-9, -3.0000000045e-09, -2.9999999955e-09)]
    [InlineData(0.5, 0.4054651081081644, 0.6487212707001282)]
    [InlineData(-0.9, -2.302585092994046, -0.5934303402594009)]
    public void Log1pAndExpm1AreAccurateNearZero(double x, double log1p, double expm1)
    {
        // Relative 4e-16 (a couple of ulp): the naive log(1 + x) / exp(x) − 1 would be off by ~1e-7 relative at 1e-10.
        Assert.True(Math.Abs(SpecialFunctions.Log1p(x) - log1p) <= 4e-16 * Math.Abs(log1p), $"log1p({x}) = {SpecialFunctions.Log1p(x):R}");
        Assert.True(Math.Abs(SpecialFunctions.Expm1(x) - expm1) <= 4e-16 * Math.Abs(expm1), $"expm1({x}) = {SpecialFunctions.Expm1(x):R}");
    }
}
