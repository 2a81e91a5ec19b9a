using Glassbox.Autograd;
using Glassbox.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;
using Glassbox.Training;

namespace Glassbox.Tests.RL;

public sealed class ImitationTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "glassbox-imitation-" + Guid.NewGuid().ToString("N"));

    public ImitationTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Tensor D(params double[] v) => Tensor.FromArray(v, v.Length);

    /// <summary>A hand-made CartPole controller: push towards the side the pole is falling to.</summary>
    private static int PushTowardsFall(float[] s) => s[2] + 0.5f * s[3] > 0 ? 1 : 0;

    /// <summary>200 states in [−1, 1]⁴ labelled by sign(x₀ + x₂), keeping only those at least 0.1 from the boundary.</summary>
    private static Demonstrations LinearlySeparable()
    {
        var g = new Generator(3);
        var obs = new List<float>();
        var act = new List<long>();
        while (act.Count < 200)
        {
            var x = new float[4];
            for (int i = 0; i < 4; i++) x[i] = (float)(2 * g.NextDouble() - 1);
            float m = x[0] + x[2];
            if (Math.Abs(m) < 0.1f) continue;
            obs.AddRange(x);
            act.Add(m > 0 ? 1 : 0);
        }
        return new Demonstrations("toy", Tensor.FromArray(obs.ToArray(), 200, 4), Tensor.FromArray(act.ToArray(), 200), [0, 120, 200], [120, 80], 2);
    }

    [Fact]
    public void RecordStoresWholeEpisodesWithTheirReturns()
    {
        var demos = Demonstrations.Record(Gym.MakeCartPole(), PushTowardsFall, 3, 5);
        Assert.Equal(3, demos.EpisodeCount);
        Assert.Equal(0, demos.EpisodeOffsets[0]);
        Assert.Equal(demos.Count, (int)demos.EpisodeOffsets[3]);
        // CartPole pays 1 per step, so each return is its episode's length.
        for (int e = 0; e < 3; e++) Assert.Equal(demos.EpisodeOffsets[e + 1] - demos.EpisodeOffsets[e], (long)demos.Returns[e]);
        // The stored actions are the controller's on the stored states.
        var obs = demos.Observations.ToArray<float>();
        var act = demos.Actions.ToArray<long>();
        for (int i = 0; i < demos.Count; i++) Assert.Equal(PushTowardsFall(obs[(i * 4)..(i * 4 + 4)]), (int)act[i]);
        // The controller balances for a while: far above the ~9 steps of a constant push.
        Assert.True(demos.Returns.Min() > 30, $"returns {string.Join(", ", demos.Returns)}");
    }

    [Fact]
    public void SaveLoadRoundTripsExactly()
    {
        var demos = Demonstrations.Record(Gym.MakeCartPole(), PushTowardsFall, 2, 11);
        string path = Path.Combine(folder, "demos.safetensors");
        demos.Save(path);
        var back = Demonstrations.Load(path);
        Assert.Equal(demos.EnvId, back.EnvId);
        Assert.Equal(2, back.ActionCount);
        Assert.Equal(demos.Observations.ToArray<float>(), back.Observations.ToArray<float>());
        Assert.Equal(demos.Actions.ToArray<long>(), back.Actions.ToArray<long>());
        Assert.Equal(demos.EpisodeOffsets, back.EpisodeOffsets);
        Assert.Equal(demos.Returns, back.Returns);

        var continuous = new Demonstrations("Pendulum-v1", Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3),
            Tensor.FromArray(new float[] { 0.5f, -1.5f }, 2, 1), [0, 2], [-3.25], 0);
        continuous.Save(path);
        var c = Demonstrations.Load(path);
        Assert.False(c.IsDiscrete);
        Assert.Equal(new float[] { 0.5f, -1.5f }, c.Actions.ToArray<float>());
        Assert.Equal(new[] { 2, 1 }, c.Actions.ShapeArray);
    }

    [Fact]
    public void CorruptFilesAreRejectedNamingTheFileAndTheFault()
    {
        string Write(string name, Dictionary<string, Tensor> tensors, Dictionary<string, string> meta)
        {
            string p = Path.Combine(folder, name);
            SafeTensors.Save(p, tensors, meta);
            return p;
        }
        Dictionary<string, Tensor> Parts(long[] actions, long[] offsets) => new()
        {
            ["observations"] = Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, 5 }, 3, 2), ["actions"] = Tensor.FromArray(actions, actions.Length),
            ["episode_offsets"] = Tensor.FromArray(offsets, offsets.Length), ["returns"] = Tensor.FromArray(new double[offsets.Length - 1], offsets.Length - 1),
        };
        var meta = new Dictionary<string, string> { ["format"] = Demonstrations.Format, ["env"] = "x", ["action_kind"] = "discrete", ["action_count"] = "2" };
        void Rejects(string path, string fault)
        {
            var e = Assert.Throws<InvalidDataException>(() => Demonstrations.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains(fault, e.Message);
        }
        Rejects(Write("range.safetensors", Parts([0, 1, 2], [0, 3]), meta), "action 2 at row 2 is outside [0, 2)");
        Rejects(Write("offsets.safetensors", Parts([0, 1, 1], [0, 2]), meta), "episode_offsets must run from 0 to 3");
        Rejects(Write("empty.safetensors", Parts([0, 1, 1], [0, 2, 2, 3]), meta), "episode 1 is empty");
        var missing = Parts([0, 1, 1], [0, 3]);
        missing.Remove("returns");
        Rejects(Write("missing.safetensors", missing, meta), "tensor 'returns' is missing");
        var wrongType = Parts([0, 1, 1], [0, 3]);
        wrongType["actions"] = Tensor.FromArray(new float[] { 0, 1, 1 }, 3);
        Rejects(Write("dtype.safetensors", wrongType, meta), "tensor 'actions' is Float32");
        Rejects(Write("format.safetensors", Parts([0, 1, 1], [0, 3]), new(meta) { ["format"] = "something-else" }), "format 'something-else'");
        Rejects(Write("count.safetensors", Parts([0, 1, 1], [0, 3]), new(meta) { ["action_count"] = "-1" }), "action_count '-1'");
        // Not safetensors at all, and a truncated copy of a good file: the reader names the file.
        string junk = Path.Combine(folder, "junk.safetensors");
        File.WriteAllBytes(junk, [1, 2, 3]);
        Rejects(junk, "not a safetensors file");
        string good = Write("good.safetensors", Parts([0, 1, 1], [0, 3]), meta);
        var bytes = File.ReadAllBytes(good);
        string cut = Path.Combine(folder, "cut.safetensors");
        File.WriteAllBytes(cut, bytes[..(bytes.Length - 5)]);
        Assert.Contains(cut, Assert.Throws<InvalidDataException>(() => Demonstrations.Load(cut)).Message);
    }

    [Fact]
    public void TakeAndSubsampleKeepEpisodeStructure()
    {
        var demos = Demonstrations.Record(Gym.MakeCartPole(), PushTowardsFall, 3, 5);
        var first = demos.Take(1);
        Assert.Equal((int)demos.EpisodeOffsets[1], first.Count);
        Assert.Equal(demos.Returns[0], first.Returns[0]);
        var sub = demos.Subsample(20, new Generator(1));
        Assert.Equal(demos.Returns, sub.Returns);
        var all = demos.Observations.ToArray<float>();
        var kept = sub.Observations.ToArray<float>();
        for (int e = 0; e < 3; e++)
        {
            long len = demos.EpisodeOffsets[e + 1] - demos.EpisodeOffsets[e];
            long n = sub.EpisodeOffsets[e + 1] - sub.EpisodeOffsets[e];
            // An offset o in [0, 20) keeps ceil((len − o)/20) steps: between floor(len/20) and ceil(len/20).
            Assert.InRange(n, len / 20, (len + 19) / 20);
            // Consecutive kept rows of one episode are 20 steps apart in the original: find the first, check the next.
            long start = sub.EpisodeOffsets[e];
            int firstRow = Enumerable.Range((int)demos.EpisodeOffsets[e], (int)len).First(i => all[(i * 4)..(i * 4 + 4)].SequenceEqual(kept[(int)(start * 4)..(int)(start * 4 + 4)]));
            if (n > 1) Assert.Equal(all[((firstRow + 20) * 4)..((firstRow + 20) * 4 + 4)], kept[(int)((start + 1) * 4)..(int)((start + 1) * 4 + 4)]);
        }
    }

    [Fact]
    public void BehaviorCloningFitsADeterministicPolicyExactly()
    {
        var demos = LinearlySeparable();
        var bc = new BehaviorCloning(4, 2, 0, new BehaviorCloningOptions { Epochs = 150 }, seed: 2);
        double loss = bc.Fit(demos);
        // The labels are a linear rule with a margin of 0.1, which a 64-64 tanh MLP separates: every training state
        // must get the expert's action and the cross-entropy must be far below the ln 2 = 0.69 of a coin flip.
        var obs = demos.Observations.ToArray<float>();
        var act = demos.Actions.ToArray<long>();
        for (int i = 0; i < demos.Count; i++) Assert.Equal((int)act[i], bc.Greedy(obs[(i * 4)..(i * 4 + 4)]));
        Assert.True(loss < 0.05, $"final loss {loss}");
        Assert.Equal(150, bc.EpochLosses.Count);
    }

    [Fact]
    public void ClonedControllerPlaysLikeTheController()
    {
        // BC of the hand-made controller from 5 episodes plays a held-out episode step for step like it.
        var demos = Demonstrations.Record(Gym.MakeCartPole(), PushTowardsFall, 5, 21);
        var bc = new BehaviorCloning(4, 2, 0, new BehaviorCloningOptions { Epochs = 60 }, seed: 4);
        bc.Fit(demos);
        var controller = Evaluation.Returns(Gym.MakeCartPole(), PushTowardsFall, 3, 999);
        var clone = Evaluation.Returns(Gym.MakeCartPole(), bc.Greedy, 3, 999);
        Assert.Equal(controller, clone);
    }

    [Fact]
    public void ContinuousLossesMatchTheirFormulas()
    {
        var obs = Tensor.FromArray(new float[] { 0.2f, -0.4f, 1.0f, 0.5f, -0.3f, 0.9f }, 3, 2);
        var actions = Tensor.FromArray(new float[] { 0.1f, -0.2f, 0.4f, 0.0f, -0.5f, 0.3f }, 3, 2);
        var gauss = new BehaviorCloning(2, 0, 2, new BehaviorCloningOptions(), seed: 5);
        using (GradMode.NoGrad()) gauss.LogStd!.CopyFrom(Tensor.FromArray(new float[] { -0.5f, 0.25f }, 1, 2));
        var mu = gauss.Network.Forward(obs).ToDoubleArray();
        var a = actions.ToDoubleArray();
        double[] logStd = [-0.5, 0.25];
        double nll = 0;
        for (int i = 0; i < 3; i++)
            for (int d = 0; d < 2; d++)
            {
                double s = Math.Exp(logStd[d]), z = (a[i * 2 + d] - mu[i * 2 + d]) / s;
                nll += 0.5 * z * z + logStd[d] + 0.5 * Math.Log(2 * Math.PI);
            }
        // float32 arithmetic on O(1) values: 1e-5 relative.
        Assert.Equal(nll / 3, gauss.Loss(obs, actions).Item(), 1e-5);

        var mse = new BehaviorCloning(2, 0, 2, new BehaviorCloningOptions { ContinuousLoss = ContinuousCloningLoss.MeanSquaredError }, seed: 5);
        var mu2 = mse.Network.Forward(obs).ToDoubleArray();
        Assert.Equal(Enumerable.Range(0, 6).Average(i => (mu2[i] - a[i]) * (mu2[i] - a[i])), mse.Loss(obs, actions).Item(), 1e-6);
    }

    [Fact]
    public void ContinuousCloningRecoversALinearController()
    {
        // a = 0.5·x₀ − x₁ on 256 random states; the squared-error clone must get within 0.05 of it on fresh states
        // (an untrained head outputs about 0, an error of about 0.6 on these inputs).
        var g = new Generator(8);
        var xs = Enumerable.Range(0, 512).Select(_ => (float)(2 * g.NextDouble() - 1)).ToArray();
        var ys = Enumerable.Range(0, 256).Select(i => 0.5f * xs[2 * i] - xs[2 * i + 1]).ToArray();
        var demos = new Demonstrations("toy", Tensor.FromArray(xs, 256, 2), Tensor.FromArray(ys, 256, 1), [0, 256], [0], 0);
        var bc = new BehaviorCloning(2, 0, 1, new BehaviorCloningOptions { ContinuousLoss = ContinuousCloningLoss.MeanSquaredError, Epochs = 100 }, seed: 1);
        bc.Fit(demos);
        foreach (var (x0, x1) in new[] { (0.3f, 0.7f), (-0.8f, 0.1f), (0.55f, -0.45f) })
            Assert.Equal(0.5 * x0 - x1, bc.Mean([x0, x1])[0], 0.05);
    }

    [Fact]
    public void DiscriminatorLossAndGradientMatchAHandComputation()
    {
        var zE = D(0.5, -1.0).RequiresGrad_();
        var zP = D(2.0, 0.0, -0.3).RequiresGrad_();
        var loss = Gail.DiscriminatorLoss(zE, zP);
        static double Softplus(double z) => Math.Log(1 + Math.Exp(z));
        static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
        // −mean log σ(z_E) − mean log(1 − σ(z_P)) = mean softplus(−z_E) + mean softplus(z_P)
        double expected = (Softplus(-0.5) + Softplus(1.0)) / 2 + (Softplus(2.0) + Softplus(0.0) + Softplus(-0.3)) / 3;
        Assert.Equal(expected, loss.Item(), 1e-12);
        loss.Backward();
        // ∂/∂z_E = (σ(z_E) − 1)/n_E pulls expert logits up; ∂/∂z_P = σ(z_P)/n_P pushes policy logits down.
        var gE = zE.Grad!.ToDoubleArray();
        var gP = zP.Grad!.ToDoubleArray();
        Assert.Equal((Sigmoid(0.5) - 1) / 2, gE[0], 1e-12);
        Assert.Equal((Sigmoid(-1.0) - 1) / 2, gE[1], 1e-12);
        Assert.Equal(Sigmoid(2.0) / 3, gP[0], 1e-12);
        Assert.Equal(0.5 / 3, gP[1], 1e-12);
        Assert.Equal(Sigmoid(-0.3) / 3, gP[2], 1e-12);
        // Reward −log(1 − D) with D = σ(z).
        var r = Gail.SurrogateReward(D(2.0, 0.0, -0.3)).ToDoubleArray();
        for (int i = 0; i < 3; i++)
            Assert.Equal(-Math.Log(1 - Sigmoid(new[] { 2.0, 0.0, -0.3 }[i])), r[i], 1e-12);
    }

    [Fact]
    public void DiscriminatorSeesStateAndOneHotAction()
    {
        var demos = Demonstrations.Record(Gym.MakeCartPole(), PushTowardsFall, 1, 3);
        var gail = new Gail([Gym.MakeCartPole()], demos, Small(), seed: 1);
        var obs = Tensor.FromArray(new float[] { 0.1f, -0.2f, 0.03f, 0.4f, -1f, 0.5f, 0.2f, 0f }, 2, 4);
        var logits = gail.Logits(obs, Tensor.FromArray(new long[] { 1, 0 }, 2)).ToArray<float>();
        var direct = gail.Discriminator.Forward(Tensor.FromArray(new float[] { 0.1f, -0.2f, 0.03f, 0.4f, 0, 1, -1f, 0.5f, 0.2f, 0f, 1, 0 }, 2, 6)).ToArray<float>();
        Assert.Equal(direct, logits);
    }

    private static GailOptions Small() => new()
    {
        Ppo = new PpoOptions { NumSteps = 64, TotalTimesteps = 64 * 2 * 6 },
        DiscriminatorHidden = [16, 16],
    };

    [Fact]
    public void GailIsDeterministicPerSeedAndPaysTheDiscriminatorReward()
    {
        var demos = Demonstrations.Record(Gym.MakeCartPole(), PushTowardsFall, 2, 3);
        (double[] Returns, double[] DLoss, double[] Rewards) Run(ulong seed)
        {
            var gail = new Gail([Gym.MakeCartPole(), Gym.MakeCartPole()], demos, Small(), seed);
            var seen = new List<double>();
            var inner = gail.Ppo.RewardHook!;
            gail.Ppo.RewardHook = (o, a, r) =>
            {
                Assert.All(r, v => Assert.Equal(1.0, v)); // the environment's CartPole rewards arrive...
                inner(o, a, r);
                seen.AddRange(r);                          // ...and leave as softplus(z) > 0, recomputed here.
                double[] z;
                using (GradMode.NoGrad()) z = gail.Logits(Tensor.FromArray(o, a.Length, 4), Tensor.FromArray(a, a.Length)).ToDoubleArray();
                for (int i = 0; i < a.Length; i++) Assert.Equal(Math.Log(1 + Math.Exp(z[i])), r[i], 1e-5);
            };
            gail.Train();
            Assert.Equal(6, gail.DiscriminatorUpdates.Count);
            return (gail.Episodes.Select(e => e.Return).ToArray(), gail.DiscriminatorUpdates.Select(u => u.DiscriminatorLoss).ToArray(), seen.ToArray());
        }
        var a = Run(7);
        var b = Run(7);
        var c = Run(8);
        Assert.Equal(a.Returns, b.Returns);
        Assert.Equal(a.DLoss, b.DLoss);
        Assert.Equal(a.Rewards, b.Rewards);
        Assert.NotEqual(a.DLoss, c.DLoss);
        Assert.Equal(6 * 128, a.Rewards.Length);
        Assert.All(a.Rewards, r => Assert.True(r > 0));
    }

    [Fact]
    public void BehaviorCloningIsDeterministicPerSeed()
    {
        var demos = LinearlySeparable();
        double[] Losses(ulong seed)
        {
            var bc = new BehaviorCloning(4, 2, 0, new BehaviorCloningOptions { Epochs = 3 }, seed);
            bc.Fit(demos);
            return bc.EpochLosses.ToArray();
        }
        Assert.Equal(Losses(4), Losses(4));
        Assert.NotEqual(Losses(4), Losses(5));
    }

    [Fact]
    public void MismatchedDemonstrationsAreRefused()
    {
        var demos = LinearlySeparable();
        var bc = new BehaviorCloning(3, 2, 0, seed: 1);
        Assert.Contains("4 observation features, the policy 3", Assert.Throws<ArgumentException>(() => bc.Fit(demos)).Message);
        Assert.Throws<ArgumentException>(() => new BehaviorCloning(4, 2, 1));
        var pendulumLike = new Demonstrations("toy", Tensor.FromArray(new float[4], 1, 4), Tensor.FromArray(new float[1], 1, 1), [0, 1], [0], 0);
        Assert.Contains("do not match", Assert.Throws<ArgumentException>(() => new Gail([Gym.MakeCartPole()], pendulumLike)).Message);
    }
}
