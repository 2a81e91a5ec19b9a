using System.Text.RegularExpressions;

namespace Glassbox.Tests;

/// <summary>
/// Folders mirror namespaces in the library: every source file under <c>src/Glassbox</c> declares exactly one
/// namespace, and it is <c>Glassbox</c> followed by the file's folder path with <c>/</c> read as <c>.</c>
/// (<c>src/Glassbox/ML/Linear/Ridge.cs</c> → <c>Glassbox.ML.Linear</c>; files directly in <c>src/Glassbox</c> →
/// <c>Glassbox</c>). So a type is found from its full name, and a new file cannot drift.
/// </summary>
/// <remarks>
/// Where the two disagreed, the file moved and the public name stayed, because user code spells these names:
/// the parts of <c>Glassbox.Tensor</c> and its companions (<c>DType</c>, <c>TensorScope</c>, ...), <c>Generator</c>,
/// <c>Threads</c> and the <c>Linalg</c> façade live at the library root; the layers, losses, activations and
/// <c>F</c> are all <c>Glassbox.NN</c> (torch.nn's flat names) and live in <c>NN/</c>; <c>Synthetic</c> is a class of
/// <c>Glassbox.Data</c> and lives in <c>Data/</c>. Build outputs (<c>bin/</c>, <c>obj/</c>) are not sources and are
/// not read.
/// </remarks>
public class LayoutTests
{
    private static readonly Regex NamespaceLine = new(@"^\s*namespace\s+([A-Za-z_][\w.]*)\s*[;{]", RegexOptions.Multiline);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Glassbox.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException($"LayoutTests: no Glassbox.slnx above {AppContext.BaseDirectory}; the tests must run from a checkout");
    }

    private static IEnumerable<(string Relative, string Text)> LibrarySources()
    {
        var lib = Path.Combine(RepoRoot(), "src", "Glassbox");
        foreach (var path in Directory.EnumerateFiles(lib, "*.cs", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(lib, path).Replace(Path.DirectorySeparatorChar, '/');
            if (rel.StartsWith("bin/", StringComparison.Ordinal) || rel.StartsWith("obj/", StringComparison.Ordinal)) continue;
            yield return (rel, File.ReadAllText(path));
        }
    }

    /// <summary>The namespace a file at <paramref name="relative"/> (under src/Glassbox, '/'-separated) must declare.</summary>
    internal static string ExpectedNamespace(string relative)
    {
        int slash = relative.LastIndexOf('/');
        return slash < 0 ? "Glassbox" : "Glassbox." + relative[..slash].Replace('/', '.');
    }

    [Theory]
    [InlineData("Tensor.cs", "Glassbox")]
    [InlineData("NN/Linear.cs", "Glassbox.NN")]
    [InlineData("ML/Replay/SklearnRandom.cs", "Glassbox.ML.Replay")]
    public void ExpectedNamespaceReadsTheFolderPath(string relative, string expected) =>
        Assert.Equal(expected, ExpectedNamespace(relative));

    [Fact]
    public void EveryLibraryFileDeclaresItsFoldersNamespace()
    {
        var sources = LibrarySources().ToList();
        // the library has hundreds of files; a handful would mean the walk found the wrong folder
        Assert.True(sources.Count > 200, $"found only {sources.Count} .cs files under src/Glassbox");
        var wrong = new List<string>();
        foreach (var (rel, text) in sources)
        {
            var declared = NamespaceLine.Matches(text).Select(m => m.Groups[1].Value).ToList();
            string expected = ExpectedNamespace(rel);
            if (declared.Count != 1 || declared[0] != expected)
                wrong.Add($"{rel}: declares [{string.Join(", ", declared)}], folder says {expected}");
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} file(s) whose namespace does not match the folder:\n" + string.Join("\n", wrong));
    }

    /// <summary>
    /// The micrograd engine stands alone: no file of <c>Scalar/</c> imports another Glassbox namespace or names a type
    /// of the root namespace (the tensor engine, its random generator, kernels), so it can be read — and copied into a
    /// notebook — without the rest of the library.
    /// </summary>
    [Fact]
    public void ScalarEngineUsesNothingElseInGlassbox()
    {
        var scalar = LibrarySources().Where(f => f.Relative.StartsWith("Scalar/", StringComparison.Ordinal)).ToList();
        Assert.True(scalar.Count >= 5, $"found only {scalar.Count} files under Scalar/");
        var rootTypes = typeof(Tensor).Assembly.GetExportedTypes().Where(t => t.Namespace == "Glassbox").Select(t => t.Name.Split('`')[0]).ToHashSet();
        foreach (var (relative, text) in scalar)
        {
            var code = string.Join("\n", text.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            Assert.DoesNotMatch(new Regex(@"^\s*using\s+Glassbox\.(?!Scalar\b)", RegexOptions.Multiline), code);
            var used = Regex.Matches(code, @"\b[A-Z]\w*\b").Select(m => m.Value).Where(rootTypes.Contains).Distinct().ToList();
            Assert.True(used.Count == 0, $"{relative} names {string.Join(", ", used)} from the Glassbox namespace");
        }
    }
}
