namespace Glassbox.ML;

/// <summary>
/// Thrown by <see cref="ModelFile.Load"/> when a model file is not one this library wrote, or was damaged or edited
/// into something it cannot trust: invalid JSON, an estimator type outside <see cref="EstimatorRegistry"/>, a
/// hyperparameter of the wrong kind or out of range, learned state of the wrong shape, dtype or value. The message
/// reads <c>"{file}: {field}: {what is wrong}"</c>, e.g. <c>model.json: params.MaxDepth: expected an integer, got "abc"</c>,
/// with the field as a dotted path from the root of the file (<c>params.Steps[1].estimator.state.coef</c>).
/// </summary>
/// <remarks>
/// <see cref="InvalidDataException"/> is sealed, so this derives from <see cref="IOException"/> — as
/// <see cref="EndOfStreamException"/> does — and a handler for I/O failures also sees a damaged model. Catch
/// <see cref="ModelFormatException"/> first to tell "the file is bad" from "the file cannot be read" (missing file,
/// no permission), which stays a plain <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.
/// </remarks>
public sealed class ModelFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The model file, or null when the JSON did not come from a file.</param>
    /// <param name="field">Dotted path of the offending field from the root of the file; "$" for the root itself.</param>
    /// <param name="detail">What is wrong with it.</param>
    /// <param name="inner">The lower-level error, when there was one.</param>
    public ModelFormatException(string? path, string field, string detail, Exception? inner = null)
        : base($"{path ?? "model file"}: {field}: {detail}", inner)
    {
        Path = path;
        Field = field;
        Detail = detail;
    }

    /// <summary>The model file, or null when the JSON did not come from a file.</summary>
    public string? Path { get; }

    /// <summary>Dotted path of the offending field from the root of the file ("$" for the root).</summary>
    public string Field { get; }

    /// <summary>What is wrong with the field, without the file and field names.</summary>
    public string Detail { get; }

    /// <summary>The same error attributed to <paramref name="path"/> (state and parameter readers do not know the file).</summary>
    internal ModelFormatException WithPath(string path) => Path is null ? new ModelFormatException(path, Field, Detail, InnerException) : this;
}
