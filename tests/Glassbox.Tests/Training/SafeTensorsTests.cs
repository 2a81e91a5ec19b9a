using System.Buffers.Binary;
using System.Text.Json;
using Glassbox.Training;

namespace Glassbox.Tests.Training;

public class SafeTensorsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "training", name);

    [Fact]
    public void ReadsAFileWrittenFromTheSpecByNumPy()
    {
        var t = SafeTensors.Load(Fixture("reference.safetensors"), out var meta);
        Assert.Equal("pt", meta["format"]);
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("reference.json")));
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            var shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var data = p.Value.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(shape, t[p.Name].ShapeToArray());
            Assert.Equal(data, t[p.Name].ToDoubleArray()); // exact: float32 values round-trip through double
        }
        Assert.Equal(DType.Float32, t["fc1.weight"].DType);
        Assert.Equal(DType.Int64, t["step"].DType);
        Assert.Equal(DType.Float64, t["w64"].DType);
    }

    [Fact]
    public void RoundTripsEveryDtypeAndNonContiguousTensors()
    {
        var dir = Directory.CreateTempSubdirectory("gb-st").FullName;
        var path = Path.Combine(dir, "m.safetensors");
        var w = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3).T; // non-contiguous view
        var tensors = new Dictionary<string, Tensor>
        {
            ["w"] = w,
            ["d"] = Tensor.FromArray([1.5, -2.25]),
            ["i"] = Tensor.FromArray(new long[] { 7, -9 }),
            ["b"] = Tensor.FromArray(new[] { true, false, true }),
            ["empty"] = Tensor.Zeros(0, 3),
        };
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["epoch"] = "3" });
        var back = SafeTensors.Load(path, out var meta);
        Assert.Equal("3", meta["epoch"]);
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, back["w"].ToArray<float>());
        Assert.Equal(new[] { 3, 2 }, back["w"].ShapeToArray());
        Assert.Equal(new[] { 1.5, -2.25 }, back["d"].ToArray<double>());
        Assert.Equal(new long[] { 7, -9 }, back["i"].ToArray<long>());
        Assert.Equal(new[] { true, false, true }, back["b"].ToArray<bool>());
        Assert.Equal(new[] { 0, 3 }, back["empty"].ShapeToArray());
        // data after the header starts 8-byte aligned
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0UL, (BinaryPrimitives.ReadUInt64LittleEndian(bytes) + 8) % 8);
        Assert.Single(Directory.GetFiles(dir)); // no temp file left behind
    }

    [Fact]
    public void TruncatedFileIsReportedWithItsName()
    {
        var dir = Directory.CreateTempSubdirectory("gb-st").FullName;
        var path = Path.Combine(dir, "cut.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(100) });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains("cut.safetensors", e.Message);
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void FailedSaveKeepsThePreviousFile()
    {
        var dir = Directory.CreateTempSubdirectory("gb-st").FullName;
        var path = Path.Combine(dir, "ckpt.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(4) });
        var released = new Dictionary<string, Tensor>();
        using (new TensorScope()) released["w"] = Tensor.Zeros(4); // buffer is released: writing it fails midway
        Assert.Throws<ObjectDisposedException>(() => SafeTensors.Save(path, released));
        Assert.Equal(new float[] { 1, 1, 1, 1 }, SafeTensors.Load(path)["w"].ToArray<float>());
        Assert.Single(Directory.GetFiles(dir));
    }
}
