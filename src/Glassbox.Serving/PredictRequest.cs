using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Glassbox.Serving;

/// <summary>
/// A parsed and checked <c>POST /predict</c> body: the samples as row-major float64 values, ready to join a batch.
/// </summary>
/// <remarks>
/// <para>Accepted bodies (one field only):</para>
/// <list type="bullet">
/// <item><c>{"rows": [[…], …]}</c> or its synonym <c>{"inputs": …}</c>: a nested array of shape [n, ...sample shape]
/// — for an estimator [n, n_features], for LeNet-5 [n, 1, 28, 28]. Every level's length is checked against the schema,
/// so a ragged or mis-shaped array is refused naming the first place it goes wrong.</item>
/// <item><c>{"instances": [{"name": value, …}, …]}</c> where the model has feature names: every feature exactly once
/// per instance, in any order; an unknown, missing or repeated name is refused naming it.</item>
/// </list>
/// <para>Values are JSON numbers, parsed as float64 (and converted to float32 for a network, where one outside the
/// float32 range is refused). A missing value may be sent as <c>null</c> or <c>"NaN"</c> only where the model reads
/// NaN as missing (<see cref="ModelSchema.AllowsMissing"/>); infinities never. At least one sample, at most
/// <see cref="MaxRows"/>.</para>
/// </remarks>
public sealed class PredictRequest
{
    /// <summary>The most samples in one request.</summary>
    public const int MaxRows = 1 << 20;

    private PredictRequest(double[] values, int rows) { Values = values; Rows = rows; }

    /// <summary>The samples, row-major (rows × sample size).</summary>
    public double[] Values { get; }

    /// <summary>Number of samples.</summary>
    public int Rows { get; }

    /// <summary>Parses and checks <paramref name="body"/> (UTF-8 JSON) against <paramref name="schema"/>.</summary>
    /// <exception cref="RequestException">400 naming the problem: malformed JSON, an unknown field, a wrong shape or feature name, a value that is not allowed.</exception>
    public static PredictRequest Parse(ReadOnlySpan<byte> body, ModelSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (body.IsEmpty) throw new RequestException(400, "empty body; expected a JSON object such as {\"rows\": [[...]]}");
        var p = new Parser(schema);
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            p.ReadRoot(ref reader);
        }
        catch (JsonException e) { throw new RequestException(400, $"malformed JSON: {e.Message}", e); }
        return new PredictRequest(p.TakeValues(), p.Rows);
    }

    private sealed class Parser(ModelSchema schema)
    {
        private readonly int sampleSize = schema.SampleSize;
        private readonly bool float32 = schema.InputDType == "float32";
        private double[] values = new double[Math.Max(16, schema.SampleSize)];
        private int count;

        public int Rows { get; private set; }

        public double[] TakeValues() => count == values.Length ? values : values.AsSpan(0, count).ToArray();

        private static RequestException Bad(string message) => new(400, message);

        public void ReadRoot(ref Utf8JsonReader r)
        {
            if (!r.Read()) throw Bad("no JSON value in the body; expected a JSON object such as {\"rows\": [[...]]}");
            if (r.TokenType != JsonTokenType.StartObject) throw Bad($"expected a JSON object such as {{\"rows\": [[...]]}}, got {Describe(r.TokenType)}");
            string? field = null;
            while (true)
            {
                Next(ref r);
                if (r.TokenType == JsonTokenType.EndObject) break;
                string name = r.GetString()!;
                if (name is not ("rows" or "inputs" or "instances")) throw Bad($"unknown field '{Names.Clip(name)}'; expected rows, inputs or instances");
                if (field is not null) throw Bad($"both '{field}' and '{name}' given; send one of rows, inputs or instances");
                field = name;
                Next(ref r);
                if (name == "instances") ReadInstances(ref r);
                else ReadBatch(ref r, name);
            }
            if (r.Read()) throw Bad($"unexpected {Describe(r.TokenType)} after the JSON object");
            if (field is null) throw Bad("no samples: expected a field rows, inputs or instances");
            if (Rows == 0) throw Bad($"'{field}' holds no samples; send at least one");
        }

        private static void Next(ref Utf8JsonReader r)
        {
            if (!r.Read()) throw new JsonException("the body ends inside the JSON object");
        }

        private void ReadBatch(ref Utf8JsonReader r, string field)
        {
            if (r.TokenType != JsonTokenType.StartArray)
                throw Bad($"'{field}' must be an array of samples of shape {ShapeText(schema.InputShape)}, got {Describe(r.TokenType)}");
            while (true)
            {
                Next(ref r);
                if (r.TokenType == JsonTokenType.EndArray) return;
                if (Rows == MaxRows) throw Bad($"'{field}' holds more than {MaxRows} samples");
                ReadLevel(ref r, 0, $"{field}[{Rows}]");
                Rows++;
            }
        }

        /// <summary>Reads the sample's dimension <paramref name="dim"/> (the reader is on its first token).</summary>
        private void ReadLevel(ref Utf8JsonReader r, int dim, string where)
        {
            int expected = schema.InputShape[dim];
            bool leaf = dim == schema.InputShape.Count - 1;
            if (r.TokenType != JsonTokenType.StartArray)
                throw Bad($"{where}: expected an array of {expected} {(leaf ? "values" : "arrays")}{ShapeHint(dim)}, got {Describe(r.TokenType)}");
            int n = 0;
            while (true)
            {
                Next(ref r);
                if (r.TokenType == JsonTokenType.EndArray) break;
                if (n == expected) throw Bad($"{where}: more than {expected} {(leaf ? "values" : "arrays")}{ShapeHint(dim)}");
                if (leaf) Add(ref r, $"{where}[{n}]");
                else ReadLevel(ref r, dim + 1, $"{where}[{n}]");
                n++;
            }
            if (n != expected) throw Bad($"{where}: {n} {(leaf ? "values" : "arrays")}, expected {expected}{ShapeHint(dim)}");
        }

        private string ShapeHint(int dim) => schema.InputShape.Count == 1
            ? $" (the model's {schema.InputShape[0]} features)"
            : $" (dimension {dim} of the sample shape {ShapeText(schema.InputShape)})";

        private void ReadInstances(ref Utf8JsonReader r)
        {
            var names = schema.FeatureNames
                ?? throw Bad($"this model has no feature names, so 'instances' cannot be read; send 'rows' of {schema.SampleSize} values each");
            if (r.TokenType != JsonTokenType.StartArray) throw Bad($"'instances' must be an array of objects, got {Describe(r.TokenType)}");
            var index = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
            for (int i = 0; i < names.Count; i++) index[names[i]] = i;
            var seen = new bool[names.Count];
            while (true)
            {
                Next(ref r);
                if (r.TokenType == JsonTokenType.EndArray) return;
                if (Rows == MaxRows) throw Bad($"'instances' holds more than {MaxRows} samples");
                string where = $"instances[{Rows}]";
                if (r.TokenType != JsonTokenType.StartObject) throw Bad($"{where}: expected an object of feature values, got {Describe(r.TokenType)}");
                Array.Clear(seen);
                Reserve(sampleSize);
                int start = count;
                int found = 0;
                while (true)
                {
                    Next(ref r);
                    if (r.TokenType == JsonTokenType.EndObject) break;
                    string name = r.GetString()!;
                    if (!index.TryGetValue(name, out int j))
                        throw Bad($"{where}: unknown feature '{Names.Clip(name)}'; the model's features are {List(names)}");
                    if (seen[j]) throw Bad($"{where}: feature '{Names.Clip(name)}' given twice");
                    seen[j] = true;
                    found++;
                    Next(ref r);
                    values[start + j] = Value(ref r, $"{where}.{Names.Clip(name)}");
                }
                if (found != names.Count)
                {
                    var missing = names.Where((_, j) => !seen[j]).ToList();
                    throw Bad($"{where}: missing feature{(missing.Count > 1 ? "s" : "")} {List(missing)}");
                }
                count += sampleSize;
                Rows++;
            }
        }

        private void Reserve(int more)
        {
            if (count + more <= values.Length) return;
            long size = Math.Max((long)values.Length * 2, (long)count + more);
            if (size > Array.MaxLength) throw Bad("the request holds too many values");
            Array.Resize(ref values, (int)size);
        }

        private void Add(ref Utf8JsonReader r, string where)
        {
            Reserve(1);
            values[count++] = Value(ref r, where);
        }

        private double Value(ref Utf8JsonReader r, string where)
        {
            switch (r.TokenType)
            {
                case JsonTokenType.Number:
                    if (!r.TryGetDouble(out double d) || !double.IsFinite(d))
                        throw Bad($"{where}: {Encoding.UTF8.GetString(r.ValueSpan)} is outside the float64 range");
                    if (float32 && !float.IsFinite((float)d))
                        throw Bad($"{where}: {d.ToString("R", CultureInfo.InvariantCulture)} is outside the float32 range of this network's inputs");
                    return d;
                case JsonTokenType.Null:
                    return Missing(where, "null");
                case JsonTokenType.String when r.ValueTextEquals("NaN"u8):
                    return Missing(where, "\"NaN\"");
                case JsonTokenType.String:
                    throw Bad($"{where}: expected a number, got the string \"{Names.Clip(r.GetString()!)}\"");
                default:
                    throw Bad($"{where}: expected a number, got {Describe(r.TokenType)}");
            }
        }

        private double Missing(string where, string token) => schema.AllowsMissing
            ? double.NaN
            : throw Bad($"{where}: missing value ({token}), but the {schema.ModelType} does not accept missing values (NaN); send a number");

        private static string List(IReadOnlyList<string> names) =>
            names.Count <= 10 ? string.Join(", ", names.Select(n => $"'{Names.Clip(n)}'")) : string.Join(", ", names.Take(10).Select(n => $"'{Names.Clip(n)}'")) + $", … ({names.Count} in all)";

        private static string ShapeText(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

        private static string Describe(JsonTokenType t) => t switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            _ => t.ToString(),
        };
    }
}
