using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>Module mechanics: registration and names, repr, state dict round trip and load errors, modes, init, dropout.</summary>
public class ModuleTests
{
    private sealed class Mlp : Module<Tensor, Tensor>
    {
        public readonly Linear Fc1, Fc2;
        public readonly BatchNorm1d Bn;
        public Mlp(Generator g, int hidden = 8)
        {
            Fc1 = RegisterModule("fc1", new Linear(4, hidden, generator: g));
            Bn = RegisterModule("bn", new BatchNorm1d(hidden));
            RegisterModule("act", new ReLU());
            Fc2 = RegisterModule("fc2", new Linear(hidden, 2, generator: g));
        }
        public override Tensor Forward(Tensor x) => Fc2.Forward(Bn.Forward(Fc1.Forward(x)).Relu());
    }

    private static Tensor Input(ulong seed, params int[] shape)
    {
        var g = new Generator(seed);
        var v = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < v.Length; i++) v[i] = (float)g.NextNormal();
        return Tensor.FromArray(v, shape);
    }

    [Fact]
    public void NamesFollowRegistrationOrderWithDottedPaths()
    {
        var m = new Mlp(new Generator(1));
        Assert.Equal(["fc1.weight", "fc1.bias", "bn.weight", "bn.bias", "fc2.weight", "fc2.bias"], m.NamedParameters().Select(p => p.Name));
        Assert.Equal(["fc1.weight", "fc1.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked", "fc2.weight", "fc2.bias"], m.StateDict().Keys);
        var seq = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 1, bias: false));
        Assert.Equal(["0.weight", "0.bias", "2.weight"], seq.NamedParameters().Select(p => p.Name));
        Assert.Equal(3 * 4 + 4 + 4, seq.ParameterCount);
        Assert.Equal(784L * 512 + 512 + 512 * 10 + 10, new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 10)).ParameterCount);
        Assert.All(m.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void CustomModuleReprIndentsChildren()
    {
        var m = new Sequential(new Mlp(new Generator(1)), new Identity());
        Assert.Equal(
            "Sequential(\n" +
            "  (0): Mlp(\n" +
            "    (fc1): Linear(in_features=4, out_features=8, bias=True)\n" +
            "    (bn): BatchNorm1d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)\n" +
            "    (act): ReLU()\n" +
            "    (fc2): Linear(in_features=8, out_features=2, bias=True)\n" +
            "  )\n" +
            "  (1): Identity()\n" +
            ")", m.ToString());
        Assert.Equal("Sequential(\n  (0): Linear(in_features=784, out_features=512, bias=True)\n  (1): ReLU()\n)",
            new Sequential(new Linear(784, 512), new ReLU()).ToString());
    }

    [Fact]
    public void StateDictRoundTripReproducesOutputs()
    {
        var a = new Mlp(new Generator(1));
        a.Forward(Input(5, 6, 4)); // one training step moves the running statistics
        var b = new Mlp(new Generator(2));
        var x = Input(6, 3, 4);
        a.Eval(); b.Eval();
        Assert.NotEqual(a.Forward(x).ToArray<float>(), b.Forward(x).ToArray<float>());
        var r = b.LoadStateDict(a.StateDict());
        Assert.Empty(r.MissingKeys); Assert.Empty(r.UnexpectedKeys);
        Assert.Equal(a.Forward(x).ToArray<float>(), b.Forward(x).ToArray<float>());
        Assert.Equal(1L, b.Bn.NumBatchesTracked!.Item<long>());
        // loading copies values: later changes to a do not leak into b
        using (Glassbox.Autograd.GradMode.NoGrad()) a.Fc1.Weight.Fill(0);
        Assert.NotEqual(0f, b.Fc1.Weight.ToArray<float>()[0]);
    }

    [Fact]
    public void StrictLoadNamesMissingUnexpectedAndMisshapedKeys()
    {
        var m = new Mlp(new Generator(1));
        var sd = m.StateDict();
        sd.Remove("fc2.bias");
        sd["extra.weight"] = Tensor.Zeros(2);
        sd["fc1.weight"] = Tensor.Zeros(3, 3);
        var ex = Assert.Throws<ArgumentException>(() => m.LoadStateDict(sd));
        Assert.Contains("Missing key(s) in state_dict: \"fc2.bias\"", ex.Message);
        Assert.Contains("Unexpected key(s) in state_dict: \"extra.weight\"", ex.Message);
        Assert.Contains("size mismatch for fc1.weight: copying a param with shape [3, 3] from checkpoint, the shape in current model is [8, 4]", ex.Message);

        // non-strict: key differences are reported, not thrown; shape mismatches still throw (as in PyTorch)
        sd["fc1.weight"] = Tensor.Zeros(8, 4);
        var r = m.LoadStateDict(sd, strict: false);
        Assert.Equal(["fc2.bias"], r.MissingKeys);
        Assert.Equal(["extra.weight"], r.UnexpectedKeys);
        Assert.All(m.Fc1.Weight.ToArray<float>(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void TrainEvalPropagatesAndZeroGradClears()
    {
        var m = new Mlp(new Generator(1));
        Assert.All(m.Modules(), x => Assert.True(x.Training));
        m.Eval();
        Assert.All(m.Modules(), x => Assert.False(x.Training));
        m.Train();
        m.Forward(Input(1, 4, 4)).Sum().Backward();
        Assert.All(m.Parameters(), p => Assert.NotNull(p.Grad));
        m.ZeroGrad(setToNone: true);
        Assert.All(m.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void LinearDefaultInitMatchesPyTorchBounds()
    {
        var lin = new Linear(784, 512, generator: new Generator(42));
        double bound = 1 / Math.Sqrt(784); // kaiming_uniform(a=√5): gain √(1/3), bound = √3·gain/√fan_in = 1/√fan_in
        var w = lin.Weight.ToDoubleArray();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        double mean = w.Average(), std = Math.Sqrt(w.Select(v => (v - mean) * (v - mean)).Average());
        // U(−b, b) has std b/√3; with 401,408 samples the estimate's relative error is ~0.1%, so 1% is safe.
        Assert.InRange(std, bound / Math.Sqrt(3) * 0.99, bound / Math.Sqrt(3) * 1.01);
        Assert.InRange(mean, -bound * 0.01, bound * 0.01);
        Assert.True(w.Max() > bound * 0.999 && w.Min() < -bound * 0.999);
        Assert.All(lin.Bias!.ToDoubleArray(), v => Assert.InRange(v, -bound, bound));
    }

    [Fact]
    public void InitFormulas()
    {
        Assert.Equal(1.0, Init.CalculateGain(Nonlinearity.Linear));
        Assert.Equal(5.0 / 3, Init.CalculateGain(Nonlinearity.Tanh));
        Assert.Equal(Math.Sqrt(2), Init.CalculateGain(Nonlinearity.Relu));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.01 * 0.01)), Init.CalculateGain(Nonlinearity.LeakyRelu));
        Assert.Equal(Math.Sqrt(2 / 6.0), Init.CalculateGain(Nonlinearity.LeakyRelu, Math.Sqrt(5)), 15);
        Assert.Equal(0.75, Init.CalculateGain(Nonlinearity.Selu));
        Assert.Throws<ArgumentOutOfRangeException>(() => Init.CalculateGain((Nonlinearity)99));
        Assert.Equal((3 * 25, 8 * 25), Init.CalculateFans(Tensor.Zeros(8, 3, 5, 5)));

        var g = new Generator(3);
        var w = Init.KaimingNormal(Tensor.Zeros(400, 500), nonlinearity: Nonlinearity.Relu, generator: g).ToDoubleArray();
        double std = Math.Sqrt(w.Select(v => v * v).Average());
        Assert.InRange(std, Math.Sqrt(2.0 / 500) * 0.99, Math.Sqrt(2.0 / 500) * 1.01); // 200k samples: ~0.16% error
        var x = Init.XavierUniform(Tensor.Zeros(300, 200), gain: 2, generator: g).ToDoubleArray();
        double a = 2 * Math.Sqrt(6.0 / 500);
        Assert.All(x, v => Assert.InRange(v, -a, a));
        Assert.True(x.Max() > a * 0.999);
        var fo = Init.KaimingUniform(Tensor.Zeros(50, 2000), mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu, generator: g).ToDoubleArray();
        Assert.All(fo, v => Assert.InRange(v, -Math.Sqrt(6.0 / 50), Math.Sqrt(6.0 / 50)));
        Assert.All(Init.Constant(Tensor.Zeros(3), 2.5).ToDoubleArray(), v => Assert.Equal(2.5, v));
    }

    [Fact]
    public void DropoutScalesSurvivorsAndIsIdentityInEval()
    {
        var d = new Dropout(0.3, new Generator(9));
        var x = Tensor.Ones(200, 100).RequiresGrad_();
        var y = d.Forward(x);
        var v = y.ToDoubleArray();
        double scale = 1 / 0.7;
        Assert.All(v, e => Assert.True(e == 0 || Math.Abs(e - scale) < 1e-6));
        double dropped = v.Count(e => e == 0) / (double)v.Length;
        Assert.InRange(dropped, 0.28, 0.32); // 20,000 Bernoulli(0.3) draws: σ ≈ 0.0032, so ±0.02 is > 6σ
        y.Sum().Backward();
        Assert.Equal(v, x.Grad!.ToDoubleArray()); // dy/dx is the same scaled mask
        d.Eval();
        Assert.Same(x, d.Forward(x));
        Assert.Equal("Dropout(p=0.3, inplace=False)", d.ToString());
    }

    [Fact]
    public void LossModulesCheckReductionWeightsAndTargets()
    {
        var avg = Assert.Throws<ArgumentException>(() => new MSELoss((Reduction)7));
        Assert.Contains("MSELoss: reduction must be one of 'none', 'mean', 'sum'", avg.Message);
        // "batchmean" is KL's alone
        Assert.Throws<ArgumentException>(() => new MSELoss(Reduction.BatchMean));
        Assert.Equal(Reduction.BatchMean, new KLDivLoss(Reduction.BatchMean).Reduction);
        Assert.Throws<ArgumentException>(() => Reductions.Parse("avg"));
        Assert.Equal(Reduction.BatchMean, Reductions.Parse("batchmean"));
        Assert.Equal("batchmean", Reduction.BatchMean.TorchName());
        var ce = new CrossEntropyLoss(Tensor.Ones(3));
        Assert.Equal(["weight"], ce.StateDict().Keys);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ce.Forward(Tensor.Zeros(2, 3), Tensor.FromArray(new long[] { 0, 3 })));
        Assert.Contains("target 3 is out of bounds for 3 classes", ex.Message);
    }

    [Fact]
    public void BceWithLogitsIsStableForHugeLogits()
    {
        var x = Tensor.FromArray(new[] { -1000.0, 1000.0, 0.0 }).RequiresGrad_();
        var y = Tensor.FromArray(new[] { 1.0, 0.0, 1.0 });
        var l = F.BinaryCrossEntropyWithLogits(x, y, reduction: Reduction.None).ToArray<double>();
        Assert.Equal(1000.0, l[0], 12);
        Assert.Equal(1000.0, l[1], 12);
        Assert.Equal(Math.Log(2), l[2], 14);
    }

    [Fact]
    public void BceWithLogitsGradientIsSigmoidMinusTargetEvenAtZero()
    {
        // ∂ℓ/∂x = σ(x) − y (with pos_weight p: (1 − y)·σ(x) − p·y·(1 − σ(x))), including x = 0 exactly, where a zero-initialised
        // head puts every logit on its first step.
        var x = Tensor.FromArray(new[] { 0.0, 0.0, 1.5, -2.0, 0.0 }).RequiresGrad_();
        var y = Tensor.FromArray(new[] { 1.0, 0.0, 1.0, 0.0, 0.25 });
        F.BinaryCrossEntropyWithLogits(x, y, reduction: Reduction.Sum).Backward();
        var g = x.Grad!.ToArray<double>();
        double[] xs = [0, 0, 1.5, -2, 0], ys = [1, 0, 1, 0, 0.25];
        for (int i = 0; i < xs.Length; i++) Assert.Equal(1 / (1 + Math.Exp(-xs[i])) - ys[i], g[i], 1e-15);

        var xp = Tensor.FromArray(new[] { 0.0, 0.7 }).RequiresGrad_();
        var yp = Tensor.FromArray(new[] { 1.0, 1.0 });
        F.BinaryCrossEntropyWithLogits(xp, yp, posWeight: Tensor.FromArray(new[] { 3.0 }), reduction: Reduction.Sum).Backward();
        var gp = xp.Grad!.ToArray<double>();
        Assert.Equal(-3 * 0.5, gp[0], 1e-15);
        Assert.Equal(-3 * (1 - 1 / (1 + Math.Exp(-0.7))), gp[1], 1e-15);
    }
}
