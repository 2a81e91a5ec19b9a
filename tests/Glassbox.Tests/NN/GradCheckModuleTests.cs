using Glassbox.Autograd;
using Glassbox.NN;
using static Glassbox.Tests.NN.NNFixture;

namespace Glassbox.Tests.NN;

/// <summary>
/// Finite-difference gradient checks (float64) of every layer and loss on the fixture inputs, covering
/// both the input and all parameters — independent of PyTorch.
/// </summary>
public class GradCheckModuleTests
{
    public static TheoryData<string> Layers => Names("layers");
    public static TheoryData<string> Losses => Names("losses");

    [Theory, MemberData(nameof(Layers))]
    public void LayerGradients(string name)
    {
        var c = Case("layers", name);
        var m = LayerFixtureTests.Build(c);
        m.LoadStateDict(LayerFixtureTests.State(c.GetProperty("state")));
        m.Train(c.GetProperty("training").GetBoolean());
        var x = T(c.GetProperty("input"));
        var inputs = new List<Tensor>();
        if (x.DType == DType.Float64) inputs.Add(x.RequiresGrad_());
        inputs.AddRange(m.Parameters());
        // The parameters are perturbed in place through the inputs array; f reads them through the module.
        GradCheck.Assert(_ => m.Forward(x), inputs.ToArray());
    }

    [Theory, MemberData(nameof(Losses))]
    public void LossGradients(string name)
    {
        var c = Case("losses", name);
        var loss = LossFixtureTests.Build(c);
        var x = T(c.GetProperty("input")).RequiresGrad_();
        var target = T(c.GetProperty("target"));
        GradCheck.Assert(xs => loss.Forward(LossFixtureTests.Transform(name, xs[0]), target), [x]);
    }
}
