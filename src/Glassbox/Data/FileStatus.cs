namespace Glassbox.Data;

/// <summary>Result of verifying one dataset file (<see cref="DatasetRegistry.Verify(string, string?)"/>).</summary>
/// <param name="File">The registered file.</param>
/// <param name="Path">Where it was looked for.</param>
/// <param name="State">What was found.</param>
/// <param name="ActualSha256">The checksum computed (hex), or null when the file was missing or unreadable.</param>
/// <param name="Detail">Why a file is unreadable or malformed, else null.</param>
public sealed record FileStatus(DatasetFile File, string Path, FileState State, string? ActualSha256, string? Detail = null)
{
    /// <summary>True when the file is present and verified.</summary>
    public bool IsOk => State == FileState.Ok;
}
