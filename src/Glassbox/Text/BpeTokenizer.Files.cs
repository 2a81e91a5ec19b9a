using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Glassbox.Data;

namespace Glassbox.Text;

public sealed partial class BpeTokenizer
{
    /// <summary>Largest vocabulary, merges or rank file accepted (GPT-2's are about 1 MB each).</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>Most tokens a file may declare (GPT-2 has 50,257).</summary>
    public const int MaxVocabSize = 1 << 22;

    private const string MergesHeader = "#version: 0.2";

    /// <summary>
    /// Reads GPT-2's format: <c>vocab.json</c>, a JSON object from token text (bytes written with
    /// <see cref="Gpt2ByteMap"/>) to id, ids exactly 0..N-1; and <c>merges.txt</c>, an optional first line starting
    /// "#version", then one merge per line, "<c>left right</c>" in token text, highest priority first.
    /// </summary>
    /// <exception cref="DataFormatException">Either file is too large, not UTF-8/JSON, has a malformed line, a
    /// duplicate token, id or merge, a gap in the ids, a character outside the byte map, a merge naming a token the
    /// vocabulary lacks or making one it lacks, or lacks a single-byte token; the message names the file and the spot.</exception>
    public static BpeTokenizer LoadGpt2(string vocabPath, string mergesPath)
    {
        var (tokens, byText) = ReadVocabJson(vocabPath);
        var merges = ReadMergesTxt(mergesPath, byText);
        try { return FromMerges(tokens, merges); }
        catch (ArgumentException ex) { throw new DataFormatException($"{vocabPath} + {mergesPath}", ex.Message, ex); }
    }

    /// <summary>
    /// Writes GPT-2's format (see <see cref="LoadGpt2"/>), each file atomically: it is written beside its
    /// destination under a temporary name and then renamed over it, so a crash leaves the old file or the new one.
    /// </summary>
    public void SaveGpt2(string vocabPath, string mergesPath)
    {
        var merges = Merges;
        using (var ms = new MemoryStream())
        {
            using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                for (int id = 0; id < _tokens.Length; id++) w.WriteNumber(TokenText(id), id);
                w.WriteEndObject();
            }
            WriteAtomic(vocabPath, ms.ToArray());
        }
        var sb = new StringBuilder(MergesHeader).Append('\n');
        foreach (var (l, r) in merges) sb.Append(TokenText(l)).Append(' ').Append(TokenText(r)).Append('\n');
        WriteAtomic(mergesPath, new UTF8Encoding(false).GetBytes(sb.ToString()));
    }

    /// <summary>
    /// Reads a tiktoken rank file: one token per line, "<c>base64-bytes rank</c>", ranks exactly 0..N-1 (in any
    /// line order); the rank is the token's id and its merge priority (<see cref="FromRanks"/>). Also reads the
    /// compact variant Microsoft.ML.Tokenizers ships: a first line "<c>Capacity: N</c>", then base64 alone on each
    /// line, the rank being the line's position among the token lines. One file uses one form throughout.
    /// </summary>
    /// <exception cref="DataFormatException">Too large, a malformed line, bad base64, a duplicate token or rank, a gap, or a missing single byte.</exception>
    public static BpeTokenizer LoadTiktoken(string path)
    {
        using var stream = OpenChecked(path);
        return ReadTiktoken(stream, path);
    }

    /// <summary>Reads a tiktoken rank file from a stream (e.g. a decompressed resource); <paramref name="sourceName"/> names it in errors.</summary>
    /// <inheritdoc cref="LoadTiktoken" path="/exception"/>
    public static BpeTokenizer ReadTiktoken(Stream stream, string sourceName)
    {
        var text = ReadAllText(stream, sourceName);
        var byRank = new Dictionary<int, byte[]>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNo = 0;
        bool? explicitRanks = null;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (lineNo == 1 && line.StartsWith("Capacity:", StringComparison.Ordinal))
            {
                if (!int.TryParse(line.AsSpan("Capacity:".Length).Trim(), System.Globalization.NumberStyles.None, null, out int cap) || cap > MaxVocabSize)
                    throw new DataFormatException(sourceName, $"line 1: \"{Clip(line)}\" is not \"Capacity: N\" with N at most {MaxVocabSize}.");
                continue;
            }
            int sp = line.IndexOf(' ');
            if (sp != line.LastIndexOf(' ') || sp == 0 || (explicitRanks ??= sp > 0) != sp > 0)
                throw new DataFormatException(sourceName, $"line {lineNo}: expected \"<base64> <rank>\"{(explicitRanks == false ? " or \"<base64>\" like the lines before" : "")}, found \"{Clip(line)}\".");
            var b64 = sp > 0 ? line[..sp] : line;
            var buf = new byte[b64.Length];
            if (!Convert.TryFromBase64String(b64, buf, out int len) || len == 0)
                throw new DataFormatException(sourceName, $"line {lineNo}: \"{Clip(b64)}\" is not non-empty base64.");
            if (len > MaxTokenBytes)
                throw new DataFormatException(sourceName, $"line {lineNo}: token is {len} bytes long (at most {MaxTokenBytes}).");
            int rank = seen.Count;
            if (sp > 0 && !int.TryParse(line.AsSpan(sp + 1), System.Globalization.NumberStyles.None, null, out rank))
                throw new DataFormatException(sourceName, $"line {lineNo}: rank \"{Clip(line[(sp + 1)..])}\" is not a non-negative integer.");
            if (rank >= MaxVocabSize)
                throw new DataFormatException(sourceName, $"line {lineNo}: rank {rank} is too large (at most {MaxVocabSize - 1}).");
            if (seen.TryGetValue(b64, out int prevLine))
                throw new DataFormatException(sourceName, $"line {lineNo}: duplicate token \"{Clip(b64)}\" (first on line {prevLine}).");
            if (!byRank.TryAdd(rank, buf[..len]))
                throw new DataFormatException(sourceName, $"line {lineNo}: duplicate rank {rank}.");
            seen[b64] = lineNo;
        }
        var tokens = new byte[byRank.Count][];
        for (int r = 0; r < tokens.Length; r++)
            tokens[r] = byRank.TryGetValue(r, out var t) ? t : throw new DataFormatException(sourceName, $"ranks must be 0..{tokens.Length - 1}, but rank {r} is missing.");
        try { return FromRanks(tokens); }
        catch (ArgumentException ex) { throw new DataFormatException(sourceName, ex.Message, ex); }
    }

    /// <summary>Writes this vocabulary as a tiktoken rank file (id as rank), atomically.</summary>
    public void SaveTiktoken(string path)
    {
        var sb = new StringBuilder();
        for (int id = 0; id < _tokens.Length; id++) sb.Append(Convert.ToBase64String(_tokens[id])).Append(' ').Append(id).Append('\n');
        WriteAtomic(path, Encoding.ASCII.GetBytes(sb.ToString()));
    }

    private static (byte[][] Tokens, Dictionary<string, int> ByText) ReadVocabJson(string path)
    {
        byte[] json;
        using (var s = OpenChecked(path)) { json = new byte[s.Length]; s.ReadExactly(json); }
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        var byId = new Dictionary<int, byte[]>();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new DataFormatException(path, "expected a JSON object mapping token text to id.");
            while (true)
            {
                if (!reader.Read()) throw new DataFormatException(path, "not valid JSON: the object is not closed.");
                if (reader.TokenType == JsonTokenType.EndObject) break;
                var text = reader.GetString()!;   // a property name: the reader guarantees it inside an object
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int id) || id < 0)
                    throw new DataFormatException(path, $"token \"{Clip(text)}\": the id must be a non-negative 32-bit integer.");
                if (byText.Count >= MaxVocabSize)
                    throw new DataFormatException(path, $"more than {MaxVocabSize} tokens.");
                if (text.Length == 0) throw new DataFormatException(path, $"id {id}: empty token text.");
                if (text.Length > MaxTokenBytes)
                    throw new DataFormatException(path, $"id {id}: token is {text.Length} bytes long (at most {MaxTokenBytes}).");
                if (!Gpt2ByteMap.TryDecode(text, out var bytes, out int bad))
                    throw new DataFormatException(path, $"id {id}: token \"{Clip(text)}\" has U+{(int)text[bad]:X4} at {bad}, which is not one of GPT-2's 256 byte characters.");
                if (!byText.TryAdd(text, id))
                    throw new DataFormatException(path, $"duplicate token \"{Clip(text)}\" (ids {byText[text]} and {id}).");
                if (!byId.TryAdd(id, bytes))
                    throw new DataFormatException(path, $"duplicate id {id} (tokens \"{Clip(Gpt2ByteMap.Encode(byId[id]))}\" and \"{Clip(text)}\").");
            }
            if (reader.Read()) throw new DataFormatException(path, "content after the JSON object.");
        }
        catch (JsonException ex) { throw new DataFormatException(path, $"not valid JSON: {ex.Message}", ex); }
        catch (InvalidOperationException ex) { throw new DataFormatException(path, $"not valid JSON: {ex.Message}", ex); }
        var tokens = new byte[byId.Count][];
        for (int id = 0; id < tokens.Length; id++)
            tokens[id] = byId.TryGetValue(id, out var t) ? t : throw new DataFormatException(path, $"ids must be 0..{tokens.Length - 1}, but id {id} is missing.");
        return (tokens, byText);
    }

    private static List<(int, int)> ReadMergesTxt(string path, Dictionary<string, int> byText)
    {
        string text;
        using (var s = OpenChecked(path)) text = ReadAllText(s, path);
        var merges = new List<(int, int)>();
        var seen = new Dictionary<(int, int), int>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (i == 0 && line.StartsWith("#version", StringComparison.Ordinal)) continue;
            if (line.Length == 0) continue;
            int sp = line.IndexOf(' ');
            if (sp <= 0 || sp == line.Length - 1 || sp != line.LastIndexOf(' '))
                throw new DataFormatException(path, $"line {i + 1}: expected \"left right\" (two tokens, one space), found \"{Clip(line)}\".");
            var left = line[..sp]; var right = line[(sp + 1)..];
            if (!byText.TryGetValue(left, out int l))
                throw new DataFormatException(path, $"line {i + 1}: unknown token \"{Clip(left)}\" (not in the vocabulary).");
            if (!byText.TryGetValue(right, out int r))
                throw new DataFormatException(path, $"line {i + 1}: unknown token \"{Clip(right)}\" (not in the vocabulary).");
            if (!byText.ContainsKey(left + right))
                throw new DataFormatException(path, $"line {i + 1}: merging \"{Clip(left)}\" and \"{Clip(right)}\" makes \"{Clip(left + right)}\", which is not in the vocabulary.");
            if (!seen.TryAdd((l, r), i + 1))
                throw new DataFormatException(path, $"line {i + 1}: duplicate merge \"{Clip(line)}\" (first on line {seen[(l, r)]}).");
            merges.Add((l, r));
        }
        return merges;
    }

    private static FileStream OpenChecked(string path)
    {
        var fs = File.OpenRead(path);
        if (fs.Length > MaxFileBytes)
        {
            long len = fs.Length;
            fs.Dispose();
            throw new DataFormatException(path, $"file is {len} bytes, larger than the {MaxFileBytes}-byte limit for tokenizer files.");
        }
        return fs;
    }

    private static string ReadAllText(Stream stream, string sourceName)
    {
        using var ms = new MemoryStream();
        var buf = new byte[81920];
        int n;
        while ((n = stream.Read(buf)) > 0)
        {
            if (ms.Length + n > MaxFileBytes) throw new DataFormatException(sourceName, $"larger than the {MaxFileBytes}-byte limit for tokenizer files.");
            ms.Write(buf, 0, n);
        }
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(ms.GetBuffer(), 0, (int)ms.Length); }
        catch (DecoderFallbackException ex) { throw new DataFormatException(sourceName, "not valid UTF-8 text.", ex); }
    }

    /// <summary>Shortens untrusted text quoted in an error message.</summary>
    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";

    private static void WriteAtomic(string path, byte[] bytes)
    {
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
}
