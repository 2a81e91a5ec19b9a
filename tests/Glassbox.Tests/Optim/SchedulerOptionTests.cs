using Glassbox.Optim;
using Glassbox.Optim.Schedulers;

namespace Glassbox.Tests.Optim;

/// <summary>The schedulers' enum options: an undefined value is refused at construction, naming the option.</summary>
public class SchedulerOptionTests
{
    [Fact]
    public void UndefinedModesAreRefused()
    {
        var sgd = new SGD([Tensor.Zeros(1).RequiresGrad_()], lr: 0.1);
        Assert.Contains("mode must be Min or Max", Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(sgd, (PlateauMode)5)).Message);
        Assert.Contains("thresholdMode must be Rel or Abs", Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(sgd, thresholdMode: (ThresholdMode)5)).Message);
        Assert.Contains("annealStrategy must be Cos or Linear", Assert.Throws<ArgumentException>(() => new OneCycleLR(sgd, 1.0, 10, annealStrategy: (AnnealStrategy)5)).Message);
    }

    [Fact]
    public void MaxModeCountsARiseAsImprovement()
    {
        var sgd = new SGD([Tensor.Zeros(1).RequiresGrad_()], lr: 1.0);
        var s = new ReduceLROnPlateau(sgd, PlateauMode.Max, factor: 0.5, patience: 0, thresholdMode: ThresholdMode.Abs, threshold: 0.1);
        s.Step(1.0);  // first value: a new best
        s.Step(1.05); // a rise of 0.05 < threshold 0.1: a bad epoch, more than patience 0 → lr halves
        Assert.Equal(0.5, sgd.ParamGroups[0].Lr);
        s.Step(1.2);  // +0.15 over the best: improvement, lr kept
        Assert.Equal(0.5, sgd.ParamGroups[0].Lr);
    }
}
