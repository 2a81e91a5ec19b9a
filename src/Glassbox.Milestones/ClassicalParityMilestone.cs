using System.Globalization;
using Glassbox.Testing.Parity;

namespace Glassbox.Milestones;

/// <summary>
/// <c>classical-parity</c>: every classical estimator against its scikit-learn 1.2 fixture (tests/fixtures/sklearn,
/// produced by tools/reference/sklearn_*fixtures.py): the quantity compared, the max difference, the tolerance, pass.
/// </summary>
public sealed class ClassicalParityMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "classical-parity";

    /// <inheritdoc/>
    public override string Title => "every classical estimator matches its scikit-learn fixture within tolerance";

    /// <summary>Finds tests/fixtures/sklearn by walking up from the working directory and from the program's folder.</summary>
    public static string FindFixtures()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var p = Path.Combine(d.FullName, "tests", "fixtures", "sklearn");
                if (Directory.Exists(p)) return p;
            }
        throw new DirectoryNotFoundException("classical-parity: cannot find tests/fixtures/sklearn above the working directory; run from the repository");
    }

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var rows = ParityTable.Run(FindFixtures());
        Console.WriteLine($"{"estimator",-40} {"quantity",-30} {"max |diff|",12} {"tolerance",12}  pass");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Estimator,-40} {r.Quantity,-30} {r.MaxAbsDiff,12:0.00E+00} {r.Tolerance,12:0.00E+00}  {(r.Passed ? "yes" : "NO")}"));
        int failed = rows.Count(r => !r.Passed);
        return new MilestoneResult(Id, failed == 0 && rows.Count > 0, new Dictionary<string, object>
        {
            ["rows"] = rows.Count, ["failed"] = failed, ["estimators"] = rows.Select(r => r.Estimator).Distinct().Count(),
        }, 0);
    }
}
