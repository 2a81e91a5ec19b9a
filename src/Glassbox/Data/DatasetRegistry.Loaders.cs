using System.Security.Cryptography;
using System.Text;

namespace Glassbox.Data;

// Loaders: dataset files → tensors, fetching missing files first and verifying checksums while reading.
public static partial class DatasetRegistry
{
    /// <summary>
    /// MNIST (<c>torchvision.datasets.MNIST</c> with <c>ToTensor()</c>): images float32 in [0, 1] (pixel/255),
    /// shaped [N, 1, 28, 28], or [N, 784] with <paramref name="flatten"/>; labels int64 [N] in 0…9.
    /// N is 60000 for train and 10000 for test.
    /// </summary>
    /// <param name="dataDir">Root data folder (see <see cref="DataDirectory.Resolve"/>).</param>
    /// <param name="flatten">Return images as [N, 784] rows instead of [N, 1, 28, 28].</param>
    /// <param name="download">Try to download missing files; when false a missing file throws at once.</param>
    /// <param name="verify">Check the SHA-256 of the decompressed bytes while reading (about 0.1 s for MNIST).</param>
    /// <param name="http">Client for downloads; inject one in tests.</param>
    public static TrainTest<LabeledImages> Mnist(string? dataDir = null, bool flatten = false, bool download = true, bool verify = true, HttpClient? http = null)
        => LoadIdxImages("mnist", dataDir, flatten, download, verify, http);

    /// <summary>
    /// Fashion-MNIST (<c>torchvision.datasets.FashionMNIST</c>), same layout and parameters as <see cref="Mnist"/>;
    /// classes 0…9 are T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.
    /// </summary>
    public static TrainTest<LabeledImages> FashionMnist(string? dataDir = null, bool flatten = false, bool download = true, bool verify = true, HttpClient? http = null)
        => LoadIdxImages("fashion-mnist", dataDir, flatten, download, verify, http);

    /// <summary>The tiny Shakespeare corpus as one string (1,115,394 characters; the input of char-rnn / nanoGPT).</summary>
    public static string TinyShakespeare(string? dataDir = null, bool download = true, bool verify = true, HttpClient? http = null)
    {
        var info = Get("tinyshakespeare");
        var paths = EnsurePresent(info, dataDir, download, http);
        byte[] bytes = File.ReadAllBytes(paths[0]);
        if (verify) CheckHash(info.Files[0], paths[0], Convert.ToHexStringLower(SHA256.HashData(bytes)));
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    /// <summary>
    /// Paths of the Titanic CSV files (train.csv with the Survived column, test.csv without), verified. There is
    /// no anonymous download (Kaggle needs a login), so missing files always raise <see cref="DatasetNotFoundException"/>.
    /// </summary>
    public static TrainTest<string> Titanic(string? dataDir = null, bool verify = true)
    {
        var info = Get("titanic");
        var paths = EnsurePresent(info, dataDir, download: false, http: null);
        if (verify)
            for (int i = 0; i < paths.Length; i++) CheckHash(info.Files[i], paths[i], ContentHash.Compute(paths[i], false));
        return new TrainTest<string>(paths[0], paths[1]);
    }

    private static TrainTest<LabeledImages> LoadIdxImages(string name, string? dataDir, bool flatten, bool download, bool verify, HttpClient? http)
    {
        var info = Get(name);
        var paths = EnsurePresent(info, dataDir, download, http);
        var files = new IdxFile[4];
        for (int i = 0; i < 4; i++)
        {
            using var sha = verify ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
            files[i] = Idx.Read(paths[i], sha);
            if (sha is not null) CheckHash(info.Files[i], paths[i], Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        return new TrainTest<LabeledImages>(ToLabeled(files[0], files[1], flatten), ToLabeled(files[2], files[3], flatten));
    }

    private static LabeledImages ToLabeled(IdxFile images, IdxFile labels, bool flatten)
    {
        Idx.CheckLabeled(images, labels);
        int n = images.Count, h = images.Shape[1], w = images.Shape[2];
        var x = images.ToFloat32(1.0 / 255.0, flatten ? [n, h * w] : [n, 1, h, w]);
        return new LabeledImages(x, labels.ToInt64());
    }

    /// <summary>Full paths of the dataset's files, downloading (or reporting) the ones that do not exist.</summary>
    private static string[] EnsurePresent(DatasetInfo info, string? dataDir, bool download, HttpClient? http)
    {
        string folder = DataDirectory.ForDataset(info.Name, dataDir);
        DatasetDownloader.CleanStaleTemps(folder);
        var paths = info.Files.Select(f => Path.Combine(folder, f.Name)).ToArray();
        var missing = new List<FileStatus>();
        for (int i = 0; i < paths.Length; i++)
            if (!File.Exists(paths[i])) missing.Add(new FileStatus(info.Files[i], paths[i], FileState.Missing, null));
        if (missing.Count == 0) return paths;
        if (download) Obtain(info, dataDir, missing, http);
        else throw NotFound(info, folder, missing.Select(m => (m, "download disabled by the caller")).ToList());
        return paths;
    }

    private static void CheckHash(DatasetFile file, string path, string actual)
    {
        if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new DataFormatException(path, $"SHA-256 of the {(file.HashDecompressed ? "decompressed content" : "file")} is {actual} but {file.Sha256} is expected: the file is corrupt, truncated or not the registered one; delete it and fetch it again");
    }
}
