using System.Buffers;
using System.Text.Json;

namespace Glassbox.Serving;

/// <summary>
/// The JSON the server sends. Doubles are written in their shortest round-trip form, so a client that parses them as
/// float64 gets the very values the model computed; a non-finite value (which JSON cannot write as a number) is the
/// string "NaN", "Infinity" or "-Infinity", as in model files.
/// </summary>
internal static class ResponseJson
{
    /// <summary>
    /// <c>{"predictions": [...], "probabilities": [[...], ...], "classes": [...]}</c>: labels (int64) for a
    /// classifier, values for a regressor (a number per sample, or an array per sample when it predicts several);
    /// probabilities and classes only when the model gives probabilities.
    /// </summary>
    public static void Prediction(IBufferWriter<byte> output, PredictionBatch b, ModelSchema schema)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteStartArray("predictions"u8);
        if (b.Labels is { } labels)
            foreach (var l in labels) w.WriteNumberValue(l);
        else if (b.OutputWidth == 1)
            foreach (var v in b.Values!) Number(w, v);
        else
            for (int i = 0; i < b.Rows; i++)
            {
                w.WriteStartArray();
                for (int j = 0; j < b.OutputWidth; j++) Number(w, b.Values![i * b.OutputWidth + j]);
                w.WriteEndArray();
            }
        w.WriteEndArray();
        if (b.Probabilities is { } p)
        {
            w.WriteStartArray("probabilities"u8);
            for (int i = 0; i < b.Rows; i++)
            {
                w.WriteStartArray();
                for (int j = 0; j < b.ClassCount; j++) Number(w, p[i * b.ClassCount + j]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("classes"u8);
            foreach (var c in schema.Classes!) w.WriteNumberValue(c);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>The <c>GET /metadata</c> document: the schema with snake_case names.</summary>
    public static void Metadata(IBufferWriter<byte> output, ModelSchema s, ServerOptions options)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("model_type", s.ModelType);
        w.WriteString("task", s.Task);
        w.WriteStartObject("input");
        w.WriteStartArray("shape");
        foreach (var d in s.InputShape) w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteString("dtype", s.InputDType);
        if (s.FeatureNames is { } names)
        {
            w.WriteStartArray("feature_names");
            foreach (var n in names) w.WriteStringValue(n);
            w.WriteEndArray();
        }
        else w.WriteNull("feature_names");
        w.WriteBoolean("allows_missing", s.AllowsMissing);
        w.WriteEndObject();
        w.WriteStartObject("output");
        w.WriteString("predictions", s.IsClassifier ? "int64 class label per sample" : s.OutputWidth == 1 ? "float64 value per sample" : $"{s.OutputWidth} float64 values per sample");
        w.WriteBoolean("probabilities", s.HasProbabilities);
        if (s.Classes is { } classes)
        {
            w.WriteStartArray("classes");
            foreach (var c in classes) w.WriteNumberValue(c);
            w.WriteEndArray();
        }
        else w.WriteNull("classes");
        w.WriteEndObject();
        w.WriteStartObject("limits");
        w.WriteNumber("max_body_bytes", options.MaxBodyBytes);
        w.WriteNumber("max_batch_rows", options.MaxBatchRows);
        w.WriteNumber("batch_window_us", (long)options.BatchWindow.TotalMicroseconds);
        w.WriteNumber("queue_capacity", options.QueueCapacity);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary><c>{"error": message}</c>.</summary>
    public static void Error(IBufferWriter<byte> output, string message)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("error"u8, message);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }
}
