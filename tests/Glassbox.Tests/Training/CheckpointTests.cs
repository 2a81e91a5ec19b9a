using Glassbox.Data;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;
using Glassbox.Training;

namespace Glassbox.Tests.Training;

public class CheckpointTests
{
    private sealed class Run
    {
        public readonly Generator Gen;
        public readonly Sequential Model;
        public readonly Adam Opt;
        public readonly StepLR Sched;
        public readonly DataLoader Loader;

        public Run(Tensor x, Tensor y)
        {
            Gen = new Generator(123);
            Model = new Sequential(new Linear(4, 16, generator: new Generator(1)), new ReLU(), new Dropout(0.3, Gen), new Linear(16, 3, generator: new Generator(2)));
            Opt = new Adam(Model.Parameters(), lr: 0.01);
            Sched = new StepLR(Opt, stepSize: 2, gamma: 0.5);
            Loader = new DataLoader(new TensorDataset(x, y), batchSize: 8, shuffle: true, generator: Gen);
        }

        public List<float> Epoch()
        {
            var losses = new List<float>();
            foreach (var (xb, yb) in Loader)
            {
                var loss = F.CrossEntropy(Model.Forward(xb), yb);
                Opt.ZeroGrad();
                loss.Backward();
                Opt.Step();
                losses.Add(loss.Item<float>());
            }
            Sched.Step();
            return losses;
        }
    }

    [Fact]
    public void ResumingContinuesTheExactLossTrajectory()
    {
        var (x, yl) = Synthetic.MakeBlobs(40, 4, 3, 1.0, new Generator(5));
        var xf = x.Float();

        var straight = new Run(xf, yl);
        var expected = new List<float>();
        for (int e = 0; e < 4; e++) expected.AddRange(straight.Epoch());

        var path = Path.Combine(Directory.CreateTempSubdirectory("gb-ckpt").FullName, "ckpt.safetensors");
        var first = new Run(xf, yl);
        var actual = new List<float>();
        for (int e = 0; e < 2; e++) actual.AddRange(first.Epoch());
        Checkpoint.Save(path, first.Model, first.Opt, first.Sched, first.Gen, new Dictionary<string, string> { ["epoch"] = "2" });

        var resumed = new Run(xf, yl); // fresh weights, fresh optimizer, fresh RNG...
        var extra = Checkpoint.Load(path, resumed.Model, resumed.Opt, resumed.Sched, resumed.Gen); // ...until loaded
        Assert.Equal("2", extra["epoch"]);
        Assert.Equal(first.Opt.ParamGroups[0].Lr, resumed.Opt.ParamGroups[0].Lr);
        for (int e = 2; e < 4; e++) actual.AddRange(resumed.Epoch());

        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]); // bit-identical
    }

    [Fact]
    public void ModelTensorsAreAPyTorchStateDictUnderThePrefix()
    {
        var model = new Sequential(new Linear(3, 2, generator: new Generator(1)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("gb-ckpt").FullName, "m.safetensors");
        Checkpoint.Save(path, model);
        var t = SafeTensors.Load(path);
        Assert.Equal(new[] { "model.0.bias", "model.0.weight" }, t.Keys.Order().ToArray());
        Assert.Equal(model.StateDict()["0.weight"].ToArray<float>(), t["model.0.weight"].ToArray<float>());
    }
}
