using System.Text;
using Glassbox.Kernels;

namespace Glassbox.Data;

/// <summary>
/// Reads an extracted binary CIFAR folder into tensors, checking every file's structure: exact sizes, label ranges,
/// and class-name files with the right number of names.
/// </summary>
/// <remarks>
/// The extracted files came from an archive whose SHA-256 was checked when it was extracted, so loading does not
/// hash them again (that would cost as much as the load); it re-checks everything structural instead, so a file
/// truncated or edited since is named in a <see cref="DataFormatException"/> rather than half-loaded.
/// </remarks>
internal static class CifarFiles
{
    /// <summary>True when every file of the layout exists in <c>parent/Folder</c>.</summary>
    public static bool IsExtracted(string parent, CifarLayout layout)
    {
        string folder = Path.Combine(parent, layout.Folder);
        return layout.AllFiles.All(f => File.Exists(Path.Combine(folder, f)));
    }

    /// <summary>
    /// Both splits of the extracted dataset in <c>parent/Folder</c>: images float32 [N, 3, 32, 32] = byte/255 (the
    /// correctly rounded float32 quotient, as <c>ToTensor</c> and torchvision), labels int64 [N] — for CIFAR-100 the
    /// fine or coarse byte as <paramref name="labels"/> says — and the class names of those labels.
    /// </summary>
    public static CifarSplits Load(string parent, CifarLayout layout, CifarLabelKind labels = CifarLabelKind.Fine)
    {
        string folder = Path.Combine(parent, layout.Folder);
        // CIFAR-10 has one label byte; for CIFAR-100 byte 0 is coarse and byte 1 fine.
        int labelByte = layout.LabelBytes == 1 || labels == CifarLabelKind.Coarse ? 0 : 1;
        var train = ReadSplit(folder, layout, layout.TrainFiles, labelByte);
        var test = ReadSplit(folder, layout, layout.TestFiles, labelByte);
        string namePath = Path.Combine(folder, layout.NameFiles[labelByte]);
        var nameBytes = ReadBounded(namePath, CifarLayout.MaxNameFileBytes);
        var names = ParseNames(nameBytes, layout.NameCount(labelByte), namePath);
        return new CifarSplits(train, test, names);
    }

    private static LabeledImages ReadSplit(string folder, CifarLayout layout, (string Name, int Records)[] files, int labelByte)
    {
        long total = files.Sum(f => (long)f.Records);
        if (total * CifarLayout.PixelBytes > Array.MaxLength)
            throw new ArgumentException($"CIFAR: {total} records do not fit one tensor");
        int n = (int)total;
        var x = new Tensor([n, 3, 32, 32], DType.Float32);
        var y = new Tensor([n], DType.Int64);
        var dst = x.Data<float>();
        var lab = y.Data<long>();
        var table = new float[256];
        for (int v = 0; v < 256; v++) table[v] = v / 255f;
        int at = 0;
        foreach (var (name, records) in files)
        {
            string path = Path.Combine(folder, name);
            long expected = layout.DataBytes(records);
            long actual = new FileInfo(path).Length;
            if (actual != expected)
                throw new DataFormatException(path, $"has {actual} bytes{(actual % layout.RecordBytes != 0 ? " (not a whole number of records: the last record is truncated)" : "")}; {CifarArchive.SizeRule(layout, records)}");
            var data = File.ReadAllBytes(path);
            if (data.Length != expected)
                throw new DataFormatException(path, $"changed size while being read ({data.Length} bytes read, {expected} expected)");
            CheckLabels(data, layout, path);
            int rec = layout.RecordBytes, skip = layout.LabelBytes, first = at;
            for (int r = 0; r < records; r++) lab[first + r] = data[r * rec + labelByte];
            // Each record's pixels are already image-major, channel-first (R plane, G plane, B plane): a straight map.
            Par.For(records, Math.Max(1, Par.ElementwiseGrain / CifarLayout.PixelBytes), (start, len) =>
            {
                for (int r = start; r < start + len; r++)
                {
                    var src = data.AsSpan(r * rec + skip, CifarLayout.PixelBytes);
                    var d = dst.AsSpan((first + r) * CifarLayout.PixelBytes, CifarLayout.PixelBytes);
                    for (int i = 0; i < src.Length; i++) d[i] = table[src[i]];
                }
            });
            at += records;
        }
        return new LabeledImages(x, y);
    }

    /// <summary>
    /// Throws naming <paramref name="path"/> (and the archive <paramref name="member"/> when reading one), the record
    /// and the label when any label byte is out of its range.
    /// </summary>
    public static void CheckLabels(ReadOnlySpan<byte> data, CifarLayout layout, string path, string? member = null)
    {
        int rec = layout.RecordBytes;
        for (int r = 0, o = 0; o + rec <= data.Length; r++, o += rec)
            for (int k = 0; k < layout.LabelBytes; k++)
                if (data[o + k] >= layout.LabelLimits[k])
                    throw new DataFormatException(path, $"{In(member)}record {r} has {LabelName(layout, k)} {data[o + k]}, outside 0…{layout.LabelLimits[k] - 1}");
    }

    private static string LabelName(CifarLayout layout, int k) => layout.LabelBytes == 1 ? "label" : k == 0 ? "coarse label" : "fine label";

    /// <summary>
    /// The class names in a name file: strict UTF-8, one name per line, surrounding white space trimmed and blank
    /// lines (the files end with some) dropped; exactly <paramref name="count"/> names must remain.
    /// </summary>
    public static string[] ParseNames(byte[] bytes, int count, string path, string? member = null)
    {
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException e) { throw new DataFormatException(path, $"{In(member)}class names are not valid UTF-8 ({e.Message})", e); }
        var names = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != count)
            throw new DataFormatException(path, $"{In(member)}has {names.Length} class names; expected {count}");
        if (names.Any(s => s.Any(char.IsControl)))
            throw new DataFormatException(path, $"{In(member)}a class name contains a control character");
        return names;
    }

    private static string In(string? member) => member is null ? "" : $"member '{member}': ";

    private static byte[] ReadBounded(string path, int max)
    {
        long length = new FileInfo(path).Length;
        if (length > max) throw new DataFormatException(path, $"has {length} bytes; a class-name file may have at most {max}");
        return File.ReadAllBytes(path);
    }
}
