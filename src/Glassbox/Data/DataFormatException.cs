namespace Glassbox.Data;

/// <summary>
/// A data file exists but its content is not what its format promises: wrong magic number, truncated
/// payload, a header whose sizes disagree with the bytes present, or a pair of files that disagree with
/// each other (e.g. 60000 images but 59999 labels). The message always names the file and the defect.
/// </summary>
/// <remarks>
/// Loaders throw this instead of returning partially filled arrays: a model silently trained on half a
/// dataset is much harder to diagnose than a load that refuses. It is not an <see cref="InvalidDataException"/>
/// only because that type is sealed; together the two are the complete set of format errors Glassbox's data
/// readers raise (the latter for gzip streams and model files).
/// </remarks>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/> with a description of the defect.</summary>
    public DataFormatException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file (or logical source name) whose content is malformed.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
