namespace Glassbox.Data;

/// <summary>
/// Where downloaded datasets live. Resolution order: an explicit folder (a <c>--data-dir</c> argument), else
/// the <c>GLASSBOX_DATA</c> environment variable, else a per-user cache folder. Each dataset sits in a
/// subfolder named after it (<c>mnist/</c>, <c>fashion-mnist/</c>, <c>tinyshakespeare/</c>, <c>titanic/</c>).
/// </summary>
/// <remarks>Plays the role of torchvision's <c>root</c> argument and scikit-learn's <c>data_home</c>.</remarks>
public static class DataDirectory
{
    /// <summary>The environment variable consulted when no folder is passed explicitly.</summary>
    public const string EnvironmentVariable = "GLASSBOX_DATA";

    /// <summary>The command-line option recognised by <see cref="FromArgs"/>.</summary>
    public const string Option = "--data-dir";

    /// <summary>
    /// The per-user cache: <c>LocalApplicationData/glassbox/datasets</c> (on Linux <c>~/.local/share/…</c>),
    /// or <c>~/.cache/glassbox/datasets</c> when the platform reports no local application-data folder.
    /// </summary>
    public static string DefaultCache
    {
        get
        {
            string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            if (!string.IsNullOrEmpty(local)) return Path.Combine(local, "glassbox", "datasets");
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".cache", "glassbox", "datasets");
        }
    }

    /// <summary>
    /// The root data folder as an absolute path: <paramref name="dataDir"/> if given, else
    /// <c>$GLASSBOX_DATA</c> if set and non-empty, else <see cref="DefaultCache"/>. Nothing is created.
    /// </summary>
    /// <remarks>
    /// A relative path is taken relative to the current directory when that folder exists; otherwise relative to
    /// the nearest ancestor of the current directory where it exists. That way a project-relative setting such as
    /// <c>GLASSBOX_DATA=../shared/datasets</c> also works from <c>bin/Debug/net10.0</c>, where test runners start.
    /// </remarks>
    public static string Resolve(string? dataDir = null)
        => ResolveFrom(dataDir, Environment.GetEnvironmentVariable(EnvironmentVariable), Directory.GetCurrentDirectory());

    internal static string ResolveFrom(string? dataDir, string? env, string cwd)
    {
        string? chosen = !string.IsNullOrWhiteSpace(dataDir) ? dataDir : !string.IsNullOrWhiteSpace(env) ? env : null;
        if (chosen is null) return DefaultCache;
        if (Path.IsPathRooted(chosen)) return Path.GetFullPath(chosen);
        for (var d = new DirectoryInfo(cwd); d is not null; d = d.Parent)
        {
            string candidate = Path.GetFullPath(Path.Combine(d.FullName, chosen));
            if (Directory.Exists(candidate)) return candidate;
        }
        return Path.GetFullPath(Path.Combine(cwd, chosen));
    }

    /// <summary>The folder of dataset <paramref name="name"/> under the resolved root.</summary>
    public static string ForDataset(string name, string? dataDir = null) => Path.Combine(Resolve(dataDir), name);

    /// <summary>
    /// Extracts the value of <c>--data-dir PATH</c> or <c>--data-dir=PATH</c> from command-line arguments,
    /// or null when absent; pass the result to <see cref="Resolve"/> or any <see cref="DatasetRegistry"/> loader.
    /// </summary>
    public static string? FromArgs(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == Option)
            {
                if (i + 1 >= args.Count) throw new ArgumentException($"{Option} needs a folder argument");
                return args[i + 1];
            }
            if (args[i].StartsWith(Option + "=", StringComparison.Ordinal)) return args[i][(Option.Length + 1)..];
        }
        return null;
    }
}
