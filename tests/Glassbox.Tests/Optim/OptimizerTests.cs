using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;

namespace Glassbox.Tests.Optim;

/// <summary>Optimizer mechanics: checkpoints, parameter groups, gradient clipping, scheduler state.</summary>
public class OptimizerTests
{
    private static (Linear Model, Tensor X, Tensor Y) Problem(ulong seed)
    {
        var g = new Generator(seed);
        var lin = new Linear(5, 3, generator: g);
        var x = Init.Normal(Tensor.Zeros(16, 5), generator: g);
        var y = Init.Normal(Tensor.Zeros(16, 3), generator: g);
        return (lin, x, y);
    }

    private static void Train(Linear m, Optimizer o, Tensor x, Tensor y, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            o.ZeroGrad();
            F.MseLoss(m.Forward(x), y).Backward();
            o.Step();
        }
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    [InlineData("rmsprop")]
    [InlineData("adagrad")]
    public void CheckpointResumesExactly(string kind)
    {
        Optimizer Make(Linear m) => kind switch
        {
            "adam" => new Adam(m.Parameters(), 0.01, amsgrad: true),
            "sgd" => new SGD(m.Parameters(), 0.05, momentum: 0.9, nesterov: true),
            "rmsprop" => new RMSprop(m.Parameters(), centered: true, momentum: 0.5),
            _ => new Adagrad(m.Parameters(), lrDecay: 0.1),
        };
        var (a, x, y) = Problem(1);
        var oa = Make(a);
        Train(a, oa, x, y, 5);
        var modelState = a.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone().Detach());
        var optState = oa.StateDict();
        Train(a, oa, x, y, 5);

        var (b, _, _) = Problem(99);
        b.LoadStateDict(modelState);
        var ob = Make(b);
        ob.LoadStateDict(optState);
        Train(b, ob, x, y, 5);
        // Same float32 operations in the same order on the same values: bit-identical.
        Assert.Equal(a.Weight.ToArray<float>(), b.Weight.ToArray<float>());
        Assert.Equal(a.Bias!.ToArray<float>(), b.Bias!.ToArray<float>());
    }

    [Fact]
    public void ParamGroupsHaveTheirOwnHyperparameters()
    {
        var w1 = Tensor.Ones(3).RequiresGrad_();
        var w2 = Tensor.Ones(3).RequiresGrad_();
        var opt = new SGD([new ParamGroup<SGDOptions>([w1]), new ParamGroup<SGDOptions>([w2], o => o with { Lr = 0.5 })], new SGDOptions { Lr = 0.1 });
        w1.Grad = Tensor.Ones(3); w2.Grad = Tensor.Ones(3);
        opt.Step();
        Assert.All(w1.ToArray<float>(), v => Assert.Equal(0.9f, v));
        Assert.All(w2.ToArray<float>(), v => Assert.Equal(0.5f, v));
        Assert.Equal(0.0, opt.ParamGroups[1].Options.Momentum);
        Assert.Throws<ArgumentException>(() => opt.AddParamGroup(new ParamGroup<SGDOptions>([w1])));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([w1], beta1: 1.0));
        Assert.Contains("beta1", ex.Message);
    }

    [Fact]
    public void KeywordConstructorsAndOptionRecordsShareDefaults()
    {
        var w = Tensor.Ones(2).RequiresGrad_();
        // The keyword constructors are sugar over the records, so their defaults must be the records' (PyTorch's).
        Assert.Equal(new SGDOptions(), new SGD([w]).Defaults);
        Assert.Equal(new AdamOptions(), new Adam([w]).Defaults);
        Assert.Equal(new AdamWOptions(), new AdamW([w]).Defaults);
        Assert.Equal(new RMSpropOptions(), new RMSprop([w]).Defaults);
        Assert.Equal(new AdagradOptions(), new Adagrad([w]).Defaults);
        Assert.Equal((1e-3, (0.9, 0.999), 1e-8, 0.0, false), (new AdamOptions().Lr, new AdamOptions().Betas, new AdamOptions().Eps, new AdamOptions().WeightDecay, new AdamOptions().Amsgrad));
        Assert.Equal(1e-2, new AdamWOptions().WeightDecay);
        Assert.Equal(1e-2, new RMSpropOptions().Lr);
        Assert.Equal(1e-10, new AdagradOptions().Eps);
    }

    [Fact]
    public void GroupOverridesApplyToTheDefaultsAndValidate()
    {
        var body = Tensor.Ones(2).RequiresGrad_();
        var head = Tensor.Ones(2).RequiresGrad_();
        var opt = new AdamW([new ParamGroup<AdamOptions>([body]), new ParamGroup<AdamOptions>([head], o => o with { WeightDecay = 0, Betas = (0.8, o.Betas.Beta2) })],
            new AdamWOptions { Lr = 0.01 });
        Assert.Equal(new AdamWOptions { Lr = 0.01 }, opt.ParamGroups[0].Options);
        Assert.Equal(new AdamWOptions { Lr = 0.01, WeightDecay = 0, Betas = (0.8, 0.999) }, opt.ParamGroups[1].Options);
        // A group added later also starts from the constructor's defaults (add_param_group).
        var late = Tensor.Ones(1).RequiresGrad_();
        opt.AddParamGroup(new ParamGroup<AdamOptions>([late], o => o with { Amsgrad = true }));
        Assert.Equal(new AdamWOptions { Lr = 0.01, Amsgrad = true }, opt.ParamGroups[2].Options);
        // Out-of-range overrides fail when the group is added, naming the optimizer and the option.
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => opt.AddParamGroup(new ParamGroup<AdamOptions>([Tensor.Ones(1).RequiresGrad_()], o => o with { Eps = -1 })));
        Assert.Contains("AdamW: invalid eps value -1", ex.Message);
        // Schedulers write the lr through the untyped view; the typed view sees it.
        ((Optimizer)opt).ParamGroups[1].Lr = 0.5;
        Assert.Equal(0.5, opt.ParamGroups[1].Options.Lr);
        Assert.Throws<ArgumentException>(() => ((Optimizer)opt).ParamGroups[0].Options = new SGDOptions());
        Assert.Throws<ArgumentOutOfRangeException>(() => opt.ParamGroups[0].Options = opt.ParamGroups[0].Options with { Lr = -1 });
    }

    [Fact]
    public void StateDictOptionsAreTheNamedNumberFormAndConvertBack()
    {
        var w = Tensor.Ones(2).RequiresGrad_();
        var opt = new SGD([w], lr: 0.1, momentum: 0.9, nesterov: true);
        _ = new StepLR(opt, 2, 0.5);
        var saved = opt.StateDict().Groups[0].Options;
        Assert.Equal(new Dictionary<string, double> { ["lr"] = 0.1, ["momentum"] = 0.9, ["dampening"] = 0, ["weight_decay"] = 0, ["nesterov"] = 1, ["initial_lr"] = 0.1 },
            saved);

        var other = new SGD([Tensor.Ones(2).RequiresGrad_()], lr: 0.3);
        other.LoadStateDict(opt.StateDict());
        Assert.Equal(new SGDOptions { Lr = 0.1, Momentum = 0.9, Nesterov = true }, other.ParamGroups[0].Options);
        Assert.Equal(0.1, other.ParamGroups[0].InitialLr);

        // Another optimizer's state dict names options SGD does not have: rejected, naming them, and nothing changes.
        var adam = new Adam([Tensor.Ones(2).RequiresGrad_()]);
        var ex = Assert.Throws<ArgumentException>(() => other.LoadStateDict(adam.StateDict()));
        Assert.Contains("'beta1', 'beta2', 'eps', 'amsgrad'", ex.Message);
        Assert.Equal(new SGDOptions { Lr = 0.1, Momentum = 0.9, Nesterov = true }, other.ParamGroups[0].Options);

        // Entries PyTorch's OneCycleLR leaves in a group are accepted (that schedule recomputes them).
        var withCycle = new Dictionary<string, double>(saved) { ["max_lr"] = 1, ["min_lr"] = 1e-5, ["max_momentum"] = 0.95, ["base_momentum"] = 0.85 };
        other.LoadStateDict(new OptimizerState(new Dictionary<int, IReadOnlyDictionary<string, Tensor>>(), [new OptimizerState.GroupState(withCycle, [0])]));
        Assert.Equal(0.9, other.ParamGroups[0].Options.Momentum);
    }

    [Fact]
    public void OneCycleCyclesAdamBeta1AndRejectsOptimizersWithoutMomentum()
    {
        var adam = new Adam([Tensor.Zeros(1).RequiresGrad_()]);
        _ = new OneCycleLR(adam, 1.0, totalSteps: 10);
        // Step 0 of the cycle: β₁ at maxMomentum, β₂ untouched.
        Assert.Equal((0.95, 0.999), adam.ParamGroups[0].Options.Betas);
        var ex = Assert.Throws<ArgumentException>(() => new OneCycleLR(new Adagrad([Tensor.Zeros(1).RequiresGrad_()]), 1.0, totalSteps: 10));
        Assert.Contains("AdagradOptions", ex.Message);
    }

    [Fact]
    public void ParametersWithoutGradientsAreSkipped()
    {
        var w = Tensor.Ones(2).RequiresGrad_();
        var opt = new Adam([w]);
        opt.Step();
        Assert.Equal([1f, 1f], w.ToArray<float>());
        Assert.Empty(opt.StateDict().State);
    }

    [Fact]
    public void ClipGradNormScalesJointly()
    {
        var a = Tensor.Zeros(2).RequiresGrad_(); a.Grad = Tensor.FromArray(new float[] { 3, 0 });
        var b = Tensor.Zeros(1).RequiresGrad_(); b.Grad = Tensor.FromArray(new float[] { 4 });
        double total = ClipGrad.Norm([a, b], maxNorm: 1.0);
        Assert.Equal(5.0, total, 12);
        double coef = 1.0 / (5.0 + 1e-6);
        Assert.Equal((float)(3 * coef), a.Grad!.ToArray<float>()[0], 6);
        Assert.Equal((float)(4 * coef), b.Grad!.ToArray<float>()[0], 6);
        // below the threshold the gradients are left unchanged
        Assert.Equal(1.0, ClipGrad.Norm([a, b], maxNorm: 10.0), 5);
        Assert.Equal((float)(3 * coef), a.Grad!.ToArray<float>()[0], 6);

        a.Grad = Tensor.FromArray(new float[] { -7, 2 });
        b.Grad = Tensor.FromArray(new float[] { 4 });
        Assert.Equal(7.0, ClipGrad.Norm([a, b], 100, double.PositiveInfinity), 12);
        Assert.Equal(Math.Pow(Math.Sqrt(7) + Math.Sqrt(2) + Math.Sqrt(4), 2), ClipGrad.Norm([a, b], 100, 0.5), 10); // p = 0.5: (Σ|g|^½)²
        ClipGrad.Value([a, b], 3);
        Assert.Equal([-3f, 2f], a.Grad!.ToArray<float>());
        Assert.Equal([3f], b.Grad!.ToArray<float>());
    }

    [Fact]
    public void SchedulerStateDictRoundTrip()
    {
        var w = Tensor.Zeros(1).RequiresGrad_();
        var o1 = new SGD([w], lr: 0.1, momentum: 0.9);
        var s1 = new StepLR(o1, 3, 0.5);
        for (int i = 0; i < 4; i++) s1.Step();
        var o2 = new SGD([Tensor.Zeros(1).RequiresGrad_()], lr: 0.1, momentum: 0.9);
        var s2 = new StepLR(o2, 3, 0.5);
        s2.LoadStateDict(s1.StateDict());
        o2.ParamGroups[0].Lr = s2.LastLr[0];
        for (int i = 0; i < 5; i++) { s1.Step(); s2.Step(); Assert.Equal(o1.ParamGroups[0].Lr, o2.ParamGroups[0].Lr); }
        Assert.Equal(9, s2.LastEpoch);

        var oc = new SGD([Tensor.Zeros(1).RequiresGrad_()], lr: 0.1, momentum: 0.9);
        var one = new OneCycleLR(oc, 1.0, totalSteps: 3);
        for (int i = 0; i < 3; i++) one.Step();
        Assert.Throws<InvalidOperationException>(() => one.Step());
    }
}
