namespace Glassbox.Data;

/// <summary>One file of a registered dataset and how to check and obtain it.</summary>
/// <param name="Name">File name inside the dataset's folder.</param>
/// <param name="Sha256">Expected SHA-256 (lower-case hex) of the content, see <paramref name="HashDecompressed"/>.</param>
/// <param name="HashDecompressed">
/// True when the checksum is of the gzip-decompressed content rather than the file's bytes. Mirrors of MNIST
/// re-compress the same IDX files, so the .gz bytes differ between mirrors while the content is identical;
/// hashing the decompressed bytes accepts every faithful copy (and an uncompressed copy under the same name).
/// </param>
/// <param name="Url">Public download address, or null when the data cannot be fetched anonymously.</param>
public sealed record DatasetFile(string Name, string Sha256, bool HashDecompressed, string? Url);
