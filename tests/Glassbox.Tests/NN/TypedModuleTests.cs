using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Tests.NN;

/// <summary>
/// The typed module interface: a two-input module with a tuple output (a toy gated recurrent cell), stacked in a
/// typed <see cref="ModuleList{TModule}"/> inside a sequence encoder, trained for one step with a loss module.
/// Nothing is cast: every forward, child lookup and loss call is checked by the compiler.
/// </summary>
public class TypedModuleTests
{
    /// <summary>h' = z·h + (1 − z)·tanh(Wx·x), z = σ(Wx·x + Wh·h); returns (output = h', state = h').</summary>
    private sealed class GatedCell : Module<Tensor, Tensor, (Tensor Output, Tensor State)>
    {
        private readonly Linear wx, wh;

        public GatedCell(int inputSize, int hiddenSize, Generator g)
        {
            wx = RegisterModule("wx", new Linear(inputSize, hiddenSize, dtype: DType.Float64, generator: g));
            wh = RegisterModule("wh", new Linear(hiddenSize, hiddenSize, bias: false, dtype: DType.Float64, generator: g));
        }

        public override (Tensor Output, Tensor State) Forward(Tensor x, Tensor h)
        {
            var a = wx.Call(x);
            var z = (a + wh.Call(h)).Sigmoid();
            var next = z * h + (1.0 - z) * a.Tanh();
            return (next, next);
        }
    }

    /// <summary>Runs two stacked cells over the time axis of x [batch, time, features]; returns the last output and the final states.</summary>
    private sealed class Encoder : Module<Tensor, (Tensor Output, Tensor[] States)>
    {
        private readonly int hidden;

        public Encoder(Generator g)
        {
            hidden = 3;
            Cells = RegisterModule("cells", new ModuleList<GatedCell>(new GatedCell(2, hidden, g), new GatedCell(hidden, hidden, g)));
        }

        public ModuleList<GatedCell> Cells { get; }

        public override (Tensor Output, Tensor[] States) Forward(Tensor x)
        {
            int batch = x.Size(0), steps = x.Size(1);
            var states = Cells.Select(_ => Tensor.Zeros([batch, hidden], DType.Float64)).ToArray();
            Tensor output = states[^1];
            for (int t = 0; t < steps; t++)
            {
                output = x.Select(1, t);
                for (int layer = 0; layer < Cells.Count; layer++)
                    (output, states[layer]) = Cells[layer].Call(output, states[layer]);
            }
            return (output, states);
        }
    }

    private static (Encoder Model, Tensor X, Tensor Target) Problem()
    {
        var g = new Generator(7);
        var model = new Encoder(g);
        var x = Tensor.Randn([4, 5, 2], DType.Float64, g);
        var target = Tensor.Randn([4, 3], DType.Float64, g);
        return (model, x, target);
    }

    [Fact]
    public void TupleOutputModulesRegisterAndNameTheirParametersLikeAnyModule()
    {
        var (model, _, _) = Problem();
        Assert.Equal(["cells.0.wx.weight", "cells.0.wx.bias", "cells.0.wh.weight", "cells.1.wx.weight", "cells.1.wx.bias", "cells.1.wh.weight"],
            model.StateDict().Keys);
        // Apply visits children before their parent, like module.apply: the six leaves and containers, then the root.
        var visited = new List<string>();
        model.Apply(m => visited.Add(m.GetType().Name));
        Assert.Equal(["Linear", "Linear", "GatedCell", "Linear", "Linear", "GatedCell", "ModuleList`1", "Encoder"], visited);
    }

    [Fact]
    public void GradientsFlowThroughTupleOutputsAndStackedState()
    {
        var (model, x, target) = Problem();
        var loss = new MSELoss();
        // Central differences in float64 against autograd through both cells, every time step and the tuple outputs;
        // GradCheck's default tolerances (atol 1e-7, rtol 1e-5) are its documented float64 bounds.
        GradCheck.Assert(_ => loss.Call(model.Call(x).Output, target), model.Parameters().ToArray());
    }

    [Fact]
    public void OneTrainingStepUpdatesEveryParameterAndLowersTheLoss()
    {
        var (model, x, target) = Problem();
        var loss = new MSELoss();
        const double lr = 0.1;
        var opt = new SGD(model.Parameters(), lr: lr);

        var before = loss.Call(model.Call(x).Output, target);
        before.Backward();
        var old = model.Parameters().Select(p => p.ToArray<double>()).ToList();
        var grads = model.Parameters().Select(p => p.Grad!.ToArray<double>()).ToList();
        opt.Step();

        // Plain SGD is p ← p − lr·g elementwise in float64, so the update is reproduced exactly.
        var ps = model.Parameters().ToList();
        for (int i = 0; i < ps.Count; i++)
        {
            Assert.Contains(grads[i], v => v != 0);
            Assert.Equal(old[i].Zip(grads[i], (p, g) => p + -lr * g).ToArray(), ps[i].ToArray<double>());
        }
        // A small step against the gradient of a smooth loss lowers it (first-order decrease lr·|g|² dominates here).
        double after;
        using (GradMode.NoGrad()) after = loss.Call(model.Call(x).Output, target).Item<double>();
        Assert.True(after < before.Item<double>(), $"loss {before.Item<double>()} → {after}");
        // The final states are returned alongside the output, one per stacked cell.
        var (output, states) = model.Call(x);
        Assert.Equal(2, states.Length);
        Assert.Equal(output.ToArray<double>(), states[1].ToArray<double>());
    }
}
