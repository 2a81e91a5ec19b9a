using Glassbox.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;
using Glassbox.RL.Networks;
using Glassbox.Training;

namespace Glassbox.Tests.RL;

/// <summary>
/// Offline RL: CQL's conservative gap against a by-hand float64 computation (value and gradient), its effect (Q of
/// actions absent from the data ends up below Q of the data's action), the Lagrangian α′, the dataset file's round trip
/// and its errors, behaviour cloning, and run-to-run determinism of the offline loop.
/// </summary>
public sealed class OfflineRlTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-offline-").FullName;

    /// <inheritdoc/>
    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static OffPolicyUpdateStats Step(IContinuousOffPolicyAgent agent, ReplayBatch batch) => agent.Update(batch);

    private static double[] Row(Tensor t, int row, int cols) => t.ToDoubleArray().AsSpan(row * cols, cols).ToArray();

    // Q(s, a) of the critic computed with loops from its weights: fc3(relu(fc2(relu(fc1([s, a]))))).
    private static (double Q, double[] Hidden) QByHand(ContinuousQNetwork q, double[] input)
    {
        var p = q.NamedParameters().ToDictionary(x => x.Name, x => x.Parameter);
        double[] Layer(string name, double[] x, bool relu)
        {
            var w = p[name + ".weight"]; var b = p[name + ".bias"].ToDoubleArray();
            int outs = w.Shape[0], ins = w.Shape[1];
            var wv = w.ToDoubleArray();
            var y = new double[outs];
            for (int o = 0; o < outs; o++)
            {
                double s = b[o];
                for (int i = 0; i < ins; i++) s += wv[o * ins + i] * x[i];
                y[o] = relu ? Math.Max(0, s) : s;
            }
            return y;
        }
        var h = Layer("fc2", Layer("fc1", input, true), true);
        return (Layer("fc3", h, false)[0], h);
    }

    [Fact]
    public void ConservativeGapMatchesTheLogMeanExpComputedByHand()
    {
        // B = 2 states, M = 3 sampled actions each (one per proposal), obs 2, action 1, float64 throughout.
        var critic = new ContinuousQNetwork(2, 1, hidden: 5, DType.Float64, new Generator(11));
        double[] s = [0.3, -0.7, -1.1, 0.4];
        double[] dataA = [0.5, -1.5];
        double[] sampled = [1.9, -0.2, 0.7, 1.2, -1.8, 0.05]; // row j·B + i
        double[] logDensity = [-Math.Log(4), -Math.Log(4), -0.3, 0.8, -1.7, 0.1];
        var states = Tensor.FromArray(s, 2, 2).Repeat(3, 1);
        var dataQ = critic.Forward(Tensor.FromArray(s, 2, 2), Tensor.FromArray(dataA, 2, 1));
        var gap = Cql.ConservativeGap(critic, states, Tensor.FromArray(sampled, 6, 1), Tensor.FromArray(logDensity, 6), dataQ);

        int hidden = 5;
        double lseMean = 0, dataMean = 0;
        var gradW3 = new double[hidden];
        for (int i = 0; i < 2; i++)
        {
            var terms = new double[3];
            var hs = new double[3][];
            for (int j = 0; j < 3; j++)
            {
                var (q, h) = QByHand(critic, [s[2 * i], s[2 * i + 1], sampled[j * 2 + i]]);
                terms[j] = q - logDensity[j * 2 + i];
                hs[j] = h;
            }
            double max = terms.Max();
            double sum = terms.Sum(t => Math.Exp(t - max));
            lseMean += (max + Math.Log(sum) - Math.Log(3)) / 2;
            var (qd, hd) = QByHand(critic, [s[2 * i], s[2 * i + 1], dataA[i]]);
            dataMean += qd / 2;
            // d/dw3 of the gap: softmax-weighted hidden features of the samples minus the data's, averaged over states.
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < hidden; k++) gradW3[k] += Math.Exp(terms[j] - max) / sum * hs[j][k] / 2;
            for (int k = 0; k < hidden; k++) gradW3[k] -= hd[k] / 2;
        }
        // Float64 sums of ≤ 10 terms: agreement to 1e-12 (values are O(1)).
        Assert.Equal(lseMean - dataMean, gap.Item(), 1e-12);
        gap.Backward();
        var p = critic.NamedParameters().ToDictionary(x => x.Name, x => x.Parameter);
        var g = p["fc3.weight"].Grad!.ToDoubleArray();
        for (int k = 0; k < hidden; k++) Assert.Equal(gradW3[k], g[k], 1e-12);
        // The gap is invariant to a constant shift of Q, so the output bias gets no gradient at all (softmax weights sum to 1).
        Assert.Equal(0.0, p["fc3.bias"].Grad!.Item(), 1e-12);
    }

    [Fact]
    public void GapRejectsRowsThatAreNotAMultipleOfTheBatch()
    {
        var critic = new ContinuousQNetwork(2, 1, hidden: 4, DType.Float64, new Generator(1));
        var ex = Assert.Throws<ArgumentException>(() => Cql.ConservativeGap(critic, Tensor.Zeros([5, 2], DType.Float64), Tensor.Zeros([5, 1], DType.Float64),
            Tensor.Zeros([5], DType.Float64), Tensor.Zeros([2], DType.Float64)));
        Assert.Contains("Cql.ConservativeGap", ex.Message);
    }

    // A one-step-ish task with one action in the data: states x ∈ [−1, 1], every action 0, reward −x², next state x.
    private static OfflineDataset SingleActionDataset(int n, ulong seed)
    {
        var g = new Generator(seed);
        var obs = new float[n]; var act = new float[n]; var rew = new float[n]; var term = new float[n];
        for (int i = 0; i < n; i++) { obs[i] = 2 * g.NextFloat() - 1; rew[i] = -obs[i] * obs[i]; }
        return new OfflineDataset(1, 1, obs, act, rew, (float[])obs.Clone(), term, [], "test", "single action");
    }

    private static double MeanQ(Sac sac, float action)
    {
        var s = Tensor.FromArray(Enumerable.Range(0, 21).Select(i => -1f + i * 0.1f).ToArray(), 21, 1);
        var a = Tensor.Full([21, 1], action);
        return sac.Qf1.Forward(s, a).Minimum(sac.Qf2.Forward(s, a)).Mean().Item();
    }

    [Fact]
    public void CqlPushesTheValueOfUnseenActionsBelowTheDatasActions()
    {
        var data = SingleActionDataset(512, 3);
        var cql = new Cql(1, [-1f], [1f], new SacOptions { Hidden = 16, BatchSize = 32, Gamma = 0.5, Tau = 0.05 }, new CqlOptions { Alpha = 1.0, SampledActions = 4 }, seed: 2);
        var buffer = data.ToReplayBuffer();
        var sampler = new Generator(9);
        for (int i = 0; i < 400; i++) using (new TensorScope()) Step(cql, buffer.Sample(32, sampler));
        double seen = MeanQ(cql.Sac, 0f), unseenHigh = MeanQ(cql.Sac, 0.9f), unseenLow = MeanQ(cql.Sac, -0.9f);
        // Off-data actions have no Bellman term holding them up, so the conservative term keeps pushing their Q down until the
        // soft maximum over actions is dominated by the data's action; only the network's smoothness between a = 0 and a = ±0.9
        // limits the drop. Q itself lies in about [−1, 0] here (rewards in [−1, 0], γ = 0.5, started near 0), so a margin of
        // 0.5 is a clear separation, asserted in direction and size rather than tuned to a value.
        Assert.True(unseenHigh < seen - 0.5 && unseenLow < seen - 0.5, $"Q(s, 0) = {seen:F3}, Q(s, 0.9) = {unseenHigh:F3}, Q(s, −0.9) = {unseenLow:F3}");
        Assert.True(double.IsFinite(cql.LastGap));
    }

    [Theory]
    [InlineData(-5.0, true)]   // α·gap above τ: α′ must grow
    [InlineData(1000.0, false)] // α·gap far below τ: α′ must shrink
    public void LagrangianAlphaPrimeMovesTowardsTheThreshold(double threshold, bool grows)
    {
        var data = SingleActionDataset(64, 4);
        var cql = new Cql(1, [-1f], [1f], new SacOptions { Hidden = 8, BatchSize = 16 }, new CqlOptions { LagrangeThreshold = threshold, SampledActions = 2, AlphaPrimeLr = 0.01 }, seed: 1);
        var buffer = data.ToReplayBuffer();
        var sampler = new Generator(2);
        for (int i = 0; i < 3; i++) using (new TensorScope()) Step(cql, buffer.Sample(16, sampler));
        double alphaPrime = Math.Exp(cql.LogAlphaPrime.Item());
        // Adam's first steps move log α′ by about lr each, whatever the gradient's size: 3 steps ≈ ±0.03.
        if (grows) Assert.InRange(alphaPrime, 1.02, 1.04);
        else Assert.InRange(alphaPrime, 0.96, 0.98);
    }

    private static OfflineDataset SmallDataset() => new(2, 1, [1f, 2f, 3f, 4f, 5f, 6f], [0.5f, -0.25f, 1f], [-1f, -2f, -3.5f], [2f, 3f, 4f, 5f, 6f, 7f],
        [0f, 0f, 1f], [-12.5, -3.25], "Test-v0", "three hand-written transitions");

    [Fact]
    public void DatasetRoundTripsThroughItsFile()
    {
        var data = SmallDataset();
        string path = Path.Combine(dir, "data.safetensors");
        data.Save(path);
        var back = OfflineDataset.Load(path);
        Assert.Equal((3, 2, 1), (back.Count, back.ObservationSize, back.ActionSize));
        Assert.Equal(("Test-v0", "three hand-written transitions"), (back.EnvId, back.Recipe));
        Assert.Equal([-12.5, -3.25], back.EpisodeReturns);
        Assert.Equal(-7.875, back.AverageReturn);
        var batch = back.ToReplayBuffer().Gather([0, 1, 2]);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], batch.Observations.ToArray<float>());
        Assert.Equal([0.5f, -0.25f, 1f], batch.Actions.ToArray<float>());
        Assert.Equal([-1f, -2f, -3.5f], batch.Rewards.ToArray<float>());
        Assert.Equal([2f, 3f, 4f, 5f, 6f, 7f], batch.NextObservations.ToArray<float>());
        Assert.Equal([0f, 0f, 1f], batch.Terminated.ToArray<float>());
    }

    private Dictionary<string, Tensor> ValidTensors() => new()
    {
        ["observations"] = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2), ["actions"] = Tensor.FromArray(new float[] { 0, 1 }, 2, 1),
        ["rewards"] = Tensor.FromArray(new float[] { -1, -2 }, 2), ["next_observations"] = Tensor.FromArray(new float[] { 2, 3, 4, 5 }, 2, 2),
        ["terminated"] = Tensor.FromArray(new float[] { 0, 1 }, 2), ["episode_returns"] = Tensor.FromArray(new double[] { -3 }, 1),
    };

    private static readonly Dictionary<string, string> ValidMetadata = new() { ["format"] = OfflineDataset.Format, ["env"] = "Test-v0", ["recipe"] = "r" };

    [Theory]
    [InlineData("terminated", "expected 0 or 1")]
    [InlineData("rewards", "expected a finite value")]
    [InlineData("actions", "inconsistent shapes")]
    [InlineData("observations", "is missing")]
    [InlineData("episode_returns", "expected float64")]
    [InlineData("format", "not an offline RL dataset")]
    public void HostileFilesAreRejectedNamingTheFileAndTheProblem(string spoil, string expected)
    {
        var tensors = ValidTensors();
        var metadata = new Dictionary<string, string>(ValidMetadata);
        switch (spoil)
        {
            case "terminated": tensors["terminated"] = Tensor.FromArray(new float[] { 0, 0.5f }, 2); break;
            case "rewards": tensors["rewards"] = Tensor.FromArray(new float[] { -1, float.NaN }, 2); break;
            case "actions": tensors["actions"] = Tensor.FromArray(new float[] { 0, 1, 2 }, 3, 1); break;
            case "observations": tensors.Remove("observations"); break;
            case "episode_returns": tensors["episode_returns"] = Tensor.FromArray(new float[] { -3 }, 1); break;
            default: metadata["format"] = "something-else"; break;
        }
        string path = Path.Combine(dir, $"bad-{spoil}.safetensors");
        SafeTensors.Save(path, tensors, metadata);
        var ex = Assert.Throws<InvalidDataException>(() => OfflineDataset.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void TruncatedFileIsRejectedNamingTheFile()
    {
        string path = Path.Combine(dir, "truncated.safetensors");
        SmallDataset().Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 5)]);
        var ex = Assert.Throws<InvalidDataException>(() => OfflineDataset.Load(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void BehaviorCloningRegressesTheDatasActions()
    {
        // Actions a = 0.8·tanh(2x) of states x ∈ [−1, 1]: smooth and inside the box, so an MLP can fit them closely.
        var g = new Generator(5);
        int n = 256;
        var obs = new float[n]; var act = new float[n];
        for (int i = 0; i < n; i++) { obs[i] = 2 * g.NextFloat() - 1; act[i] = 0.8f * MathF.Tanh(2 * obs[i]); }
        var data = new OfflineDataset(1, 1, obs, act, new float[n], (float[])obs.Clone(), new float[n], [], "test", "tanh map");
        var bc = new ContinuousBehaviorCloning(1, [-1f], [1f], hidden: 32, batchSize: 64, lr: 3e-3, seed: 1);
        var buffer = data.ToReplayBuffer();
        var sampler = new Generator(6);
        for (int i = 0; i < 600; i++) using (new TensorScope()) Step(bc, buffer.Sample(64, sampler));
        var predicted = bc.Act(Tensor.FromArray(obs, n, 1), explore: false).ToArray<float>();
        double mse = predicted.Zip(act, (p, a) => (double)(p - a) * (p - a)).Average();
        // The actions' variance is ≈ 0.3; 0.003 is 1% of it, a fit a 32-wide MLP reaches easily in 600 steps.
        Assert.True(mse < 3e-3, $"behaviour-cloning MSE {mse:E3}");
    }

    private static (double[] Returns, double[] Parameters) OfflineRun(ulong seed)
    {
        var data = SingleActionDataset(256, 8);
        var cql = new Cql(1, [-1f], [1f], new SacOptions { Hidden = 8, BatchSize = 16 }, new CqlOptions { SampledActions = 2 }, seed);
        var buffer = data.ToReplayBuffer();
        var sampler = new Generator(seed + 1);
        var q = new List<double>();
        for (int i = 0; i < 20; i++) using (new TensorScope()) q.Add(Step(cql, buffer.Sample(16, sampler)).CriticLoss);
        var parameters = cql.Sac.Actor.Parameters().Concat(cql.Sac.Qf1.Parameters()).Concat(cql.Sac.Qf2.Parameters()).SelectMany(p => p.ToDoubleArray()).ToArray();
        return (q.ToArray(), parameters);
    }

    [Fact]
    public void SameSeedGivesBitIdenticalCqlRuns()
    {
        var (lossA, paramsA) = OfflineRun(7);
        var (lossB, paramsB) = OfflineRun(7);
        var (lossC, _) = OfflineRun(8);
        Assert.Equal(lossA, lossB);
        Assert.Equal(paramsA, paramsB);
        Assert.NotEqual(lossA, lossC);
    }

    [Fact]
    public void OfflineTrainerOnPendulumIsReproducibleAndReportsValues()
    {
        // A tiny dataset from uniformly random actions (no learning), then 30 offline updates of CQL.
        var buffer = new ReplayBuffer(400, 3, 1);
        var collector = new Sac(3, [-2f], [2f], new SacOptions { Hidden = 8, BatchSize = 8, LearningStarts = 400 }, 0);
        var collected = ContinuousOffPolicyTrainer.Train(() => Gym.MakePendulum(), collector, new OffPolicyRunOptions(400, 400, 1), 0, replay: buffer);
        var data = OfflineDataset.FromReplay(buffer, 400, collected.TrainingEpisodes.Select(e => e.Return), "Pendulum-v1", "random");
        Assert.Equal(2, data.EpisodeReturns.Count);
        OfflineRunResult Run()
        {
            var cql = new Cql(3, [-2f], [2f], new SacOptions { Hidden = 8, BatchSize = 16 }, new CqlOptions { SampledActions = 2 }, seed: 3);
            return OfflineTrainer.Train(data, cql, () => Gym.MakePendulum(), new OfflineRunOptions(30, 15, EvaluationEpisodes: 2), 3, OfflineTrainer.SacValue(cql.Sac));
        }
        var a = Run();
        var b = Run();
        Assert.Equal([0, 15, 30], a.Evaluations.Select(e => e.Step));
        Assert.Equal(a.Evaluations.Select(e => e.MeanReturn), b.Evaluations.Select(e => e.MeanReturn));
        Assert.Equal(a.Evaluations.Select(e => e.MeanValueEstimate), b.Evaluations.Select(e => e.MeanValueEstimate));
        Assert.All(a.Evaluations, e => Assert.True(double.IsFinite(e.MeanValueEstimate)));
        // Pendulum's rewards are ≤ 0, so a discounted return is at least as large as the undiscounted one and still ≤ 0.
        Assert.All(a.Evaluations, e => Assert.InRange(e.MeanDiscountedReturn, e.MeanReturn, 0));
    }

    [Fact]
    public void DiscountedEvaluationWithGammaOneIsTheUndiscountedReturn()
    {
        var agent = new Sac(3, [-2f], [2f], new SacOptions { Hidden = 8 }, 1);
        var returns = ContinuousOffPolicyTrainer.Evaluate(() => Gym.MakePendulum(), agent, 2, 1.0, out var discounted);
        for (int i = 0; i < 2; i++) Assert.Equal(returns[i], discounted[i], 1e-9);
    }

    [Fact]
    public void TrainerRejectsAReplayOfTheWrongShape()
    {
        var agent = new Sac(3, [-2f], [2f], new SacOptions { Hidden = 8 }, 1);
        var ex = Assert.Throws<ArgumentException>(() => ContinuousOffPolicyTrainer.Train(() => Gym.MakePendulum(), agent, new OffPolicyRunOptions(10, 10, 1), 0,
            replay: new ReplayBuffer(10, 2, 1)));
        Assert.Contains("replay buffer", ex.Message);
    }
}
