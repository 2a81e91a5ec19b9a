using Glassbox.Testing.Parity;

namespace Glassbox.Tests.ML;

/// <summary>
/// Every estimator, metric, transformer and splitter against scikit-learn 1.2 (fixtures from
/// tools/reference/sklearn_fixtures.py), through the same <see cref="ParityTable"/> the classical-parity milestone prints.
/// Tolerances are set and justified in <see cref="ParityTable"/>.
/// </summary>
public class SklearnParityTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn");

    public static TheoryData<string> FamilyNames()
    {
        var d = new TheoryData<string>();
        foreach (var f in ParityTable.Families) d.Add(f);
        return d;
    }

    [Theory, MemberData(nameof(FamilyNames))]
    public void FamilyMatchesSklearn(string family)
    {
        var rows = ParityTable.Family(family, Folder);
        Assert.NotEmpty(rows);
        var failed = rows.Where(r => !r.Passed).Select(r => $"{r.Estimator} {r.Quantity}: {r.MaxAbsDiff:G3} > {r.Tolerance:G3}").ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {rows.Count} comparisons failed:\n" + string.Join("\n", failed));
    }
}
