using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Glassbox.Data;

namespace Glassbox.Tests.Data;

/// <summary>
/// Registry behaviour without the network: every HTTP call goes to an injected fake handler.
/// </summary>
public sealed class DatasetRegistryTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("glassbox-reg-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Answers every request from a function (or throws, to simulate no network); records URLs asked for.</summary>
    private sealed class FakeHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<string> Requested { get; } = [];
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            lock (Requested) Requested.Add(request.RequestUri!.ToString());
            return Task.FromResult(respond(request));
        }
    }

    private static FakeHandler Offline() => new(_ => throw new HttpRequestException("Name or service not known (simulated)"));

    private static FakeHandler Serving(byte[] body) => new(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });

    private static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    [Fact]
    public void OfflineMnistErrorListsEveryMissingFileAndTheFolder()
    {
        var handler = Offline();
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetRegistry.Mnist(root, http: new HttpClient(handler)));
        string folder = Path.Combine(root, "mnist");
        Assert.Equal(folder, e.Folder);
        Assert.Contains(folder, e.Message);
        foreach (var f in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
        {
            Assert.Contains(f, e.Message);
            Assert.Contains(f, e.MissingFiles);
        }
        Assert.Contains("network error", e.Message);
        Assert.Contains("GLASSBOX_DATA", e.Message);
        Assert.Equal(4, handler.Requested.Count);
        Assert.All(handler.Requested, u => Assert.StartsWith("https://ossci-datasets.s3.amazonaws.com/mnist/", u));
        Assert.Empty(Directory.GetFiles(folder)); // no partial downloads left behind
    }

    [Fact]
    public void TitanicHasNoDownloadAndPointsToKaggle()
    {
        var handler = Offline();
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetRegistry.Fetch("titanic", root, new HttpClient(handler)));
        Assert.Empty(handler.Requested);
        Assert.Contains("train.csv", e.Message);
        Assert.Contains("test.csv", e.Message);
        Assert.Contains("kaggle.com", e.Message);
        Assert.Contains(Path.Combine(root, "titanic"), e.Message);
        Assert.Throws<DatasetNotFoundException>(() => DatasetRegistry.Titanic(root));
    }

    [Fact]
    public void DownloadDisabledFailsWithoutTouchingTheNetwork()
    {
        var handler = Offline();
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetRegistry.TinyShakespeare(root, download: false, http: new HttpClient(handler)));
        Assert.Empty(handler.Requested);
        Assert.Contains("input.txt", e.Message);
        Assert.Contains("download disabled", e.Message);
    }

    [Fact]
    public void FetchDownloadsVerifiesAndMovesIntoPlace()
    {
        var body = Encoding.UTF8.GetBytes("to be or not to be\n");
        var info = new DatasetInfo("toy", "test", "none", [new DatasetFile("a.txt", Sha(body), false, "https://example.invalid/a.txt")]);
        var handler = Serving(body);
        string folder = DatasetRegistry.Fetch(info, root, new HttpClient(handler));
        Assert.Equal(Path.Combine(root, "toy"), folder);
        Assert.Equal(body, File.ReadAllBytes(Path.Combine(folder, "a.txt")));
        Assert.Equal(["a.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal(FileState.Ok, DatasetRegistry.Verify(info, root).Single().State);
        // Second fetch: already verified, no request.
        DatasetRegistry.Fetch(info, root, new HttpClient(handler));
        Assert.Single(handler.Requested);
    }

    [Fact]
    public void DownloadFailingVerificationIsDiscarded()
    {
        var info = new DatasetInfo("toy", "test", "none", [new DatasetFile("a.txt", Sha("expected"u8.ToArray()), false, "https://example.invalid/a.txt")]);
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetRegistry.Fetch(info, root, new HttpClient(Serving("tampered"u8.ToArray()))));
        Assert.Contains("failed SHA-256 verification", e.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "toy")));
    }

    [Fact]
    public void GzipFilesAreVerifiedByDecompressedContent()
    {
        // Two gzip encodings of the same content (different levels → different bytes) both verify.
        var content = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7 % 13)).ToArray();
        var info = new DatasetInfo("toygz", "test", "none", [new DatasetFile("c.gz", Sha(content), true, "https://example.invalid/c.gz")]);
        foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.SmallestSize })
        {
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, level, leaveOpen: true)) gz.Write(content);
            Directory.CreateDirectory(Path.Combine(root, "toygz"));
            File.WriteAllBytes(Path.Combine(root, "toygz", "c.gz"), ms.ToArray());
            Assert.Equal(FileState.Ok, DatasetRegistry.Verify(info, root).Single().State);
        }
    }

    [Fact]
    public void VerifyReportsMissingAndMismatchedFiles()
    {
        var a = "aaa"u8.ToArray();
        var info = new DatasetInfo("v", "test", "none",
            [new DatasetFile("a", Sha(a), false, null), new DatasetFile("b", Sha(a), false, null), new DatasetFile("c", Sha(a), false, null)]);
        Directory.CreateDirectory(Path.Combine(root, "v"));
        File.WriteAllBytes(Path.Combine(root, "v", "a"), a);
        File.WriteAllBytes(Path.Combine(root, "v", "b"), "bbb"u8.ToArray());
        var s = DatasetRegistry.Verify(info, root);
        Assert.Equal([FileState.Ok, FileState.HashMismatch, FileState.Missing], s.Select(x => x.State));
        Assert.Equal(Sha("bbb"u8.ToArray()), s[1].ActualSha256);
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetRegistry.Fetch(info, root));
        Assert.Equal(["b", "c"], e.MissingFiles);
        Assert.Contains("does not match", e.Message);
    }

    [Fact]
    public void CorruptLocalMnistFailsVerificationNamingTheFile()
    {
        // Well-formed but wrong IDX files: the SHA-256 check catches them; with verify off they load.
        string folder = Path.Combine(root, "mnist");
        Directory.CreateDirectory(folder);
        Idx.Write(Path.Combine(folder, DatasetRegistry.TrainImagesFile), new IdxFile([2, 28, 28], new byte[2 * 784]), gzip: true);
        Idx.Write(Path.Combine(folder, DatasetRegistry.TrainLabelsFile), new IdxFile([2], [5, 0]), gzip: true);
        Idx.Write(Path.Combine(folder, DatasetRegistry.TestImagesFile), new IdxFile([1, 28, 28], new byte[784]), gzip: true);
        Idx.Write(Path.Combine(folder, DatasetRegistry.TestLabelsFile), new IdxFile([1], [7]), gzip: true);
        var e = Assert.Throws<DataFormatException>(() => DatasetRegistry.Mnist(root, http: new HttpClient(Offline())));
        Assert.Contains(Path.Combine(folder, DatasetRegistry.TrainImagesFile), e.Message);
        Assert.Contains("SHA-256 of the decompressed content", e.Message);

        var m = DatasetRegistry.Mnist(root, flatten: true, verify: false, http: new HttpClient(Offline()));
        Assert.Equal([2, 784], m.Train.Images.ShapeToArray());
        Assert.Equal([5L, 0], m.Train.Labels.ToArray<long>());
        Assert.Equal(1, m.Test.Count);
    }

    [Fact]
    public void RegistryListsTheKnownDatasets()
    {
        Assert.Equal(["mnist", "fashion-mnist", "cifar-10", "cifar-100", "tinyshakespeare", "titanic"], DatasetRegistry.List().Select(d => d.Name));
        Assert.False(DatasetRegistry.Get("CIFAR-10").Files.Single().HashDecompressed); // the archive itself is hashed
        Assert.Equal(4, DatasetRegistry.Get("MNIST").Files.Count);
        Assert.All(DatasetRegistry.Get("mnist").Files, f => Assert.True(f.HashDecompressed));
        Assert.False(DatasetRegistry.Get("titanic").Files[0].HashDecompressed);
        Assert.Contains("fashion-mnist", Assert.Throws<ArgumentException>(() => DatasetRegistry.Get("cifar")).Message);
    }

    [Fact]
    public void DataDirectoryPrefersExplicitFolderAndParsesArguments()
    {
        Assert.Equal(Path.GetFullPath(root), DataDirectory.Resolve(root));
        Assert.Equal(Path.Combine(Path.GetFullPath(root), "mnist"), DataDirectory.ForDataset("mnist", root));
        Assert.Equal("/d", DataDirectory.FromArgs(["--epochs", "3", "--data-dir", "/d"]));
        Assert.Equal("/e", DataDirectory.FromArgs(["--data-dir=/e"]));
        Assert.Null(DataDirectory.FromArgs(["--epochs", "3"]));
        Assert.EndsWith(Path.Combine("glassbox", "datasets"), DataDirectory.DefaultCache);

        // Explicit beats the environment; the environment beats the cache; relative paths are searched upwards.
        string deep = Directory.CreateDirectory(Path.Combine(root, "proj", "bin", "Debug")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "shared", "datasets"));
        Assert.Equal(Path.Combine(root, "x"), DataDirectory.ResolveFrom(Path.Combine(root, "x"), "/env", deep));
        Assert.Equal(Path.GetFullPath("/env"), DataDirectory.ResolveFrom(null, "/env", deep));
        Assert.Equal(DataDirectory.DefaultCache, DataDirectory.ResolveFrom(null, " ", deep));
        Assert.Equal(Path.Combine(root, "shared", "datasets"), DataDirectory.ResolveFrom(null, Path.Combine("..", "shared", "datasets"), Path.Combine(root, "proj")));
        Assert.Equal(Path.Combine(root, "shared", "datasets"), DataDirectory.ResolveFrom(null, Path.Combine("..", "shared", "datasets"), deep));
        Assert.Equal(Path.Combine(deep, "nowhere"), DataDirectory.ResolveFrom("nowhere", null, deep));
    }
}
