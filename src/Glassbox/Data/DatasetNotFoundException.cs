namespace Glassbox.Data;

/// <summary>
/// A registered dataset's files are missing (or failed verification) and could not be downloaded — no
/// network, no public URL (Kaggle data), or the download did not match its checksum. The message lists
/// every missing file and the exact folder to put it in, so the fix is a copy command away.
/// </summary>
public sealed class DatasetNotFoundException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> should already name files and folder.</summary>
    public DatasetNotFoundException(string dataset, string folder, IReadOnlyList<string> missingFiles, string message, Exception? inner = null)
        : base(message, inner)
    {
        Dataset = dataset;
        Folder = folder;
        MissingFiles = missingFiles;
    }

    /// <summary>Registry name of the dataset (e.g. <c>"mnist"</c>).</summary>
    public string Dataset { get; }

    /// <summary>The folder where the files are expected.</summary>
    public string Folder { get; }

    /// <summary>File names (relative to <see cref="Folder"/>) that are missing or invalid.</summary>
    public IReadOnlyList<string> MissingFiles { get; }
}
