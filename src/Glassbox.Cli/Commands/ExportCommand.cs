using Glassbox.Onnx;
using Glassbox.Serving;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox export onnx MODEL --out FILE</c>: writes a trained network or a classical model as an ONNX model. A
/// classical model file (JSON, as <c>Save</c> writes it) is exported as <see cref="OnnxExporter.Export(ML.IEstimator, string, OnnxExportOptions?)"/>
/// describes (linear models, trees and their ensembles, StandardScaler pipelines). A network is rebuilt
/// exactly as <c>glassbox serve</c> rebuilds it — from the checkpoint and the architecture description beside it
/// (<c>CHECKPOINT.arch.json</c>, docs/serving.md) — so whatever can be served can be exported, and the file computes
/// what the server computes: the description's input standardisation is folded into the graph, and the output is
/// the network's (logits for a classifier).
/// </summary>
public static class ExportCommand
{
    /// <summary>What <c>glassbox export</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("export", """
        usage: glassbox export onnx MODEL --out FILE [--arch FILE] [--batch N]

          MODEL         a classical model file (.json, as Save writes it), or a network checkpoint (.safetensors:
                        a Glassbox checkpoint or a plain state dict) with its description MODEL.arch.json beside it
                        (the files `glassbox serve` takes)
          --out FILE    the .onnx file to write (atomically)
          --arch FILE   the network description when it is not MODEL.arch.json
          --batch N     a fixed batch size (default: a symbolic batch dimension "N", any size at run time)

        The file is ONNX opset 17 (docs/export.md), plus ai.onnx.ml 3 for tree models. A network's input is "input"
        [N, ...input shape] in float32, raw values (the description's standardisation is part of the graph), and
        its output "output" the network's outputs. A classical model's input is "input" [N, n_features] float32;
        "output" is predict (regressors), predict_proba (classifiers) or decision_function (LinearSVC), and
        classifiers have a second output "label" (predict, int64).
        """, [], ["out", "arch", "batch"], 2);

    /// <summary>Runs <c>glassbox export</c>; <paramref name="words"/> are the words after <c>export</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        var format = args.Positional(0) ?? throw new UsageException(Spec, "which format? 'onnx' is the one there is");
        if (format != "onnx") throw new UsageException(Spec, $"unknown export format '{format}'; expected onnx");
        var checkpoint = args.Positional(1) ?? throw new UsageException(Spec, "which checkpoint? give a classical model file (.json) or a network checkpoint (.safetensors)");
        var output = args.Option("out") ?? throw new UsageException(Spec, "--out FILE is required: where to write the .onnx file");
        int? batch = args.Option("batch") is null ? null : args.Int("batch", 1, min: 1, max: 1 << 20);
        if (!File.Exists(checkpoint)) throw new FileNotFoundException($"checkpoint not found: {checkpoint}", checkpoint);
        if (!checkpoint.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            if (args.Option("arch") is not null) throw new UsageException(Spec, "--arch is for network checkpoints (.safetensors)");
            return Classical(ctx, checkpoint, output, batch);
        }

        var model = NetworkModel.Load(checkpoint, args.Option("arch"));
        var description = model.Description;
        var options = new OnnxExportOptions
        {
            FixedBatchSize = batch,
            Normalize = description.Normalize,
            DocString = $"{description.Architecture.Name} exported by glassbox from {Path.GetFileName(checkpoint)}",
        };
        try
        {
            OnnxExporter.Export(model.Network, description.Architecture.InputShape.ToArray(), output, options);
        }
        catch (UnsupportedModuleException e)
        {
            throw new CommandFailedException($"{checkpoint}: {e.Message}", e);
        }
        var shape = string.Join(", ", description.Architecture.InputShape);
        ctx.Out.WriteLine($"wrote {output}: {description.Architecture.Name}, input [{(batch?.ToString() ?? "N")}, {shape}] float32, ONNX opset {OnnxExporter.Opset}");
        return 0;
    }

    /// <summary>Exports a classical model file; the model file's own errors name the file (ModelFormatException).</summary>
    private static int Classical(CliContext ctx, string path, string output, int? batch)
    {
        var model = ML.ModelFile.Load(path);
        try
        {
            OnnxExporter.Export(model, output, new OnnxExportOptions { FixedBatchSize = batch, DocString = $"{model.GetType().Name} exported by glassbox from {Path.GetFileName(path)}" });
        }
        catch (UnsupportedModuleException e)
        {
            throw new CommandFailedException($"{path}: {e.Message}", e);
        }
        var features = model.GetType().GetProperty("NFeaturesIn")?.GetValue(model);
        bool classifier = model is ML.IClassifier;
        ctx.Out.WriteLine($"wrote {output}: {model.GetType().Name}, input [{(batch?.ToString() ?? "N")}, {features}] float32, outputs output{(classifier ? " and label" : "")}, ONNX opset {OnnxExporter.Opset}");
        return 0;
    }
}
