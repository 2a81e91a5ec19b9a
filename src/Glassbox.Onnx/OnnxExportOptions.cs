namespace Glassbox.Onnx;

/// <summary>How <see cref="OnnxExporter"/> writes a model.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The graph input's name (what a runtime's <c>run</c> call keys the input by). Default <c>"input"</c>.</summary>
    public string InputName { get; init; } = "input";

    /// <summary>The graph output's name. Default <c>"output"</c>.</summary>
    public string OutputName { get; init; } = "output";

    /// <summary>
    /// The batch size written into the input and output shapes, or null (the default) for a symbolic batch dimension
    /// named <c>"N"</c>, so that one file runs any batch size.
    /// </summary>
    public int? FixedBatchSize { get; init; }

    /// <summary>
    /// Input standardisation folded into the graph's front, or null for none: x ← (x − mean)·(1/std), computed in
    /// float32 as two nodes (<c>Sub</c>, <c>Mul</c>), the way a served network standardises its inputs; the exported
    /// file then takes raw inputs.
    /// </summary>
    public (double Mean, double Std)? Normalize { get; init; }

    /// <summary>The graph's name. Default <c>"glassbox"</c>.</summary>
    public string GraphName { get; init; } = "glassbox";

    /// <summary>Free text stored as the model's <c>doc_string</c>.</summary>
    public string DocString { get; init; } = "";
}
