using System.Text.Json;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;
using static Glassbox.Tests.NN.NNFixture;

namespace Glassbox.Tests.Optim;

/// <summary>Learning-rate (and OneCycle momentum) sequences over 30 steps against PyTorch 1.13.</summary>
public class SchedulerFixtureTests
{
    public static TheoryData<string> Cases => Names("schedulers");

    [Theory, MemberData(nameof(Cases))]
    public void LrSequenceMatchesPyTorch(string name)
    {
        var c = Case("schedulers", name);
        var a = c.GetProperty("args");
        var opt = new SGD([Tensor.Zeros(2).RequiresGrad_()], lr: 0.1, momentum: 0.9);
        LRScheduler? s = null;
        ReduceLROnPlateau? plateau = null;
        switch (c.GetProperty("kind").GetString())
        {
            case "StepLR": s = new StepLR(opt, (int)Num(a, "step_size", 0), Num(a, "gamma", 0.1)); break;
            case "MultiStepLR": s = new MultiStepLR(opt, a.GetProperty("milestones").EnumerateArray().Select(v => v.GetInt32()), Num(a, "gamma", 0.1)); break;
            case "ExponentialLR": s = new ExponentialLR(opt, Num(a, "gamma", 0)); break;
            case "CosineAnnealingLR": s = new CosineAnnealingLR(opt, (int)Num(a, "t_max", 0), Num(a, "eta_min", 0)); break;
            case "LinearWarmupCosine": s = new LinearWarmupCosine(opt, (int)Num(a, "warmup", 0), (int)Num(a, "total", 0), Num(a, "min_lr", 0)); break;
            case "OneCycleLR":
                s = new OneCycleLR(opt, Num(a, "max_lr", 0), (int)Num(a, "total_steps", 0), Num(a, "pct_start", 0.3), Str(a, "anneal", "cos") switch { "cos" => AnnealStrategy.Cos, "linear" => AnnealStrategy.Linear, var v => throw new NotSupportedException(v) }, threePhase: Flag(a, "three_phase"));
                break;
            case "ReduceLROnPlateau":
                plateau = new ReduceLROnPlateau(opt, Str(a, "mode", "min") switch { "min" => PlateauMode.Min, "max" => PlateauMode.Max, var v => throw new NotSupportedException(v) }, Num(a, "factor", 0.1), (int)Num(a, "patience", 10), Num(a, "threshold", 1e-4),
                    Str(a, "threshold_mode", "rel") switch { "rel" => ThresholdMode.Rel, "abs" => ThresholdMode.Abs, var v => throw new NotSupportedException(v) }, (int)Num(a, "cooldown", 0), Num(a, "min_lr", 0));
                break;
        }
        var metrics = c.GetProperty("metrics").ValueKind == JsonValueKind.Array ? c.GetProperty("metrics").EnumerateArray().Select(v => v.GetDouble()).ToArray() : null;
        var lrs = new List<double> { opt.ParamGroups[0].Lr };
        var moms = new List<double> { opt.ParamGroups[0].Options.Momentum };
        for (int i = 0; i < 30; i++)
        {
            opt.Step();
            if (plateau is not null) plateau.Step(metrics![i]); else s!.Step();
            lrs.Add(opt.ParamGroups[0].Lr);
            moms.Add(opt.ParamGroups[0].Options.Momentum);
        }
        // lrs are O(0.1–1) doubles computed by the same formulas; 1e-12 absolute allows for the closed-form
        // cosine vs PyTorch's recursive one and for the different association of products, nothing more.
        Close(c.GetProperty("lrs").EnumerateArray().Select(v => v.GetDouble()).ToArray(), lrs.ToArray(), 0, 1e-12, name + " lr");
        Close(c.GetProperty("momentum").EnumerateArray().Select(v => v.GetDouble()).ToArray(), moms.ToArray(), 0, 1e-12, name + " momentum");
    }
}
