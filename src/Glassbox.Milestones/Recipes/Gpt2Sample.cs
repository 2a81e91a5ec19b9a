using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Glassbox.Text;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// A committed check of GPT-2 parity that needs no GPT-2 files at run time: a sample text, the ids an independent
/// GPT-2 tokenizer (Microsoft.ML.Tokenizers 3.0, a test-only package) gives it, and just the GPT-2 tokens that
/// encoding it can touch. <c>Gpt2ParityTests</c> rebuilds it from the packages and requires it to be identical.
/// </summary>
/// <remarks>
/// Why a sub-vocabulary is enough: while a piece is merged, every token that appears — each part, and each
/// candidate pair's concatenation — is a substring of that piece. So keeping every GPT-2 token that is a substring of
/// some piece of the text (plus the 256 bytes), in GPT-2's rank order, leaves each step's candidates and their order
/// unchanged, and the encoder must give exactly GPT-2's ids (after mapping the local ids back).
/// </remarks>
/// <param name="Text">The sample.</param>
/// <param name="Ids">The reference tokenizer's GPT-2 ids for it.</param>
/// <param name="TokenIds">GPT-2 ids of the kept tokens, increasing.</param>
/// <param name="TokenBytes">Their bytes.</param>
public sealed record Gpt2Sample(string Text, int[] Ids, int[] TokenIds, byte[][] TokenBytes)
{
    /// <summary>File name of the sample under src/Glassbox.Milestones/Resources (embedded in the assembly).</summary>
    public const string FileName = "gpt2-sample.json";

    private const string ResourceName = "Glassbox.Milestones.Resources." + FileName;

    /// <summary>The sample text: a few sentences of ordinary prose followed by <paramref name="extra"/> strings, one per line.</summary>
    public static string DefaultText(IEnumerable<string> extra) =>
        "The quick brown fox doesn't jump; it waits. Tokenizers split text into pieces, then merge bytes into tokens.\n" +
        "FIRST CITIZEN: We'll hear the rest tomorrow, won't we? I'd rather not -- they've said enough.\n\n" +
        "  Numbers like 1984, 3.5 and 1,000,000 split into runs of digits.\n" +
        string.Join("\n", extra);

    /// <summary>Builds the sample's JSON from GPT-2's vocabulary (<paramref name="gpt2"/>, ids = GPT-2 ranks) and the reference's ids.</summary>
    public static string Build(BpeTokenizer gpt2, string text, int[] ids)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        int longest = 0;
        for (int id = 0; id < gpt2.VocabSize; id++) longest = Math.Max(longest, gpt2.TokenBytes(id).Length);
        var keep = new SortedSet<int>(Enumerable.Range(0, 256).Select(b => gpt2.ByteToken((byte)b)));
        var pieces = new List<Range>();
        Gpt2PreTokenizer.Split(bytes, pieces);
        foreach (var r in pieces)
        {
            var piece = bytes.AsSpan(r);
            for (int s = 0; s < piece.Length; s++)
                for (int len = 1; len <= Math.Min(longest, piece.Length - s); len++)
                    if (gpt2.TryGetId(piece.Slice(s, len), out int id)) keep.Add(id);
        }
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("about", "GPT-2 ids of 'text' from Microsoft.ML.Tokenizers 3.0 (TiktokenTokenizer gpt2), and the GPT-2 tokens [id, base64 bytes] that encoding it can touch. Written by Gpt2ParityTests (GLASSBOX_WRITE_FIXTURES=1).");
            w.WriteString("text", text);
            w.WriteStartArray("ids");
            foreach (int id in ids) w.WriteNumberValue(id);
            w.WriteEndArray();
            w.WriteStartArray("tokens");
            foreach (int id in keep)
            {
                w.WriteStartArray();
                w.WriteNumberValue(id);
                w.WriteStringValue(Convert.ToBase64String(gpt2.TokenBytes(id)));
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>The embedded JSON as text.</summary>
    public static string ReadResourceText()
    {
        using var s = typeof(Gpt2Sample).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Glassbox.Milestones: embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(s, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Reads the embedded sample.</summary>
    /// <exception cref="Glassbox.Data.DataFormatException">The embedded file lacks a field or has a malformed token.</exception>
    public static Gpt2Sample Load()
    {
        try
        {
            using var doc = JsonDocument.Parse(ReadResourceText());
            var root = doc.RootElement;
            var ids = root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var tokens = root.GetProperty("tokens").EnumerateArray().Select(e => (Id: e[0].GetInt32(), Bytes: Convert.FromBase64String(e[1].GetString()!))).ToArray();
            return new Gpt2Sample(root.GetProperty("text").GetString()!, ids, tokens.Select(t => t.Id).ToArray(), tokens.Select(t => t.Bytes).ToArray());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new Glassbox.Data.DataFormatException(ResourceName, $"not a GPT-2 sample: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Encodes <see cref="Text"/> with the kept tokens in GPT-2's rank order and compares with <see cref="Ids"/>:
    /// whether they are identical, and the first position where they differ (-1 when identical).
    /// </summary>
    public (bool Identical, int FirstDifference, int[] Actual) Check()
    {
        var local = BpeTokenizer.FromRanks(TokenBytes);
        var actual = local.Encode(Text).Select(i => TokenIds[i]).ToArray();
        int n = Math.Min(actual.Length, Ids.Length), first = 0;
        while (first < n && actual[first] == Ids[first]) first++;
        bool same = first == n && actual.Length == Ids.Length;
        return (same, same ? -1 : first, actual);
    }
}
