using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using Glassbox.Data;

namespace Glassbox.Tests.Data;

/// <summary>
/// The binary CIFAR reader on tiny archives written here in the real format (a few records per file), and its
/// refusals of corrupt or hostile archives. The real archives are never needed.
/// </summary>
public sealed class CifarTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("glassbox-cifar-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private const int Records = 3;
    private static readonly CifarLayout C10 = CifarLayout.Cifar10WithRecords(Records);
    private static readonly CifarLayout C100 = CifarLayout.Cifar100WithRecords(4, 2);

    private static readonly string[] C10Names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Pixel byte of record r of data file f at offset i of its 3072 pixels: a hash that covers all 256 values.</summary>
    private static byte Pixel(int f, int r, int i) => (byte)((f * 131 + r * 71 + i * 7 + i / 1024 * 29) & 0xFF);

    /// <summary>Label byte k of record r of file f, within limit.</summary>
    private static byte Label(int f, int r, int k, int limit) => (byte)((f * 5 + r * 3 + k * 11) % limit);

    /// <summary>The bytes of data file number <paramref name="f"/> (in layout order) with its records.</summary>
    private static byte[] DataFile(CifarLayout layout, int f, int records)
    {
        var b = new byte[layout.DataBytes(records)];
        for (int r = 0; r < records; r++)
        {
            int o = r * layout.RecordBytes;
            for (int k = 0; k < layout.LabelBytes; k++) b[o + k] = Label(f, r, k, layout.LabelLimits[k]);
            for (int i = 0; i < CifarLayout.PixelBytes; i++) b[o + layout.LabelBytes + i] = Pixel(f, r, i);
        }
        return b;
    }

    private static string NamesText(int count, string prefix) => string.Join("\n", Enumerable.Range(0, count).Select(i => $"{prefix}{i}")) + "\n\n";

    /// <summary>The members of a well-formed archive for <paramref name="layout"/>, in archive order.</summary>
    private static List<(string Name, byte[] Data)> Members(CifarLayout layout)
    {
        var m = new List<(string, byte[])>();
        int f = 0;
        foreach (var (name, records) in layout.DataFiles) m.Add((layout.Member(name), DataFile(layout, f++, records)));
        if (layout.LabelBytes == 1) m.Add((layout.Member("batches.meta.txt"), Encoding.ASCII.GetBytes(string.Join("\n", C10Names) + "\n\n")));
        else
        {
            m.Add((layout.Member("coarse_label_names.txt"), Encoding.ASCII.GetBytes(NamesText(20, "super"))));
            m.Add((layout.Member("fine_label_names.txt"), Encoding.ASCII.GetBytes(NamesText(100, "fine"))));
        }
        return m;
    }

    /// <summary>Writes a tar.gz of regular-file members plus optional extra entries; returns its path.</summary>
    private string Archive(IEnumerable<(string Name, byte[] Data)> members, string file = "a.tar.gz", params TarEntry[] extra)
    {
        string path = Path.Combine(root, file);
        using (var fs = File.Create(path))
        using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
        {
            foreach (var e in extra) tar.WriteEntry(e);
            foreach (var (name, data) in members)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        }
        return path;
    }

    [Fact]
    public void Cifar10ArchiveExtractsAndLoadsEveryRecordExactly()
    {
        string archive = Archive(Members(C10), extra: new PaxTarEntry(TarEntryType.Directory, C10.Folder + "/"));
        string parent = Path.Combine(root, "cifar-10");
        string folder = CifarArchive.Extract(archive, parent, C10);
        Assert.Equal(Path.Combine(parent, "cifar-10-batches-bin"), folder);
        Assert.Equal(C10.AllFiles.Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());

        var d = CifarFiles.Load(parent, C10);
        Assert.Equal([5 * Records, 3, 32, 32], d.Train.Images.ShapeToArray());
        Assert.Equal([Records, 3, 32, 32], d.Test.Images.ShapeToArray());
        Assert.Equal(DType.Float32, d.Train.Images.DType);
        Assert.Equal(DType.Int64, d.Train.Labels.DType);
        Assert.Equal(C10Names, d.ClassNames);
        var xs = d.Train.Images.ToArray<float>();
        var ys = d.Train.Labels.ToArray<long>();
        // Training records in file order data_batch_1…5; pixel i of a record is plane i/1024 (R, G, B), row-major.
        for (int f = 0; f < 5; f++)
            for (int r = 0; r < Records; r++)
            {
                int n = f * Records + r;
                Assert.Equal(Label(f, r, 0, 10), ys[n]);
                for (int i = 0; i < CifarLayout.PixelBytes; i++)
                    Assert.Equal(Pixel(f, r, i) / 255f, xs[n * 3072 + i]); // exact: the correctly rounded quotient
            }
        // Spot-check the [N, C, H, W] indexing: channel 2 (blue), row 5, column 7 of test image 1.
        Assert.Equal(Pixel(5, 1, 2 * 1024 + 5 * 32 + 7) / 255f, (float)d.Test.Images[1, 2, 5, 7]);
        Assert.Equal(Label(5, 2, 0, 10), d.Test.Labels.ToArray<long>()[2]);
    }

    [Fact]
    public void Cifar100GivesFineOrCoarseLabelsWithTheirNames()
    {
        string archive = Archive(Members(C100));
        string parent = Path.Combine(root, "cifar-100");
        CifarArchive.Extract(archive, parent, C100);
        var fine = CifarFiles.Load(parent, C100, CifarLabelKind.Fine);
        var coarse = CifarFiles.Load(parent, C100, CifarLabelKind.Coarse);
        Assert.Equal(100, fine.ClassNames.Count);
        Assert.Equal("fine42", fine.ClassNames[42]);
        Assert.Equal(20, coarse.ClassNames.Count);
        Assert.Equal("super19", coarse.ClassNames[19]);
        Assert.Equal([4, 3, 32, 32], fine.Train.Images.ShapeToArray());
        Assert.Equal([2, 3, 32, 32], fine.Test.Images.ShapeToArray());
        // Byte 0 of a record is the coarse label, byte 1 the fine one.
        Assert.Equal(Enumerable.Range(0, 4).Select(r => (long)Label(0, r, 1, 100)), fine.Train.Labels.ToArray<long>());
        Assert.Equal(Enumerable.Range(0, 4).Select(r => (long)Label(0, r, 0, 20)), coarse.Train.Labels.ToArray<long>());
        Assert.Equal(Enumerable.Range(0, 2).Select(r => (long)Label(1, r, 1, 100)), fine.Test.Labels.ToArray<long>());
        Assert.Equal(fine.Train.Images.ToArray<float>(), coarse.Train.Images.ToArray<float>());
        Assert.Equal(Pixel(1, 1, 3071) / 255f, (float)fine.Test.Images[1, 2, 31, 31]);
    }

    [Fact]
    public void RegistryExtractsAnArchivePutInTheFolderOnceAndThenNeedsOnlyTheExtractedFiles()
    {
        string folder = Path.Combine(root, "cifar-10");
        Directory.CreateDirectory(folder);
        File.Move(Archive(Members(C10)), Path.Combine(folder, DatasetRegistry.Cifar10Archive));
        var offline = new HttpClient(new Refuse());
        // The toy archive is not the registered one: with verification on, the SHA-256 check names the file.
        var bad = Assert.Throws<DataFormatException>(() => DatasetRegistry.LoadCifar(C10, CifarLabelKind.Fine, root, true, verify: true, offline));
        Assert.Contains(DatasetRegistry.Cifar10Archive, bad.Message);
        Assert.Contains("c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", bad.Message);
        Assert.False(Directory.Exists(Path.Combine(folder, C10.Folder)));

        var first = DatasetRegistry.LoadCifar(C10, CifarLabelKind.Fine, root, true, verify: false, offline);
        Assert.True(CifarFiles.IsExtracted(folder, C10));
        File.Delete(Path.Combine(folder, DatasetRegistry.Cifar10Archive));
        var second = DatasetRegistry.LoadCifar(C10, CifarLabelKind.Fine, root, download: false, verify: true, offline);
        Assert.Equal(first.Train.Images.ToArray<float>(), second.Train.Images.ToArray<float>());
        Assert.Equal(first.Test.Labels.ToArray<long>(), second.Test.Labels.ToArray<long>());
    }

    private sealed class Refuse : HttpMessageHandler
    {
        public int Calls;
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Interlocked.Increment(ref Calls);
            throw new HttpRequestException("Name or service not known (simulated)");
        }
    }

    [Fact]
    public void OfflineCifarErrorNamesTheArchiveItsSourceAndTheFolder()
    {
        var handler = new Refuse();
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetRegistry.Cifar10(root, http: new HttpClient(handler)));
        Assert.Equal(Path.Combine(root, "cifar-10"), e.Folder);
        Assert.Equal(["cifar-10-binary.tar.gz"], e.MissingFiles);
        Assert.Contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", e.Message);
        Assert.Equal(1, handler.Calls);
        var e100 = Assert.Throws<DatasetNotFoundException>(() => DatasetRegistry.Cifar100(root, CifarLabelKind.Coarse, download: false));
        Assert.Contains("cifar-100-binary.tar.gz (missing)", e100.Message);
        Assert.Contains("download disabled", e100.Message);
        Assert.Contains(DatasetRegistry.List(), d => d.Name == "cifar-10" && d.Files.Single().Url!.StartsWith("https://www.cs.toronto.edu/", StringComparison.Ordinal));
        Assert.Contains(DatasetRegistry.List(), d => d.Name == "cifar-100");
    }

    /// <summary>Extracting <paramref name="archive"/> fails with a <see cref="DataFormatException"/> naming it, and leaves no folder behind.</summary>
    private DataFormatException Refused(string archive, CifarLayout layout, params string[] parts)
    {
        string parent = Path.Combine(root, "x");
        var e = Assert.Throws<DataFormatException>(() => CifarArchive.Extract(archive, parent, layout));
        Assert.Equal(archive, e.FilePath);
        foreach (var p in parts) Assert.Contains(p, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(parent)); // neither the destination nor a temporary folder
        return e;
    }

    private static List<(string Name, byte[] Data)> With(CifarLayout layout, string member, byte[] data)
        => Members(layout).Select(m => m.Name == layout.Member(member) ? (m.Name, data) : m).ToList();

    [Fact]
    public void TruncatedRecordWrongSizeAndMissingMembersAreRefused()
    {
        var good = DataFile(C10, 0, Records);
        Refused(Archive(With(C10, "data_batch_2.bin", good[..^100])), C10,
            "cifar-10-batches-bin/data_batch_2.bin", $"has {good.Length - 100} bytes", "3 records of 3073 bytes");
        Refused(Archive(With(C10, "test_batch.bin", DataFile(C10, 0, Records + 1))), C10,
            "cifar-10-batches-bin/test_batch.bin", $"has {4 * 3073} bytes", $"= {3 * 3073}");
        Refused(Archive(Members(C10).Where(m => !m.Name.EndsWith("data_batch_4.bin", StringComparison.Ordinal))), C10,
            "lacks", "cifar-10-batches-bin/data_batch_4.bin");
        Refused(Archive(Members(C10).Append(Members(C10)[0])), C10, "data_batch_1.bin", "appears twice");
        Refused(Archive(With(C10, "batches.meta.txt", "a\nb\n"u8.ToArray())), C10, "batches.meta.txt", "2 class names; expected 10");
        Refused(Archive(With(C10, "batches.meta.txt", new byte[70_000])), C10, "batches.meta.txt", "at most 65536");
        Refused(Archive(With(C10, "batches.meta.txt", [0x61, 0xFF, 0x0A])), C10, "batches.meta.txt", "not valid UTF-8");
    }

    [Fact]
    public void LabelsOutOfRangeAreRefused()
    {
        var bad = DataFile(C10, 0, Records);
        bad[1 * C10.RecordBytes] = 10; // record 1's label
        Refused(Archive(With(C10, "data_batch_3.bin", bad)), C10, "data_batch_3.bin", "record 1 has label 10, outside 0…9");
        var fine = DataFile(C100, 1, 2);
        fine[1 * C100.RecordBytes + 1] = 100;
        Refused(Archive(With(C100, "test.bin", fine)), C100, "test.bin", "record 1 has fine label 100, outside 0…99");
        var coarse = DataFile(C100, 0, 4);
        coarse[3 * C100.RecordBytes] = 20;
        Refused(Archive(With(C100, "train.bin", coarse)), C100, "train.bin", "record 3 has coarse label 20, outside 0…19");
    }

    [Theory]
    [InlineData("../evil.bin", "path traversal")]
    [InlineData("cifar-10-batches-bin/../../evil.bin", "path traversal")]
    [InlineData("/evil.bin", "absolute path")]
    [InlineData("cifar-10-batches-bin\\..\\evil.bin", "backslash")]
    public void PathTraversalMembersAreRefusedWhateverTheirName(string name, string why)
    {
        var members = Members(C10);
        members.Insert(2, (name, "x"u8.ToArray()));
        Refused(Archive(members), C10, why, "hostile");
        Assert.False(File.Exists(Path.Combine(root, "evil.bin")));
        // A rooted member name must not have been written where it points either.
        if (Path.IsPathRooted(name)) Assert.False(File.Exists(name) && File.GetLastWriteTimeUtc(name) > DateTime.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public void LinksAndSpecialFilesAreRefused()
    {
        // A symbolic link named like a data file would make the later read follow it anywhere.
        var link = new PaxTarEntry(TarEntryType.SymbolicLink, C10.Member("data_batch_1.bin")) { LinkName = "/etc/passwd" };
        Refused(Archive(Members(C10).Skip(1), extra: link), C10, "data_batch_1.bin", "symbolic link", "/etc/passwd");
        var hard = new PaxTarEntry(TarEntryType.HardLink, "cifar-10-batches-bin/other") { LinkName = "cifar-10-batches-bin/test_batch.bin" };
        Refused(Archive(Members(C10), extra: hard), C10, "hard link");
        var fifo = new PaxTarEntry(TarEntryType.Fifo, "cifar-10-batches-bin/pipe");
        Refused(Archive(Members(C10), extra: fifo), C10, "pipe", "Fifo");
    }

    [Fact]
    public void CorruptOrTruncatedGzipIsRefused()
    {
        string garbage = Path.Combine(root, "garbage.tar.gz");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 4000).Select(i => (byte)(i * 37)).ToArray());
        Refused(garbage, C10, "not a valid gzip-compressed tar archive");

        var whole = File.ReadAllBytes(Archive(Members(C10)));
        string cut = Path.Combine(root, "cut.tar.gz");
        File.WriteAllBytes(cut, whole[..(whole.Length / 2)]);
        Refused(cut, C10); // either a gzip error or a member that ends early: both are format errors naming the file

        var flipped = (byte[])whole.Clone();
        for (int i = 100; i < 140; i++) flipped[i] ^= 0x5A; // corrupt the deflate stream
        string bad = Path.Combine(root, "flipped.tar.gz");
        File.WriteAllBytes(bad, flipped);
        Refused(bad, C10);
    }

    [Fact]
    public void UnknownSafeMembersAreSkippedAndNeverWritten()
    {
        var members = Members(C10);
        members.Insert(0, ("cifar-10-batches-bin/readme.html", "<html></html>"u8.ToArray()));
        members.Add(("elsewhere/notes.txt", "hi"u8.ToArray()));
        string parent = Path.Combine(root, "cifar-10");
        string folder = CifarArchive.Extract(Archive(members), parent, C10);
        Assert.Equal(C10.AllFiles.Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal(["cifar-10-batches-bin"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName));
    }

    [Fact]
    public void ExtractionReplacesAWholeCopyAndAFailedOneKeepsThePrevious()
    {
        string parent = Path.Combine(root, "cifar-10");
        CifarArchive.Extract(Archive(Members(C10)), parent, C10);
        string marker = Path.Combine(parent, C10.Folder, "batches.meta.txt");
        var before = File.ReadAllBytes(marker);
        var bad = DataFile(C10, 0, Records);
        bad[0] = 200;
        Assert.Throws<DataFormatException>(() => CifarArchive.Extract(Archive(With(C10, "data_batch_5.bin", bad)), parent, C10));
        Assert.Equal(before, File.ReadAllBytes(marker));
        Assert.True(CifarFiles.IsExtracted(parent, C10));
        Assert.Equal(["cifar-10-batches-bin"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName));
        // A good archive replaces the copy as a whole.
        var renamed = Members(C10).Select(m => m.Name.EndsWith(".txt", StringComparison.Ordinal) ? (m.Name, Encoding.ASCII.GetBytes(NamesText(10, "c"))) : m);
        CifarArchive.Extract(Archive(renamed), parent, C10);
        Assert.Equal("c3", CifarFiles.Load(parent, C10).ClassNames[3]);
        Assert.Equal(["cifar-10-batches-bin"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName));
    }

    [Fact]
    public void ExtractedFilesDamagedLaterAreNamedOnLoad()
    {
        string parent = Path.Combine(root, "cifar-10");
        string folder = CifarArchive.Extract(Archive(Members(C10)), parent, C10);
        string batch = Path.Combine(folder, "data_batch_2.bin");
        var data = File.ReadAllBytes(batch);
        File.WriteAllBytes(batch, data[..^5]);
        var e = Assert.Throws<DataFormatException>(() => CifarFiles.Load(parent, C10));
        Assert.Equal(batch, e.FilePath);
        Assert.Contains("not a whole number of records", e.Message);
        data[2 * C10.RecordBytes] = 255;
        File.WriteAllBytes(batch, data);
        Assert.Contains("record 2 has label 255", Assert.Throws<DataFormatException>(() => CifarFiles.Load(parent, C10)).Message);
    }

    [Fact]
    public void StaleExtractionFoldersOfDeadProcessesAreCleaned()
    {
        string folder = Path.Combine(root, "cifar-10");
        string stale = Path.Combine(folder, $".cifar-10-batches-bin.{int.MaxValue - 1}.{Guid.NewGuid():N}.part");
        string ours = Path.Combine(folder, $".cifar-10-batches-bin.{Environment.ProcessId}.{Guid.NewGuid():N}.part");
        Directory.CreateDirectory(stale);
        Directory.CreateDirectory(ours);
        File.WriteAllText(Path.Combine(stale, "data_batch_1.bin"), "partial");
        Assert.Throws<DatasetNotFoundException>(() => DatasetRegistry.Cifar10(root, download: false));
        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(ours));
    }
}
