using Glassbox.Data;

namespace Glassbox.Tests;

/// <summary>
/// Finds the real datasets for the tests that need them, by the CLI's own rule (<see cref="DataDirectory.Resolve"/>:
/// <c>$GLASSBOX_DATA</c>, else the per-user cache), and turns their absence into a visible xunit skip.
/// </summary>
/// <remarks>
/// A test that returned early without its data would count as passed on every machine that lacks the data, so a
/// broken loader could never be noticed there. <see cref="Skip"/> reports it as skipped in the totals instead; CI
/// sets <c>GLASSBOX_DATA</c>, so CI runs these tests. Use it from <c>[SkippableFact]</c>/<c>[SkippableTheory]</c>.
/// </remarks>
public static class TestData
{
    /// <summary>
    /// The data root when every file of the registered dataset <paramref name="name"/> is present in its folder
    /// (checked by existence only: the tests that care verify the hashes themselves); otherwise skips the test.
    /// </summary>
    public static string RequireDataset(string name)
    {
        string root = DataDirectory.Resolve();
        var info = DatasetRegistry.Get(name);
        string folder = DataDirectory.ForDataset(info.Name, root);
        var missing = info.Files.Where(f => !File.Exists(Path.Combine(folder, f.Name))).Select(f => f.Name).ToList();
        Skip.If(missing.Count > 0,
            $"dataset '{name}' is not in {folder} (missing {string.Join(", ", missing)}); set {DataDirectory.EnvironmentVariable} to the datasets folder to run this test");
        return root;
    }

    /// <summary>
    /// The registered datasets that the shared datasets folder (the one CI points <c>GLASSBOX_DATA</c> at) holds. The
    /// CIFAR archives (about 330 MB) are not among them, so their tests skip unless someone adds them.
    /// </summary>
    public static IReadOnlyList<string> SharedDatasets { get; } = ["mnist", "fashion-mnist", "tinyshakespeare", "titanic"];

    /// <summary>The data root when every dataset of <see cref="SharedDatasets"/> is present (see <see cref="RequireDataset"/>).</summary>
    public static string RequireShared()
    {
        string root = DataDirectory.Resolve();
        foreach (var name in SharedDatasets) RequireDataset(name);
        return root;
    }
}
