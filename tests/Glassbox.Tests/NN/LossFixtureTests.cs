using System.Text.Json;
using Glassbox.NN;
using static Glassbox.Tests.NN.NNFixture;

namespace Glassbox.Tests.NN;

/// <summary>Every loss and reduction against PyTorch 1.13 in float64: value and input gradient.</summary>
public class LossFixtureTests
{
    // Same reasoning as the layer tests: float64 summation-order noise is ~1e-15, so 1e-10 relative is ample.
    private const double Rtol = 1e-10, Atol = 1e-12;

    public static TheoryData<string> Cases => Names("losses");

    internal static Loss Build(JsonElement c)
    {
        var a = c.GetProperty("args");
        var red = Reductions.Parse(Str(a, "reduction", "mean"));
        Tensor? w = c.GetProperty("weight").ValueKind == JsonValueKind.Null ? null : T(c.GetProperty("weight"));
        Tensor? pw = c.GetProperty("pos_weight").ValueKind == JsonValueKind.Null ? null : T(c.GetProperty("pos_weight"));
        return c.GetProperty("kind").GetString() switch
        {
            "MSELoss" => new MSELoss(red),
            "L1Loss" => new L1Loss(red),
            "HuberLoss" => new HuberLoss(red, Num(a, "delta", 1)),
            "SmoothL1Loss" => new SmoothL1Loss(red, Num(a, "beta", 1)),
            "CrossEntropyLoss" => new CrossEntropyLoss(w, reduction: red, labelSmoothing: Num(a, "label_smoothing", 0)),
            "NLLLoss" => new NLLLoss(w, reduction: red),
            "BCELoss" => new BCELoss(w, red),
            "BCEWithLogitsLoss" => new BCEWithLogitsLoss(w, red, pw),
            "KLDivLoss" => new KLDivLoss(red),
            var k => throw new NotSupportedException(k),
        };
    }

    /// <summary>The fixture stores the raw input; NLL/KL take log_softmax of it and BCE its sigmoid, as the script did.</summary>
    internal static Tensor Transform(string name, Tensor x)
        => name.StartsWith("nll") || name.StartsWith("kldiv") ? x.LogSoftmax(1) : name.StartsWith("bce_") ? x.Sigmoid() : x;

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = Case("losses", name);
        var loss = Build(c);
        var x = T(c.GetProperty("input")).RequiresGrad_();
        var y = loss.Forward(Transform(name, x), T(c.GetProperty("target")));
        Close(c.GetProperty("output"), y, Rtol, Atol, name + " output");
        (y * T(c.GetProperty("upstream"))).Sum().Backward();
        Close(c.GetProperty("grad_input"), x.Grad!, Rtol, Atol, name + " grad_input");
    }
}
