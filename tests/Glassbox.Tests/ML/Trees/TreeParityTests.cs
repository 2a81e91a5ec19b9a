using Glassbox.Testing.Parity;

namespace Glassbox.Tests.ML.Trees;

/// <summary>
/// Trees and forests against scikit-learn 1.2 (tools/reference/sklearn_tree_fixtures.py → trees.json), through the rows
/// the classical-parity milestone prints; tolerances are justified in ParityTable.Trees.cs.
/// </summary>
public class TreeParityTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn");

    [Theory]
    [InlineData("trees")]
    [InlineData("boosting")]
    public void FamilyMatchesSklearn(string family)
    {
        var rows = ParityTable.Family(family, Folder);
        Assert.NotEmpty(rows);
        var failed = rows.Where(r => !r.Passed).Select(r => $"{r.Estimator} {r.Quantity}: {r.MaxAbsDiff:G3} > {r.Tolerance:G3}").ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {rows.Count} comparisons failed:\n" + string.Join("\n", failed));
    }
}
