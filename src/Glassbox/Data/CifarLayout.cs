namespace Glassbox.Data;

/// <summary>
/// The binary CIFAR format of one dataset: which archive members exist, how long a record is, how many records
/// each data file holds and the range of every label byte.
/// </summary>
/// <remarks>
/// A record is <see cref="LabelBytes"/> label bytes followed by 3072 pixel bytes: the 1024 red values of the
/// 32×32 image row by row, then the 1024 green, then the 1024 blue — already channel-first, so record n's pixels
/// are image n of an [N, 3, 32, 32] tensor with no transposition. CIFAR-100 records carry the coarse label
/// first, then the fine one.
/// </remarks>
/// <param name="DatasetName">Registry name (<c>cifar-10</c>, <c>cifar-100</c>).</param>
/// <param name="Folder">The archive's top folder, which extraction recreates beside the archive.</param>
/// <param name="LabelBytes">Label bytes per record (1 for CIFAR-10, 2 for CIFAR-100).</param>
/// <param name="LabelLimits">Exclusive upper bound of each label byte, in record order.</param>
/// <param name="TrainFiles">Data files of the training split with their record counts.</param>
/// <param name="TestFiles">Data files of the test split with their record counts.</param>
/// <param name="NameFiles">Class-name files, one per label byte, in record order.</param>
internal sealed record CifarLayout(string DatasetName, string Folder, int LabelBytes, int[] LabelLimits,
    (string Name, int Records)[] TrainFiles, (string Name, int Records)[] TestFiles, string[] NameFiles)
{
    /// <summary>Pixel bytes per record: 3 channels × 32 × 32.</summary>
    public const int PixelBytes = 3 * 32 * 32;

    /// <summary>Largest class-name file accepted; the real ones are under 1 KiB.</summary>
    public const int MaxNameFileBytes = 64 * 1024;

    /// <summary>Bytes per record: the labels, then the pixels.</summary>
    public int RecordBytes => LabelBytes + PixelBytes;

    /// <summary>The binary CIFAR-10: five training batches and one test batch of 10,000 records each.</summary>
    public static CifarLayout Cifar10 { get; } = Cifar10WithRecords(10_000);

    /// <summary>The binary CIFAR-100: 50,000 training and 10,000 test records, coarse then fine label.</summary>
    public static CifarLayout Cifar100 { get; } = Cifar100WithRecords(50_000, 10_000);

    /// <summary>CIFAR-10's member names with <paramref name="records"/> records per file (tests use small counts).</summary>
    public static CifarLayout Cifar10WithRecords(int records) => new("cifar-10", "cifar-10-batches-bin", 1, [10],
        [.. Enumerable.Range(1, 5).Select(i => ($"data_batch_{i}.bin", records))], [("test_batch.bin", records)], ["batches.meta.txt"]);

    /// <summary>CIFAR-100's member names with the given record counts (tests use small counts).</summary>
    public static CifarLayout Cifar100WithRecords(int train, int test) => new("cifar-100", "cifar-100-binary", 2, [20, 100],
        [("train.bin", train)], [("test.bin", test)], ["coarse_label_names.txt", "fine_label_names.txt"]);

    /// <summary>Every data file with its record count, training files first.</summary>
    public IEnumerable<(string Name, int Records)> DataFiles => TrainFiles.Concat(TestFiles);

    /// <summary>Every file extraction writes.</summary>
    public IEnumerable<string> AllFiles => DataFiles.Select(f => f.Name).Concat(NameFiles);

    /// <summary>Archive member name of <paramref name="file"/>: <c>Folder/file</c>.</summary>
    public string Member(string file) => Folder + "/" + file;

    /// <summary>Expected byte size of a data file of <paramref name="records"/> records.</summary>
    public long DataBytes(int records) => (long)records * RecordBytes;

    /// <summary>Label names per label byte: CIFAR-10 → 10, CIFAR-100 → 20 coarse, 100 fine.</summary>
    public int NameCount(int nameFile) => LabelLimits[nameFile];
}
