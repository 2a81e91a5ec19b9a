using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glassbox.Serving;

/// <summary>
/// What a safetensors checkpoint alone does not say about a network, so that it can be served: the architecture
/// (from a fixed table, with its constructor arguments), the task, the input standardisation the network was trained
/// with, and optional feature names. Stored as a small JSON file beside the checkpoint (<see cref="PathFor"/>):
/// </summary>
/// <example><code>
/// {
///   "format": "glassbox-network-v1",
///   "architecture": "mlp",
///   "args": {"in_features": 784, "hidden": [512, 256], "out_features": 10, "activation": "relu"},
///   "task": "classification",
///   "normalize": {"mean": 0.1307, "std": 0.3081}
/// }
/// </code></example>
/// <remarks>
/// <para><b>Fields.</b> <c>format</c> is exactly <see cref="Format"/>. <c>architecture</c> is <c>"mlp"</c>
/// (<see cref="MlpArchitecture"/>: <c>in_features</c>, <c>hidden</c>, <c>out_features</c>, optional
/// <c>activation</c> relu|tanh|sigmoid|gelu, default relu) or <c>"lenet5"</c> (<see cref="LeNet5Architecture"/>:
/// optional <c>num_classes</c> (10), <c>activation</c> tanh|relu (tanh), <c>pooling</c> average|max (average)).
/// <c>task</c> (optional, default classification) is <c>"classification"</c> (outputs are logits: the prediction is
/// the arg-max, probabilities the softmax) or <c>"regression"</c> (outputs are the predicted values).
/// <c>normalize</c> (optional) standardises every input value as the training data was: x ← (x − mean)·(1/std),
/// in float32, the two steps of the recipes' <c>Standardize</c>. <c>feature_names</c> (optional, 1-D inputs only)
/// names the inputs.</para>
/// <para><b>Hostile files.</b> A description is read with the rules of the model files (docs/security.md): at most
/// <see cref="MaxFileBytes"/> bytes and 16 levels of JSON; unknown fields, a wrong JSON kind, or a number out of its
/// range are errors (<see cref="InvalidDataException"/> naming the file and the field); the architecture name is looked
/// up in a fixed table. A description names no other file: the checkpoint is the file it sits beside, chosen by
/// whoever starts the server. Widths are bounded (<see cref="MaxWidth"/>, <see cref="MaxLayers"/>), and
/// <see cref="NetworkModel.Load"/> checks the parameter count against the checkpoint's size before building the
/// network, so a description cannot make the server allocate more than its weights take.</para>
/// </remarks>
/// <param name="Architecture">The network shape.</param>
/// <param name="Task">What the outputs mean.</param>
/// <param name="Normalize">Input standardisation (mean, std), or null for none.</param>
/// <param name="FeatureNames">Names of the inputs (1-D input shapes only), or null.</param>
public sealed record NetworkDescription(NetworkArchitecture Architecture, NetworkTask Task = NetworkTask.Classification,
    (double Mean, double Std)? Normalize = null, IReadOnlyList<string>? FeatureNames = null)
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string Format = "glassbox-network-v1";

    /// <summary>The largest description file read.</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>The largest layer width or input size accepted.</summary>
    public const int MaxWidth = 1 << 20;

    /// <summary>The most hidden layers accepted.</summary>
    public const int MaxLayers = 64;

    /// <summary>The description that belongs to a checkpoint: <c>model.safetensors</c> → <c>model.arch.json</c>.</summary>
    public static string PathFor(string checkpointPath)
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        return Path.ChangeExtension(checkpointPath, null) + ".arch.json";
    }

    /// <summary>Checks the fields' relations: feature names only for 1-D inputs and one per input; a positive, finite std.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Architecture);
        if (FeatureNames is not null)
        {
            if (Architecture.InputShape.Count != 1) throw new ArgumentException($"feature_names: only 1-D inputs have feature names; {Architecture.Name} takes [{string.Join(", ", Architecture.InputShape)}]");
            Names.Check(FeatureNames, Architecture.InputShape[0]);
        }
        if (Normalize is { } n && (!double.IsFinite(n.Mean) || !double.IsFinite(n.Std) || !(n.Std > 0)))
            throw new ArgumentException($"normalize: mean must be finite and std finite and > 0, got mean {n.Mean}, std {n.Std}");
        if (!Enum.IsDefined(Task)) throw new ArgumentException($"task: not a defined NetworkTask ({Task})");
    }

    /// <summary>Writes the description to <paramref name="path"/> atomically (temporary file, flushed, renamed over the target).</summary>
    public void Save(string path)
    {
        Validate();
        var root = new JsonObject
        {
            ["format"] = Format,
            ["architecture"] = Architecture.Name,
            ["args"] = Architecture.ArgsToJson(),
            ["task"] = Task == NetworkTask.Regression ? "regression" : "classification",
        };
        if (Normalize is { } n) root["normalize"] = new JsonObject { ["mean"] = n.Mean, ["std"] = n.Std };
        if (FeatureNames is not null) root["feature_names"] = new JsonArray(FeatureNames.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
        var bytes = Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Reads a description file (untrusted input: see the remarks).</summary>
    /// <exception cref="InvalidDataException">The file is too large or not a valid description (the message names the file and the field).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static NetworkDescription Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read);
        if (fs.Length > MaxFileBytes) throw new InvalidDataException($"{path}: network description of {fs.Length} bytes; the limit is {MaxFileBytes}");
        var bytes = new byte[(int)fs.Length];
        fs.ReadExactly(bytes);
        return Parse(bytes, path);
    }

    /// <summary>Parses a description; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Not a valid description.</exception>
    public static NetworkDescription Parse(ReadOnlySpan<byte> json, string source)
    {
        if (json.Length > MaxFileBytes) throw new InvalidDataException($"{source}: network description of {json.Length} bytes; the limit is {MaxFileBytes}");
        JsonNode? root;
        try { root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: not valid JSON ({e.Message})", e); }
        var r = new Reader(source);
        var o = r.Object(root, "$");
        r.OnlyFields(o, "$", "format", "architecture", "args", "task", "normalize", "feature_names");
        var format = r.String(r.Required(o, "format"), "format");
        if (format != Format) throw r.Bad("format", $"is '{Names.Clip(format)}', expected '{Format}'");
        var name = r.String(r.Required(o, "architecture"), "architecture");
        var args = o.TryGetPropertyValue("args", out var a) && a is not null ? r.Object(a, "args") : [];
        NetworkArchitecture arch = name switch
        {
            "mlp" => ReadMlp(r, args),
            "lenet5" => ReadLeNet5(r, args),
            _ => throw r.Bad("architecture", $"unknown architecture '{Names.Clip(name)}'; expected mlp or lenet5"),
        };
        var task = NetworkTask.Classification;
        if (o.TryGetPropertyValue("task", out var t) && t is not null)
            task = r.String(t, "task") switch
            {
                "classification" => NetworkTask.Classification,
                "regression" => NetworkTask.Regression,
                var s => throw r.Bad("task", $"is '{Names.Clip(s)}'; expected classification or regression"),
            };
        (double, double)? normalize = null;
        if (o.TryGetPropertyValue("normalize", out var n) && n is not null)
        {
            var no = r.Object(n, "normalize");
            r.OnlyFields(no, "normalize", "mean", "std");
            double mean = r.Double(r.Required(no, "mean", "normalize.mean"), "normalize.mean");
            double std = r.Double(r.Required(no, "std", "normalize.std"), "normalize.std");
            if (!(std > 0)) throw r.Bad("normalize.std", $"must be > 0, got {std.ToString(CultureInfo.InvariantCulture)}");
            normalize = (mean, std);
        }
        List<string>? features = null;
        if (o.TryGetPropertyValue("feature_names", out var fnode) && fnode is not null)
        {
            if (fnode is not JsonArray fa) throw r.Bad("feature_names", $"expected an array of strings, got {Reader.Kind(fnode)}");
            features = [];
            for (int i = 0; i < fa.Count; i++) features.Add(r.String(fa[i], $"feature_names[{i}]"));
        }
        var d = new NetworkDescription(arch, task, normalize, features);
        try { d.Validate(); }
        catch (ArgumentException e) { throw new InvalidDataException($"{source}: network description: {e.Message}", e); }
        return d;
    }

    private static MlpArchitecture ReadMlp(Reader r, JsonObject args)
    {
        r.OnlyFields(args, "args", "in_features", "hidden", "out_features", "activation");
        int inF = r.Int(r.Required(args, "in_features", "args.in_features"), "args.in_features", 1, MaxWidth);
        int outF = r.Int(r.Required(args, "out_features", "args.out_features"), "args.out_features", 1, MaxWidth);
        var hn = r.Required(args, "hidden", "args.hidden");
        if (hn is not JsonArray ha) throw r.Bad("args.hidden", $"expected an array of layer widths, got {Reader.Kind(hn)}");
        if (ha.Count > MaxLayers) throw r.Bad("args.hidden", $"{ha.Count} hidden layers; at most {MaxLayers}");
        var hidden = new int[ha.Count];
        for (int i = 0; i < hidden.Length; i++) hidden[i] = r.Int(ha[i], $"args.hidden[{i}]", 1, MaxWidth);
        var act = MlpActivation.ReLU;
        if (args.TryGetPropertyValue("activation", out var an) && an is not null)
            act = r.String(an, "args.activation") switch
            {
                "relu" => MlpActivation.ReLU,
                "tanh" => MlpActivation.Tanh,
                "sigmoid" => MlpActivation.Sigmoid,
                "gelu" => MlpActivation.Gelu,
                var s => throw r.Bad("args.activation", $"is '{Names.Clip(s)}'; expected relu, tanh, sigmoid or gelu"),
            };
        return new MlpArchitecture(inF, hidden, outF, act);
    }

    private static LeNet5Architecture ReadLeNet5(Reader r, JsonObject args)
    {
        r.OnlyFields(args, "args", "num_classes", "activation", "pooling");
        int classes = args.TryGetPropertyValue("num_classes", out var cn) && cn is not null ? r.Int(cn, "args.num_classes", 1, MaxWidth) : 10;
        var act = Models.LeNet5Activation.Tanh;
        if (args.TryGetPropertyValue("activation", out var an) && an is not null)
            act = r.String(an, "args.activation") switch
            {
                "tanh" => Models.LeNet5Activation.Tanh,
                "relu" => Models.LeNet5Activation.ReLU,
                var s => throw r.Bad("args.activation", $"is '{Names.Clip(s)}'; expected tanh or relu"),
            };
        var pool = Models.LeNet5Pooling.Average;
        if (args.TryGetPropertyValue("pooling", out var pn) && pn is not null)
            pool = r.String(pn, "args.pooling") switch
            {
                "average" => Models.LeNet5Pooling.Average,
                "max" => Models.LeNet5Pooling.Max,
                var s => throw r.Bad("args.pooling", $"is '{Names.Clip(s)}'; expected average or max"),
            };
        return new LeNet5Architecture(classes, act, pool);
    }

    internal static string ActivationName(MlpActivation a) => a switch
    {
        MlpActivation.ReLU => "relu",
        MlpActivation.Tanh => "tanh",
        MlpActivation.Sigmoid => "sigmoid",
        MlpActivation.Gelu => "gelu",
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "not a defined MlpActivation"),
    };

    /// <summary>Typed field access that turns every mismatch into an <see cref="InvalidDataException"/> naming the file and field.</summary>
    private sealed class Reader(string source)
    {
        public InvalidDataException Bad(string field, string problem) => new($"{source}: network description field '{field}': {problem}");

        public static string Kind(JsonNode? n) => n switch
        {
            null => "null",
            JsonObject => "an object",
            JsonArray => "an array",
            JsonValue v => v.GetValueKind() switch
            {
                JsonValueKind.String => "a string",
                JsonValueKind.Number => "a number",
                JsonValueKind.True or JsonValueKind.False => "a boolean",
                _ => "a value",
            },
            _ => "a value",
        };

        public JsonObject Object(JsonNode? n, string field) => n as JsonObject ?? throw Bad(field, $"expected an object, got {Kind(n)}");

        public JsonNode Required(JsonObject o, string name, string? field = null) =>
            o.TryGetPropertyValue(name, out var v) && v is not null ? v : throw Bad(field ?? name, "missing");

        public void OnlyFields(JsonObject o, string field, params string[] allowed)
        {
            foreach (var (k, _) in o)
                if (!allowed.Contains(k)) throw Bad(field == "$" ? k : $"{field}.{k}", $"unknown field; expected {string.Join(", ", allowed)}");
        }

        public string String(JsonNode? n, string field) =>
            n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Bad(field, $"expected a string, got {Kind(n)}");

        public double Double(JsonNode? n, string field)
        {
            if (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && double.IsFinite(d)) return d;
            throw Bad(field, $"expected a finite number, got {Kind(n)}");
        }

        public int Int(JsonNode? n, string field, int min, int max)
        {
            if (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l))
            {
                if (l < min || l > max) throw Bad(field, $"must be an integer from {min} to {max}, got {l}");
                return (int)l;
            }
            throw Bad(field, $"expected an integer from {min} to {max}, got {(n is JsonValue ? n.ToJsonString() : Kind(n))}");
        }
    }
}

/// <summary>What a network's outputs mean.</summary>
public enum NetworkTask
{
    /// <summary>Logits: the prediction is the arg-max class, probabilities are the softmax.</summary>
    Classification,
    /// <summary>The outputs are the predicted values.</summary>
    Regression,
}
