using System.Text;
using System.Text.Json;

namespace Glassbox.Text;

/// <summary>
/// A character-level tokenizer: every distinct character of a training text is one token, and the ids are the
/// characters' positions in code-point order — nanoGPT's <c>shakespeare_char</c> rule
/// (<c>chars = sorted(list(set(data)))</c>, <c>stoi = {ch: i}</c>). On tiny Shakespeare that gives 65 tokens:
/// newline (0), space (1), then punctuation, digits and letters in ASCII order.
/// </summary>
/// <remarks>
/// <para>A "character" is a Unicode scalar value (<see cref="Rune"/>), as in a Python <c>str</c>, not a UTF-16
/// code unit: a character outside the Basic Multilingual Plane (an emoji) is one token here as it is in nanoGPT,
/// not two surrogate halves.</para>
/// <para>There is no unknown-token fallback: a character the vocabulary lacks has no id, and
/// <see cref="Encode"/> throws naming it and where it occurs rather than silently dropping or remapping it.</para>
/// <para>Saved as UTF-8 JSON <c>{"type": "char", "vocab": ["\n", " ", "!", …]}</c>, the list in id order; the
/// write is atomic (temporary file, then rename).</para>
/// </remarks>
public sealed class CharTokenizer
{
    private readonly Rune[] vocab;
    private readonly Dictionary<Rune, int> ids;

    /// <summary>Creates a tokenizer over the sorted distinct characters of <paramref name="text"/> (nanoGPT's rule).</summary>
    /// <exception cref="ArgumentException">The text is empty or holds a lone surrogate (not valid Unicode).</exception>
    public static CharTokenizer FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new ArgumentException("CharTokenizer.FromText: the text is empty, so there is no vocabulary");
        var set = new HashSet<Rune>();
        foreach (var r in Runes(text, "CharTokenizer.FromText")) set.Add(r);
        var sorted = set.ToArray();
        Array.Sort(sorted);
        return new CharTokenizer(sorted);
    }

    /// <summary>Creates a tokenizer whose token i is <paramref name="vocabulary"/>[i].</summary>
    /// <exception cref="ArgumentException">The vocabulary is empty or repeats a character.</exception>
    public CharTokenizer(IReadOnlyList<Rune> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count == 0) throw new ArgumentException("CharTokenizer: the vocabulary is empty");
        vocab = vocabulary.ToArray();
        ids = new Dictionary<Rune, int>(vocab.Length);
        for (int i = 0; i < vocab.Length; i++)
            if (!ids.TryAdd(vocab[i], i))
                throw new ArgumentException($"CharTokenizer: the vocabulary lists {Describe(vocab[i])} twice (ids {ids[vocab[i]]} and {i})");
    }

    /// <summary>Number of tokens.</summary>
    public int VocabSize => vocab.Length;

    /// <summary>The characters in id order (<c>itos</c>).</summary>
    public IReadOnlyList<Rune> Vocabulary => vocab;

    /// <summary>Whether <paramref name="c"/> has an id.</summary>
    public bool Contains(Rune c) => ids.ContainsKey(c);

    /// <summary>The ids of the characters of <paramref name="text"/> (<c>encode</c>).</summary>
    /// <exception cref="ArgumentException">A character is not in the vocabulary: the message names it (with its code point) and its index in the text.</exception>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<int>(text.Length);
        int pos = 0;
        foreach (var r in Runes(text, "CharTokenizer.Encode"))
        {
            if (!ids.TryGetValue(r, out int id))
                throw new ArgumentException($"CharTokenizer.Encode: {Describe(r)} at character {pos} is not in the vocabulary of {vocab.Length} characters");
            result.Add(id);
            pos++;
        }
        return result.ToArray();
    }

    /// <summary>The text the ids stand for (<c>decode</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id outside [0, <see cref="VocabSize"/>), named with its position.</exception>
    public string Decode(ReadOnlySpan<int> tokens)
    {
        var sb = new StringBuilder(tokens.Length);
        for (int i = 0; i < tokens.Length; i++)
        {
            int t = tokens[i];
            if ((uint)t >= (uint)vocab.Length)
                throw new ArgumentOutOfRangeException(nameof(tokens), $"CharTokenizer.Decode: token {t} at position {i} is outside the vocabulary [0, {vocab.Length})");
            sb.Append(vocab[t].ToString());
        }
        return sb.ToString();
    }

    /// <summary>The text the int64 ids stand for (a generated token tensor's values).</summary>
    public string Decode(ReadOnlySpan<long> tokens)
    {
        var ints = new int[tokens.Length];
        for (int i = 0; i < ints.Length; i++)
            ints[i] = tokens[i] is >= int.MinValue and <= int.MaxValue ? (int)tokens[i]
                : throw new ArgumentOutOfRangeException(nameof(tokens), $"CharTokenizer.Decode: token {tokens[i]} at position {i} is outside the vocabulary [0, {vocab.Length})");
        return Decode(ints);
    }

    /// <summary>Writes the vocabulary to <paramref name="path"/> as JSON, atomically.</summary>
    public void Save(string path)
    {
        var doc = new Dictionary<string, object> { ["type"] = "char", ["vocab"] = vocab.Select(r => r.ToString()).ToArray() };
        var json = JsonSerializer.SerializeToUtf8Bytes(doc, new JsonSerializerOptions { WriteIndented = false });
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            File.WriteAllBytes(tmp, json);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Reads a tokenizer written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not such a JSON document: the message names the file and what is wrong.</exception>
    public static CharTokenizer Load(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a character tokenizer file: invalid JSON ({e.Message})", e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: not a character tokenizer file: the top level is a JSON {root.ValueKind}, expected an object");
            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "char")
                throw new InvalidDataException($"{path}: not a character tokenizer file: \"type\" must be \"char\"");
            if (!root.TryGetProperty("vocab", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{path}: character tokenizer file has no \"vocab\" array");
            var runes = new List<Rune>(list.GetArrayLength());
            int i = 0;
            foreach (var e in list.EnumerateArray())
            {
                string? s = e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                if (s is null || !Rune.TryGetRuneAt(s, 0, out var r) || r.Utf16SequenceLength != s.Length)
                    throw new InvalidDataException($"{path}: vocab entry {i} must be a string of exactly one character, got {e.GetRawText()}");
                runes.Add(r);
                i++;
            }
            try { return new CharTokenizer(runes); }
            catch (ArgumentException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
        }
    }

    private static IEnumerable<Rune> Runes(string text, string op)
    {
        for (int i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var r, out int used) != System.Buffers.OperationStatus.Done)
                throw new ArgumentException($"{op}: invalid UTF-16 (a lone surrogate U+{(int)text[i]:X4}) at index {i}");
            yield return r;
            i += used;
        }
    }

    /// <summary>A character as an error message shows it: quoted, with its code point (control characters escaped).</summary>
    private static string Describe(Rune r)
        => Rune.IsControl(r) ? $"U+{r.Value:X4}" : $"'{r}' (U+{r.Value:X4})";
}
