using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;

namespace Glassbox.Tests.Optim;

/// <summary>
/// The validate-only steps behind all-or-nothing checkpoint loading: each LoadStateDict refuses a state that does
/// not fit before changing anything.
/// </summary>
public class StateDictValidationTests
{
    private static (Linear Model, Adam Opt) Trained()
    {
        var m = new Linear(3, 2, generator: new Generator(4));
        var opt = new Adam(m.Parameters(), lr: 0.1);
        var x = Tensor.Randn([5, 3], generator: new Generator(5));
        opt.ZeroGrad();
        m.Forward(x).Pow(2).Sum().Backward();
        opt.Step();
        return (m, opt);
    }

    private static OptimizerState With(OptimizerState s, int index, string name, Tensor value)
    {
        var state = s.State.ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary(e => e.Key, e => e.Value));
        state[index][name] = value;
        return new OptimizerState(state.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, Tensor>)kv.Value), s.Groups);
    }

    private static string Render(OptimizerState s) => string.Join(";", s.State.OrderBy(kv => kv.Key).SelectMany(kv =>
        kv.Value.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{kv.Key}.{e.Key}={string.Join(",", e.Value.To(DType.Float64).ToArray<double>())}")))
        + "|" + string.Join(";", s.Groups.SelectMany(g => g.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}")));

    [Fact]
    public void OptimizerRefusesMisfitStateAndKeepsItsOwn()
    {
        var (_, opt) = Trained();
        var good = opt.StateDict();
        var before = Render(good);
        var wrongShape = With(good, 0, "exp_avg", Tensor.Zeros(3));
        var twoSteps = With(good, 1, "step", Tensor.Zeros([2], DType.Float64));
        var negativeStep = With(good, 1, "step", Tensor.Scalar(-3, DType.Float64));
        var orphan = new OptimizerState(new Dictionary<int, IReadOnlyDictionary<string, Tensor>>(good.State) { [7] = good.State[0] }, good.Groups);
        var duplicate = new OptimizerState(good.State, [new OptimizerState.GroupState(good.Groups[0].Options, [0, 0])]);
        var nanOption = new OptimizerState(good.State, [new OptimizerState.GroupState(new Dictionary<string, double>(good.Groups[0].Options) { ["lr"] = double.NaN }, good.Groups[0].Params)]);

        foreach (var (bad, expect) in new[] { (wrongShape, "'0.exp_avg'"), (twoSteps, "'1.step'"), (negativeStep, "'1.step'"), (orphan, "index 7"), (duplicate, "listed twice"), (nanOption, "'lr'") })
        {
            var e = Assert.Throws<ArgumentException>(() => opt.LoadStateDict(bad));
            Assert.Contains(expect, e.Message);
            Assert.Equal(before, Render(opt.StateDict()));
        }
    }

    [Fact]
    public void OptimizerStoresALoadedFloat32StepAsItsFloat64Counter()
    {
        var (m, opt) = Trained();
        var s = With(opt.StateDict(), 0, "step", Tensor.Scalar(4, DType.Float32));
        opt.LoadStateDict(s);
        opt.ZeroGrad();
        m.Forward(Tensor.Ones(1, 3)).Sum().Backward();
        opt.Step(); // would fail reading a float32 counter as float64
        var step = opt.StateDict().State[0]["step"];
        Assert.Equal(DType.Float64, step.DType);
        Assert.Equal(5.0, step.Item<double>());
    }

    [Fact]
    public void ModuleValidateStateDictChecksWithoutCopying()
    {
        var m = new Linear(3, 2, generator: new Generator(1));
        var w = m.Weight.ToArray<float>();
        var sd = new Dictionary<string, Tensor> { ["weight"] = Tensor.Zeros(2, 3), ["bias"] = Tensor.Zeros(3) };
        var e = Assert.Throws<ArgumentException>(() => m.ValidateStateDict(sd));
        Assert.Contains("size mismatch for bias", e.Message);
        Assert.Throws<ArgumentException>(() => m.LoadStateDict(sd));
        Assert.Equal(w, m.Weight.ToArray<float>()); // the valid weight was not copied before the bias failed

        sd["bias"] = Tensor.Zeros(2);
        var r = m.ValidateStateDict(sd);
        Assert.Empty(r.MissingKeys);
        Assert.Equal(w, m.Weight.ToArray<float>()); // validation alone copies nothing
    }

    [Fact]
    public void SchedulerRefusesIncompleteOrNonFiniteState()
    {
        var (_, opt) = Trained();
        var sched = new StepLR(opt, stepSize: 1, gamma: 0.5);
        sched.Step();
        var good = sched.StateDict();
        var epoch = sched.LastEpoch;
        foreach (var (key, value, expect) in new (string, double?, string)[]
                 { ("last_epoch", null, "'last_epoch'"), ("last_epoch", 1.5, "'last_epoch'"), ("last_epoch", -2, "'last_epoch'"), ("base_lrs.0", double.PositiveInfinity, "'base_lrs.0'"), ("last_lr.0", null, "'last_lr.0'") })
        {
            var bad = new Dictionary<string, double>(good);
            if (value is double v) bad[key] = v; else bad.Remove(key);
            var e = Assert.Throws<ArgumentException>(() => sched.LoadStateDict(bad));
            Assert.Contains(expect, e.Message);
            Assert.Equal(epoch, sched.LastEpoch);
        }
        sched.LoadStateDict(good);
        Assert.Equal(epoch, sched.LastEpoch);
    }
}
