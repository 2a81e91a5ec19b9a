using Glassbox.Data;

namespace Glassbox.Tests.Data;

/// <summary>
/// Reads the real datasets found by the CLI's data-directory rule (<c>$GLASSBOX_DATA</c>, which CI sets, else the
/// per-user cache). Without them each test is reported as skipped (<see cref="TestData"/>).
/// </summary>
public class SharedDatasetsTests
{
    private static HttpClient NoNetwork() => new(new ThrowingHandler());

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
            => throw new HttpRequestException("tests never use the network");
    }

    [SkippableFact]
    public void MnistLoadsWithCanonicalCountsLabelsAndChecksums()
    {
        string dir = TestData.RequireDataset("mnist");
        var m = DatasetRegistry.Mnist(dir, http: NoNetwork()); // verify: true checks the decompressed SHA-256 while reading
        Assert.Equal(60000, m.Train.Count);
        Assert.Equal(10000, m.Test.Count);
        Assert.Equal([60000, 1, 28, 28], m.Train.Images.ShapeToArray());
        Assert.Equal(DType.Float32, m.Train.Images.DType);
        Assert.Equal(DType.Int64, m.Train.Labels.DType);
        Assert.Equal([5L, 0, 4, 1, 9], m.Train.Labels.Narrow(0, 0, 5).ToArray<long>());
        Assert.Equal([7L, 2, 1, 0, 4], m.Test.Labels.Narrow(0, 0, 5).ToArray<long>());
        var px = m.Train.Images.Select(0, 0).ToArray<float>();
        Assert.Equal(0f, px.Min());
        Assert.Equal(1f, px.Max()); // MNIST digits saturate at 255
        // Class 1 is the most frequent training digit: 6742 of 60000.
        Assert.Equal(6742, m.Train.Labels.ToArray<long>().Count(v => v == 1));

        var flat = DatasetRegistry.Mnist(dir, flatten: true, verify: false, http: NoNetwork());
        Assert.Equal([10000, 784], flat.Test.Images.ShapeToArray());
        Assert.Equal(m.Test.Images.Select(0, 3).ToArray<float>(), flat.Test.Images.Select(0, 3).ToArray<float>());
    }

    [SkippableFact]
    public void SharedFolderVerifiesForEveryRegisteredDataset()
    {
        // Every registered dataset that is there must verify; the shared folder's own ones must be there.
        string dir = TestData.RequireShared();
        var verified = new List<string>();
        foreach (var info in DatasetRegistry.List())
        {
            var statuses = DatasetRegistry.Verify(info.Name, dir);
            if (!TestData.SharedDatasets.Contains(info.Name) && statuses.Any(s => s.State == FileState.Missing)) continue;
            Assert.All(statuses, s => Assert.True(s.IsOk, $"{s.Path}: {s.State} {s.ActualSha256}"));
            verified.Add(info.Name);
        }
        Assert.Subset(verified.ToHashSet(), TestData.SharedDatasets.ToHashSet());
    }

    [SkippableFact]
    public void TextAndCsvDatasetsLoad()
    {
        TestData.RequireDataset("tinyshakespeare");
        string dir = TestData.RequireDataset("titanic");
        var text = DatasetRegistry.TinyShakespeare(dir, http: NoNetwork());
        Assert.Equal(1115394, text.Length);
        Assert.StartsWith("First Citizen:", text);
        var (train, test) = DatasetRegistry.Titanic(dir);
        Assert.Equal(892, File.ReadAllLines(train).Length); // header + 891 passengers
        Assert.Equal(419, File.ReadAllLines(test).Length);
    }

    [SkippableFact]
    public void MnistFeedsADataLoader()
    {
        string dir = TestData.RequireDataset("mnist");
        var test = DatasetRegistry.Mnist(dir, flatten: true, verify: false, http: NoNetwork()).Test;
        var loader = new DataLoader(test.ToDataset(), batchSize: 128, shuffle: true, generator: new Generator(0));
        int n = 0; long labelSum = 0;
        foreach (var (x, y) in loader)
        {
            Assert.Equal(784, x.Size(1));
            n += x.Size(0);
            labelSum += y.ToArray<long>().Sum();
        }
        Assert.Equal(10000, n);
        Assert.Equal(test.Labels.ToArray<long>().Sum(), labelSum);
        Assert.Equal(79, loader.Count);
    }
    [SkippableFact]
    public void Cifar10ArchiveLoadsWithCanonicalCountsAndNames()
    {
        string dir = TestData.RequireDataset("cifar-10");
        var c = DatasetRegistry.Cifar10(dir, http: NoNetwork()); // checks the archive's SHA-256 before a first extraction
        Assert.Equal([50000, 3, 32, 32], c.Train.Images.ShapeToArray());
        Assert.Equal([10000, 3, 32, 32], c.Test.Images.ShapeToArray());
        Assert.Equal(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"], c.ClassNames);
        // CIFAR-10 is balanced: 5000 training and 1000 test images per class.
        Assert.All(c.Train.Labels.ToArray<long>().CountBy(v => v), kv => Assert.Equal(5000, kv.Value));
        Assert.All(c.Test.Labels.ToArray<long>().CountBy(v => v), kv => Assert.Equal(1000, kv.Value));
        var px = c.Train.Images.Narrow(0, 0, 100).ToArray<float>(); // byte / 255: in [0, 1] on the 1/255 grid
        Assert.All(px, v => Assert.Equal(MathF.Round(v * 255) / 255f, v));
    }

    [SkippableFact]
    public void Cifar100ArchiveLoadsWithFineAndCoarseLabels()
    {
        string dir = TestData.RequireDataset("cifar-100");
        var fine = DatasetRegistry.Cifar100(dir, http: NoNetwork());
        var coarse = DatasetRegistry.Cifar100(dir, CifarLabelKind.Coarse, verify: false, http: NoNetwork());
        Assert.Equal(100, fine.ClassNames.Count);
        Assert.Equal(20, coarse.ClassNames.Count);
        Assert.Equal("apple", fine.ClassNames[0]);
        Assert.Equal("aquatic_mammals", coarse.ClassNames[0]);
        // Balanced: 500 training images per fine class, 2500 per superclass; 100 and 500 in the test split.
        Assert.All(fine.Train.Labels.ToArray<long>().CountBy(v => v), kv => Assert.Equal(500, kv.Value));
        Assert.All(coarse.Train.Labels.ToArray<long>().CountBy(v => v), kv => Assert.Equal(2500, kv.Value));
        Assert.All(fine.Test.Labels.ToArray<long>().CountBy(v => v), kv => Assert.Equal(100, kv.Value));
        Assert.Equal(fine.Test.Images.ToArray<float>(), coarse.Test.Images.ToArray<float>());
    }
}
