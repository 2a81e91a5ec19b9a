using System.Text;
using Glassbox.Autograd;
using Glassbox.Models;
using Glassbox.NN;
using Glassbox.Training;

namespace Glassbox.Serving.Tests;

/// <summary>Networks from a checkpoint plus its description: loading, nested tensor inputs, and exact responses.</summary>
public sealed class NetworkServingTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("glassbox-serving-nn-");

    public void Dispose() => dir.Delete(recursive: true);

    private static Sequential Mlp(Generator gen) => new(
        new Linear(6, 16, generator: gen), new Tanh(),
        new Linear(16, 8, generator: gen), new Tanh(),
        new Linear(8, 3, generator: gen));

    private static double[] Inputs(int n, int size, ulong seed)
    {
        var g = new Generator(seed);
        return Tensor.Randn([n, size], DType.Float64, generator: g).Mul(3.0).Add(1.0).ToDoubleArray();
    }

    [Fact]
    public async Task Mlp_FromCheckpointAndDescription_AnswersExactlyAsInProcess()
    {
        var net = Mlp(new Generator(7));
        var ckpt = Path.Combine(dir.FullName, "mlp.safetensors");
        Checkpoint.Save(ckpt, net);
        var description = new NetworkDescription(new MlpArchitecture(6, [16, 8], 3, MlpActivation.Tanh), NetworkTask.Classification, (1.0, 3.0), ["a", "b", "c", "d", "e", "f"]);
        description.Save(NetworkDescription.PathFor(ckpt));
        Assert.True(File.Exists(Path.Combine(dir.FullName, "mlp.arch.json")));

        var served = NetworkModel.Load(ckpt);
        Assert.Equal([6], served.Schema.InputShape);
        Assert.Equal("float32", served.Schema.InputDType);
        await using var h = await ServerHarness.StartAsync(served);
        const int n = 9;
        var x = Inputs(n, 6, 3);
        var (status, body) = await h.PostAsync(ServerHarness.Rows(x, n, 6));
        Assert.Equal(200, status);

        // in-process, as the mnist recipes standardise: x + (−mean), then × (1/std), in float32
        var xt = Tensor.FromArray(Array.ConvertAll(x, v => (float)v), n, 6);
        Tensor logits;
        using (GradMode.NoGrad())
        {
            xt.AddInPlace(Tensor.Scalar(-1.0, DType.Float32));
            xt.MulInPlace(Tensor.Scalar(1 / 3.0, DType.Float32));
            logits = net.Forward(xt);
        }
        Assert.Equal(logits.ArgMax(1).ToArray<long>(), body.GetProperty("predictions").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(logits.Softmax(1).ToDoubleArray(), body.GetProperty("probabilities").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(e => e.GetDouble())));

        // feature names from the description make instances readable
        var inst = "{\"instances\":[{" + string.Join(",", "abcdef".Select((c, j) => $"\"{c}\":{x[j]:R}")) + "}]}";
        var (s2, b2) = await h.PostAsync(inst);
        Assert.Equal(200, s2);
        Assert.Equal(logits.ArgMax(1).ToArray<long>()[0], b2.GetProperty("predictions")[0].GetInt64());
    }

    [Fact]
    public async Task LeNet5_FromPlainStateDict_TakesNestedImages_AndChecksTheirShape()
    {
        var net = new LeNet5(10, LeNet5Activation.ReLU, LeNet5Pooling.Max, generator: new Generator(11));
        var weights = Path.Combine(dir.FullName, "lenet.safetensors");
        SafeTensors.Save(weights, net.StateDict());   // a PyTorch-style state dict, no checkpoint marker
        var arch = Path.Combine(dir.FullName, "lenet-description.json");
        new NetworkDescription(new LeNet5Architecture(10, LeNet5Activation.ReLU, LeNet5Pooling.Max)).Save(arch);
        var served = NetworkModel.Load(weights, arch);
        Assert.Equal([1, 28, 28], served.Schema.InputShape);
        await using var h = await ServerHarness.StartAsync(served);

        const int n = 3;
        var x = Inputs(n, 784, 5);
        var (status, body) = await h.PostAsync(Images(x, n));
        Assert.Equal(200, status);
        net.Eval();
        Tensor logits;
        using (GradMode.NoGrad()) logits = net.Forward(Tensor.FromArray(Array.ConvertAll(x, v => (float)v), n, 1, 28, 28));
        Assert.Equal(logits.ArgMax(1).ToArray<long>(), body.GetProperty("predictions").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(logits.Softmax(1).ToDoubleArray(), body.GetProperty("probabilities").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(e => e.GetDouble())));

        // flat rows are not images: the shape check names the dimension
        var (s2, b2) = await h.PostAsync(ServerHarness.Rows(x, n, 784));
        Assert.Equal(400, s2);
        Assert.Contains("rows[0][0]: expected an array of 28 arrays (dimension 1 of the sample shape [1, 28, 28]), got a number", b2.GetProperty("error").GetString());
        var (s3, b3) = await h.PostAsync("""{"inputs": [[[[1, 2]]]]}""");
        Assert.Equal(400, s3);
        Assert.Contains("inputs[0][0][0]: 2 values, expected 28 (dimension 2 of the sample shape [1, 28, 28])", b3.GetProperty("error").GetString());
        var image = new double[784];
        image[0] = 1e39; // a float64, but beyond float32's 3.4e38
        var (s4, b4) = await h.PostAsync(Images(image, 1));
        Assert.Equal(400, s4);
        Assert.Contains("outside the float32 range", b4.GetProperty("error").GetString());
        var (s5, _) = await h.PostAsync("""{"inputs": [[[[0]]]]}""");
        Assert.Equal(400, s5);
    }

    /// <summary><c>{"inputs": [...]}</c> with n images of [1, 28, 28] as nested arrays.</summary>
    private static string Images(double[] x, int n)
    {
        var sb = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < n; i++)
        {
            sb.Append(i > 0 ? ",[[" : "[[");
            for (int r = 0; r < 28; r++)
                sb.Append(r > 0 ? ",[" : "[").AppendJoin(',', x.AsSpan(i * 784 + r * 28, 28).ToArray().Select(v => v.ToString("R"))).Append(']');
            sb.Append("]]");
        }
        return sb.Append("]}").ToString();
    }

    [Fact]
    public void Regression_OutputsAreValues()
    {
        var net = new Sequential(new Linear(3, 2, generator: new Generator(1)));
        var served = new NetworkModel(net, new NetworkDescription(new MlpArchitecture(3, [], 2), NetworkTask.Regression));
        Assert.Null(served.Schema.Classes);
        Assert.Equal(2, served.Schema.OutputWidth);
        var b = served.Predict([1, 2, 3, 4, 5, 6], 2);
        Tensor y;
        using (GradMode.NoGrad()) y = net.Forward(Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3));
        Assert.Equal(y.ToDoubleArray(), b.Values);
        Assert.Null(b.Probabilities);
    }

    [Fact]
    public void CheckpointThatDoesNotFitTheDescription_IsRefusedNamingTheFile()
    {
        var ckpt = Path.Combine(dir.FullName, "other.safetensors");
        Checkpoint.Save(ckpt, Mlp(new Generator(1)));
        new NetworkDescription(new MlpArchitecture(6, [16, 9], 3)).Save(NetworkDescription.PathFor(ckpt));
        var e = Assert.Throws<InvalidDataException>(() => NetworkModel.Load(ckpt));
        Assert.Contains(ckpt, e.Message);

        var missing = Path.Combine(dir.FullName, "alone.safetensors");
        Checkpoint.Save(missing, Mlp(new Generator(1)));
        Assert.Contains("alone.arch.json", Assert.Throws<FileNotFoundException>(() => NetworkModel.Load(missing)).Message);
    }

    [Fact]
    public void BatchedRows_EqualEachRequestPredictedAlone()
    {
        // what the micro-batcher relies on: a sample's output does not depend on the other samples in the call
        var served = new NetworkModel(Mlp(new Generator(3)), new NetworkDescription(new MlpArchitecture(6, [16, 8], 3, MlpActivation.Tanh)));
        var x = Inputs(37, 6, 9);
        var all = served.Predict(x, 37);
        foreach (var (start, count) in new[] { (0, 1), (1, 5), (6, 31) })
        {
            var alone = served.Predict(x.AsSpan(start * 6, count * 6).ToArray(), count);
            var part = all.Slice(start, count);
            Assert.Equal(alone.Labels, part.Labels);
            Assert.Equal(alone.Probabilities, part.Probabilities);
        }
    }
}
