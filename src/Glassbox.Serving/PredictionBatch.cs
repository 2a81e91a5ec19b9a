namespace Glassbox.Serving;

/// <summary>
/// The predictions for <see cref="Rows"/> samples, row-major: labels for a classifier (with probabilities when it has
/// them), values for a regressor. <see cref="Slice"/> cuts out one request's rows after a batched prediction.
/// </summary>
public sealed class PredictionBatch
{
    /// <summary>Creates a batch; the arrays are used as given (not copied).</summary>
    /// <param name="rows">Number of samples.</param>
    /// <param name="labels">Class labels [rows] (classifiers), else null.</param>
    /// <param name="values">Predicted values [rows × outputWidth] (regressors), else null.</param>
    /// <param name="outputWidth">Values per sample in <paramref name="values"/>.</param>
    /// <param name="probabilities">Class probabilities [rows × classCount], else null.</param>
    /// <param name="classCount">Columns of <paramref name="probabilities"/>.</param>
    public PredictionBatch(int rows, long[]? labels, double[]? values, int outputWidth, double[]? probabilities, int classCount)
    {
        if ((labels is null) == (values is null)) throw new ArgumentException("PredictionBatch: exactly one of labels and values must be given");
        if (labels is not null && labels.Length != rows) throw new ArgumentException($"PredictionBatch: {labels.Length} labels for {rows} rows");
        if (values is not null && values.Length != (long)rows * outputWidth) throw new ArgumentException($"PredictionBatch: {values.Length} values for {rows} rows × {outputWidth}");
        if (probabilities is not null && probabilities.Length != (long)rows * classCount)
            throw new ArgumentException($"PredictionBatch: {probabilities.Length} probabilities for {rows} rows × {classCount} classes");
        Rows = rows; Labels = labels; Values = values; OutputWidth = outputWidth; Probabilities = probabilities; ClassCount = classCount;
    }

    /// <summary>Number of samples.</summary>
    public int Rows { get; }

    /// <summary>Class labels, one per sample (classifiers); null for regressors.</summary>
    public long[]? Labels { get; }

    /// <summary>Predicted values, <see cref="OutputWidth"/> per sample (regressors); null for classifiers.</summary>
    public double[]? Values { get; }

    /// <summary>Values per sample in <see cref="Values"/>.</summary>
    public int OutputWidth { get; }

    /// <summary>Class probabilities, <see cref="ClassCount"/> per sample, or null.</summary>
    public double[]? Probabilities { get; }

    /// <summary>Columns of <see cref="Probabilities"/>.</summary>
    public int ClassCount { get; }

    /// <summary>Rows <c>[start, start + count)</c> as a new batch (copies).</summary>
    public PredictionBatch Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Rows) throw new ArgumentOutOfRangeException(nameof(start), $"PredictionBatch.Slice: rows [{start}, {start + count}) outside [0, {Rows})");
        if (start == 0 && count == Rows) return this;
        return new PredictionBatch(count,
            Labels?.AsSpan(start, count).ToArray(),
            Values?.AsSpan(start * OutputWidth, count * OutputWidth).ToArray(), OutputWidth,
            Probabilities?.AsSpan(start * ClassCount, count * ClassCount).ToArray(), ClassCount);
    }
}
