namespace Glassbox.Data;

/// <summary>Outcome of checking one dataset file against its registered checksum.</summary>
public enum FileState
{
    /// <summary>Present and the SHA-256 matches.</summary>
    Ok,
    /// <summary>Not present in the dataset folder.</summary>
    Missing,
    /// <summary>Present but the SHA-256 differs (corrupt, truncated or a different file).</summary>
    HashMismatch,
    /// <summary>Present but could not be read or decompressed (e.g. a broken gzip stream).</summary>
    Unreadable,
    /// <summary>
    /// Present and readable, but its structure is wrong in a way the checksum alone would not explain: bytes after
    /// the gzip member (gzip decoders skip them silently), or an IDX header whose declared size disagrees with the
    /// data (truncated, or trailing bytes). <see cref="FileStatus.Detail"/> says what.
    /// </summary>
    Malformed,
}
