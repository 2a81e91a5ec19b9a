using System.Text.Json;
using Glassbox.NN;
using static Glassbox.Tests.NN.NNFixture;

namespace Glassbox.Tests.NN;

/// <summary>
/// Every layer and activation against PyTorch 1.13 in float64: forward output, input gradient, parameter
/// gradients (for a fixed random upstream gradient), post-forward buffers (BatchNorm running statistics) and repr.
/// </summary>
public class LayerFixtureTests
{
    // float64 throughout: the only differences from PyTorch are summation order and libm rounding (~1e-15
    // relative), so 1e-10 relative leaves a wide margin while any formula error shows up at 1e-3 or worse.
    // The 1e-12 absolute floor covers exact zeros (e.g. relu outputs, gradients of ignored entries).
    private const double Rtol = 1e-10, Atol = 1e-12;

    public static TheoryData<string> Cases => Names("layers");

    internal static Module<Tensor, Tensor> Build(JsonElement c)
    {
        var a = c.GetProperty("args");
        const DType f64 = DType.Float64;
        return c.GetProperty("kind").GetString() switch
        {
            "Linear" => new Linear((int)Num(a, "in", 0), (int)Num(a, "out", 0), Flag(a, "bias", true), f64),
            "Flatten" => new Flatten((int)Num(a, "start", 1), (int)Num(a, "end", -1)),
            "Identity" => new Identity(),
            "BatchNorm1d" => new BatchNorm1d((int)Num(a, "num", 0), momentum: Num(a, "momentum", 0.1), affine: Flag(a, "affine", true), dtype: f64),
            "LayerNorm" => new LayerNorm(a.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray(), elementwiseAffine: Flag(a, "affine", true), dtype: f64),
            "Embedding" => new Embedding((int)Num(a, "num", 0), (int)Num(a, "dim", 0), f64),
            "ReLU" => new ReLU(),
            "LeakyReLU" => new LeakyReLU(Num(a, "slope", 0.01)),
            "PReLU" => new PReLU((int)Num(a, "num", 1), dtype: f64),
            "ELU" => new ELU(Num(a, "alpha", 1.0)),
            "Sigmoid" => new Sigmoid(),
            "LogSigmoid" => new LogSigmoid(),
            "Tanh" => new Tanh(),
            "GELU" => new GELU(Glassbox.ML.Options.SklearnNames.Parse<GeluApproximate>(Str(a, "approximate", "none"))), // PyTorch spells it as the snake_case rule does
            "SiLU" => new SiLU(),
            "Softmax" => new Softmax((int)Num(a, "dim", 1)),
            "LogSoftmax" => new LogSoftmax((int)Num(a, "dim", 1)),
            "Hardtanh" => new Hardtanh(Num(a, "min", -1), Num(a, "max", 1)),
            var k => throw new NotSupportedException(k),
        };
    }

    internal static Dictionary<string, Tensor> State(JsonElement obj)
        => obj.EnumerateObject().ToDictionary(p => p.Name, p => T(p.Value));

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = Case("layers", name);
        var m = Build(c);
        m.LoadStateDict(State(c.GetProperty("state")));
        m.Train(c.GetProperty("training").GetBoolean());
        Assert.Equal(c.GetProperty("repr").GetString(), m.ToString());

        var x = T(c.GetProperty("input"));
        bool intInput = x.DType == DType.Int64;
        if (!intInput) x.RequiresGrad = true;
        var y = m.Forward(x);
        Close(c.GetProperty("output"), y, Rtol, Atol, name + " output");

        (y * T(c.GetProperty("upstream"))).Sum().Backward();
        if (!intInput) Close(c.GetProperty("grad_input"), x.Grad!, Rtol, Atol, name + " grad_input");
        var named = m.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        var grads = c.GetProperty("grads").EnumerateObject().ToList();
        Assert.Equal(grads.Select(g => g.Name).OrderBy(s => s), named.Keys.OrderBy(s => s));
        foreach (var g in grads) Close(g.Value, named[g.Name].Grad!, Rtol, Atol, $"{name} grad {g.Name}");

        var after = m.StateDict();
        foreach (var s in c.GetProperty("state_after").EnumerateObject())
            Close(s.Value, after[s.Name], Rtol, Atol, $"{name} state {s.Name}");
    }

    [Theory]
    [InlineData("sequential")]
    [InlineData("nested")]
    [InlineData("activations")]
    [InlineData("losses")]
    [InlineData("module_list")]
    public void ReprMatchesPyTorch(string which)
    {
        Module m = which switch
        {
            "sequential" => new Sequential(new Linear(784, 512), new ReLU(), new Dropout(0.2), new Linear(512, 10)),
            "nested" => new Sequential(new Sequential(new Linear(2, 3, bias: false), new Tanh()), new BatchNorm1d(3), new LayerNorm(3), new Flatten()),
            "activations" => new Sequential(new LeakyReLU(), new ELU(), new GELU(), new SiLU(), new Softmax(1), new LogSoftmax(-1), new Hardtanh(), new PReLU(), new Embedding(10, 3), new Identity()),
            // Losses take (input, target), so they cannot be chained by a Sequential; PyTorch's fixture wraps them in
            // one only for its repr, and a ModuleList prints the same children under its own name (fixed below).
            "losses" => new ModuleList(new MSELoss(), new CrossEntropyLoss()),
            _ => new ModuleList(new Linear(3, 3), new Sigmoid()),
        };
        var expected = Load("layers").GetProperty("reprs").GetProperty(which).GetString()!;
        if (which == "losses") expected = "ModuleList" + expected["Sequential".Length..];
        Assert.Equal(expected, m.ToString());
    }
}
