using Glassbox.Data;
using Xunit.Abstractions;

namespace Glassbox.Tests.Data;

/// <summary>
/// Reads the real datasets from <c>$GLASSBOX_DATA</c> (CI sets it; locally: <c>export GLASSBOX_DATA=/work/shared/datasets</c>).
/// Without it each test returns early and says so in its output.
/// </summary>
public class SharedDatasetsTests(ITestOutputHelper output)
{
    private string? DataDir()
    {
        string? d = Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(d) || !Directory.Exists(d))
        {
            output.WriteLine("SKIPPED: GLASSBOX_DATA is not set (or not a folder); set it to the shared datasets folder to run this test.");
            return null;
        }
        return d;
    }

    private static HttpClient NoNetwork() => new(new ThrowingHandler());

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
            => throw new HttpRequestException("tests never use the network");
    }

    [Fact]
    public void MnistLoadsWithCanonicalCountsLabelsAndChecksums()
    {
        if (DataDir() is not string dir) return;
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

    [Fact]
    public void SharedFolderVerifiesForEveryRegisteredDataset()
    {
        if (DataDir() is not string dir) return;
        foreach (var info in DatasetRegistry.List())
        {
            var statuses = DatasetRegistry.Verify(info.Name, dir);
            Assert.All(statuses, s => Assert.True(s.IsOk, $"{s.Path}: {s.State} {s.ActualSha256}"));
        }
    }

    [Fact]
    public void TextAndCsvDatasetsLoad()
    {
        if (DataDir() is not string dir) return;
        var text = DatasetRegistry.TinyShakespeare(dir, http: NoNetwork());
        Assert.Equal(1115394, text.Length);
        Assert.StartsWith("First Citizen:", text);
        var (train, test) = DatasetRegistry.Titanic(dir);
        Assert.Equal(892, File.ReadAllLines(train).Length); // header + 891 passengers
        Assert.Equal(419, File.ReadAllLines(test).Length);
    }

    [Fact]
    public void MnistFeedsADataLoader()
    {
        if (DataDir() is not string dir) return;
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
}
