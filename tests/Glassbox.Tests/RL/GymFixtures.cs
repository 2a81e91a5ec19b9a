using System.Text.Json;

namespace Glassbox.Tests.RL;

/// <summary>
/// Finds the Gymnasium reference trajectories (recorded from Gymnasium's own code; see their README) and turns
/// their absence into a visible skip. Looked up in <c>$GLASSBOX_FIXTURES</c> (the <c>gymnasium</c> folder itself, or
/// a fixtures root holding it), else at <c>../shared/fixtures/gymnasium</c> beside the repository root. The files
/// are read in place, never copied into the repository.
/// </summary>
public static class GymFixtures
{
    /// <summary>The environment variable that points at the fixtures.</summary>
    public const string EnvironmentVariable = "GLASSBOX_FIXTURES";

    /// <summary>The folder holding the trajectories, or null when none is found.</summary>
    public static string? Folder()
    {
        string? env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(env))
        {
            if (File.Exists(Path.Combine(env, "gymnasium", "README.md"))) return Path.Combine(env, "gymnasium");
            if (File.Exists(Path.Combine(env, "README.md"))) return env;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Glassbox.slnx")))
            {
                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "gymnasium"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        return null;
    }

    /// <summary>Parses <paramref name="relativePath"/> (e.g. <c>CartPole-v1.json</c>), or skips the test when it is absent.</summary>
    public static JsonElement Load(string relativePath)
    {
        string? folder = Folder();
        string? path = folder is null ? null : Path.Combine(folder, relativePath);
        Skip.If(path is null || !File.Exists(path),
            $"Gymnasium fixture {relativePath} not found (set {EnvironmentVariable} to shared/fixtures/gymnasium, or keep ../shared beside the repository)");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path!));
        return doc.RootElement.Clone();
    }

    /// <summary>A JSON number or decimal string as an unsigned 64-bit integer.</summary>
    public static ulong U64(JsonElement e) => e.ValueKind == JsonValueKind.String ? ulong.Parse(e.GetString()!) : e.GetUInt64();

    /// <summary>A JSON decimal string as an unsigned 128-bit integer.</summary>
    public static UInt128 U128(JsonElement e) => UInt128.Parse(e.GetString()!);

    /// <summary>A JSON array of numbers cast to float32 (each stored float32 value is its exact double).</summary>
    public static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
}
