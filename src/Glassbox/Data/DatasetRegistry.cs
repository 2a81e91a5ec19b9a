using System.Text;

namespace Glassbox.Data;

/// <summary>
/// The downloadable datasets Glassbox knows by name, with their files, checksums and sources; verification
/// and fetching of their folders; and loaders returning tensors (see the <c>DatasetRegistry.Loaders</c> part).
/// </summary>
/// <remarks>
/// <para>The role of <c>torchvision.datasets.MNIST(root, download=True)</c> and scikit-learn's <c>fetch_*</c>
/// functions. A dataset named <c>n</c> lives in <c>DataDirectory.Resolve(dataDir)/n/</c>.</para>
/// <para>Checksums: IDX files are checked by the SHA-256 of their <em>decompressed</em> content (mirrors
/// re-compress MNIST, so .gz bytes differ while the IDX bytes are identical); text and CSV files by the SHA-256
/// of the file itself.</para>
/// <para>Fetching downloads only what is missing or fails verification, each file to a temporary name, verified,
/// then moved into place. Without network — or for data with no anonymous URL (Titanic, from Kaggle) — it stops
/// with a <see cref="DatasetNotFoundException"/> listing the missing files and the folder to put them in.
/// Loaders accept an <see cref="HttpClient"/> so tests can inject a fake handler and never touch the network.</para>
/// </remarks>
public static partial class DatasetRegistry
{
    private const string MnistUrl = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    private const string FashionUrl = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    private const string CifarUrl = "https://www.cs.toronto.edu/~kriz/";
    private const string ShakespeareUrl = "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt";

    /// <summary>File names of the binary CIFAR archives, as published.</summary>
    public const string Cifar10Archive = "cifar-10-binary.tar.gz", Cifar100Archive = "cifar-100-binary.tar.gz";

    /// <summary>Standard file names of the four IDX files of MNIST-layout datasets.</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte.gz", TrainLabelsFile = "train-labels-idx1-ubyte.gz",
        TestImagesFile = "t10k-images-idx3-ubyte.gz", TestLabelsFile = "t10k-labels-idx1-ubyte.gz";

    // SHA-256 of the decompressed IDX bytes, computed with `zcat FILE | sha256sum` over the shared datasets folder
    // (whose gzip files decompress to the canonical MNIST bytes, MD5 6bbc9ace898e44ae57da46a324031adb for train images).
    private static readonly DatasetInfo[] Catalog =
    [
        new("mnist", "MNIST handwritten digits: 60000 train + 10000 test 28×28 grayscale images, 10 classes (LeCun, Cortes & Burges)",
            "CC BY-SA 3.0",
            [
                new(TrainImagesFile, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", true, MnistUrl + TrainImagesFile),
                new(TrainLabelsFile, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", true, MnistUrl + TrainLabelsFile),
                new(TestImagesFile, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", true, MnistUrl + TestImagesFile),
                new(TestLabelsFile, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", true, MnistUrl + TestLabelsFile),
            ]),
        new("fashion-mnist", "Fashion-MNIST: 60000 train + 10000 test 28×28 grayscale clothing images, 10 classes (Xiao, Rasul & Vollgraf, Zalando Research, 2017)",
            "MIT",
            [
                new(TrainImagesFile, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", true, FashionUrl + TrainImagesFile),
                new(TrainLabelsFile, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", true, FashionUrl + TrainLabelsFile),
                new(TestImagesFile, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", true, FashionUrl + TestImagesFile),
                new(TestLabelsFile, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", true, FashionUrl + TestLabelsFile),
            ]),
        // SHA-256 of the archives as published by the dataset's author; the same digests are pinned independently by
        // several public dataset libraries (torchvision's Ruby port, GoMLX, MLDatasets.jl). The author's page gives none.
        new("cifar-10", "CIFAR-10: 50000 train + 10000 test 32×32 colour images, 10 classes (Krizhevsky, 2009); binary version, extracted on first load",
            "no explicit license; cite Krizhevsky 2009 (https://www.cs.toronto.edu/~kriz/cifar.html)",
            [new(Cifar10Archive, "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", false, CifarUrl + Cifar10Archive)]),
        new("cifar-100", "CIFAR-100: 50000 train + 10000 test 32×32 colour images, 100 fine classes in 20 superclasses (Krizhevsky, 2009); binary version, extracted on first load",
            "no explicit license; cite Krizhevsky 2009 (https://www.cs.toronto.edu/~kriz/cifar.html)",
            [new(Cifar100Archive, "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec", false, CifarUrl + Cifar100Archive)]),
        new("tinyshakespeare", "Tiny Shakespeare: 1,115,394 characters of Shakespeare's plays, the corpus of char-rnn and nanoGPT (Karpathy)",
            "public domain text",
            [new("input.txt", "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed", false, ShakespeareUrl)]),
        new("titanic", "Titanic passengers: train.csv (891 rows with Survived) and test.csv (418 rows without), Kaggle competition data",
            "Kaggle competition rules",
            [
                new("train.csv", "7d118fef8b6ccf7f81111877bc388536f7b1e498a655e3d649d19aaa010e9f6f", false, null),
                new("test.csv", "56023b9948236f3c7a1c9448fcf418b283e109ef177fa8c7e069158dd7dd52b2", false, null),
            ],
            "https://www.kaggle.com/c/titanic/data (needs a Kaggle login)"),
    ];

    /// <summary>All registered datasets.</summary>
    public static IReadOnlyList<DatasetInfo> List() => Catalog;

    /// <summary>The dataset registered as <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static DatasetInfo Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var d in Catalog)
            if (string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)) return d;
        throw new ArgumentException($"DatasetRegistry: unknown dataset '{name}'; known datasets: {string.Join(", ", Catalog.Select(d => d.Name))}", nameof(name));
    }

    /// <summary>Checks every file of dataset <paramref name="name"/> in its folder against its SHA-256.</summary>
    public static IReadOnlyList<FileStatus> Verify(string name, string? dataDir = null) => Verify(Get(name), dataDir);

    /// <summary>Checks every file of <paramref name="info"/> in its folder against its SHA-256.</summary>
    public static IReadOnlyList<FileStatus> Verify(DatasetInfo info, string? dataDir = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        string folder = DataDirectory.ForDataset(info.Name, dataDir);
        return info.Files.Select(f => VerifyFile(f, folder)).ToArray();
    }

    private static FileStatus VerifyFile(DatasetFile f, string folder)
    {
        string path = Path.Combine(folder, f.Name);
        if (!File.Exists(path)) return new FileStatus(f, path, FileState.Missing, null);
        try
        {
            var (actual, problem) = ContentHash.Inspect(path, f.HashDecompressed);
            if (problem is not null) return new FileStatus(f, path, FileState.Malformed, actual, problem);
            var state = string.Equals(actual, f.Sha256, StringComparison.OrdinalIgnoreCase) ? FileState.Ok : FileState.HashMismatch;
            return new FileStatus(f, path, state, actual);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return new FileStatus(f, path, FileState.Unreadable, null, e.Message);
        }
    }

    /// <summary>
    /// Makes dataset <paramref name="name"/> complete and verified in its folder, downloading what is missing or
    /// wrong, and returns the folder. <paramref name="http"/> defaults to a shared client with a 60 s timeout.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">Some files could not be obtained; the message lists them and the folder.</exception>
    public static string Fetch(string name, string? dataDir = null, HttpClient? http = null) => Fetch(Get(name), dataDir, http);

    /// <summary>As <see cref="Fetch(string, string?, HttpClient?)"/> for an explicit dataset description.</summary>
    public static string Fetch(DatasetInfo info, string? dataDir = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        var bad = Verify(info, dataDir).Where(s => !s.IsOk).ToList();
        return Obtain(info, dataDir, bad, http);
    }

    /// <summary>Downloads the given non-OK files; throws listing whatever is still missing.</summary>
    private static string Obtain(DatasetInfo info, string? dataDir, IReadOnlyList<FileStatus> bad, HttpClient? http)
    {
        string folder = DataDirectory.ForDataset(info.Name, dataDir);
        DatasetDownloader.CleanStaleTemps(folder);
        if (bad.Count == 0) return folder;
        var failed = new List<(FileStatus Status, string Reason)>();
        foreach (var s in bad)
        {
            string? reason = s.File.Url is null
                ? "no public download address"
                : DatasetDownloader.TryDownload(http ?? DatasetDownloader.Default, s.File, folder);
            if (reason is not null) failed.Add((s, reason));
        }
        if (failed.Count == 0) return folder;
        throw NotFound(info, folder, failed);
    }

    private static DatasetNotFoundException NotFound(DatasetInfo info, string folder, List<(FileStatus Status, string Reason)> failed)
    {
        var names = failed.Select(f => f.Status.File.Name).ToArray();
        var sb = new StringBuilder();
        sb.Append($"Dataset '{info.Name}' is not available: ");
        sb.Append(string.Join(", ", failed.Select(f => f.Status.State switch
        {
            FileState.Missing => f.Status.File.Name + " (missing)",
            FileState.HashMismatch => $"{f.Status.File.Name} (SHA-256 {f.Status.ActualSha256} does not match {f.Status.File.Sha256})",
            FileState.Malformed => $"{f.Status.File.Name} (malformed: {f.Status.Detail})",
            _ => $"{f.Status.File.Name} (unreadable: {f.Status.Detail})",
        })));
        sb.Append($" in {folder}.");
        var reasons = failed.Select(f => f.Reason).Distinct().ToArray();
        sb.Append(" Could not download: ").Append(string.Join("; ", reasons)).Append('.');
        sb.Append($" Put the files {string.Join(", ", names)} in the folder {folder}");
        if (info.ManualSource is not null) sb.Append($" (get them from {info.ManualSource})");
        else
        {
            var urls = failed.Where(f => f.Status.File.Url is not null).Select(f => f.Status.File.Url!).ToArray();
            if (urls.Length > 0) sb.Append($" (sources: {string.Join(" ", urls)})");
        }
        sb.Append($", or point {DataDirectory.Option} / the {DataDirectory.EnvironmentVariable} environment variable at a folder that has a '{info.Name}' subfolder with them.");
        return new DatasetNotFoundException(info.Name, folder, names, sb.ToString());
    }
}
