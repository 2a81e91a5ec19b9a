using System.Text.Json;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Tests.NN;
using static Glassbox.Tests.NN.NNFixture;

namespace Glassbox.Tests.Optim;

/// <summary>
/// 20 float32 optimizer steps on a Linear(5, 3) + MSE problem against PyTorch 1.13, parameters compared
/// after every step.
/// </summary>
public class OptimizerFixtureTests
{
    public static TheoryData<string> Cases => Names("optim");

    internal static Optimizer Build(JsonElement c, IEnumerable<Tensor> ps)
    {
        var a = c.GetProperty("args");
        double lr = Num(a, "lr", 1e-3), wd = Num(a, "weight_decay", 0);
        double b1 = 0.9, b2 = 0.999;
        if (a.TryGetProperty("betas", out var betas)) { b1 = betas[0].GetDouble(); b2 = betas[1].GetDouble(); }
        return c.GetProperty("kind").GetString() switch
        {
            "SGD" => new SGD(ps, lr, Num(a, "momentum", 0), Num(a, "dampening", 0), wd, Flag(a, "nesterov")),
            "Adam" => new Adam(ps, lr, b1, b2, Num(a, "eps", 1e-8), wd, Flag(a, "amsgrad")),
            "AdamW" => new AdamW(ps, lr, b1, b2, Num(a, "eps", 1e-8), Num(a, "weight_decay", 1e-2), Flag(a, "amsgrad")),
            "RMSprop" => new RMSprop(ps, lr, Num(a, "alpha", 0.99), Num(a, "eps", 1e-8), wd, Num(a, "momentum", 0), Flag(a, "centered")),
            "Adagrad" => new Adagrad(ps, lr, Num(a, "lr_decay", 0), wd, Num(a, "initial_accumulator_value", 0), Num(a, "eps", 1e-10)),
            var k => throw new NotSupportedException(k),
        };
    }

    private static Linear Model()
    {
        var f = Load("optim");
        var lin = new Linear(5, 3);
        lin.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = T(f.GetProperty("weight")), ["bias"] = T(f.GetProperty("bias")) });
        return lin;
    }

    /// <summary>
    /// Feeds PyTorch's own gradient at each step, so only the update rule is compared. float32 parameters:
    /// one rounding per operation (~6e-8 relative) differing in association from PyTorch's vectorized kernels,
    /// accumulated over 20 steps, stays well below 1e-6 relative; the 1e-7 absolute floor covers entries near 0.
    /// </summary>
    [Theory, MemberData(nameof(Cases))]
    public void UpdateRuleMatchesPyTorch(string name)
    {
        var c = Case("optim", name);
        var lin = Model();
        var opt = Build(c, lin.Parameters());
        int k = 0;
        foreach (var step in c.GetProperty("steps").EnumerateArray())
        {
            lin.Weight.Grad = T(step.GetProperty("grads")[0]);
            lin.Bias!.Grad = T(step.GetProperty("grads")[1]);
            opt.Step();
            Close(step.GetProperty("params")[0], lin.Weight, 1e-6, 1e-7, $"{name} step {k} weight");
            Close(step.GetProperty("params")[1], lin.Bias, 1e-6, 1e-7, $"{name} step {k} bias");
            k++;
        }
        Assert.Equal(20, k);
    }

    /// <summary>
    /// The full loop in Glassbox (forward, MSE, backward, step). Gradients now come from our float32 matmul,
    /// whose summation order differs from PyTorch's; adaptive optimizers amplify tiny gradient differences near
    /// zero, so this end-to-end check uses 1e-5 relative / 1e-6 absolute.
    /// </summary>
    [Theory, MemberData(nameof(Cases))]
    public void TrainingLoopMatchesPyTorch(string name)
    {
        var f = Load("optim");
        var c = Case("optim", name);
        var (x, y) = (T(f.GetProperty("x")), T(f.GetProperty("y")));
        var lin = Model();
        var opt = Build(c, lin.Parameters());
        var mse = new MSELoss();
        int k = 0;
        foreach (var step in c.GetProperty("steps").EnumerateArray())
        {
            opt.ZeroGrad();
            var loss = mse.Forward(lin.Forward(x), y);
            Assert.True(Math.Abs(loss.Item() - step.GetProperty("loss").GetDouble()) <= 1e-5 * Math.Abs(step.GetProperty("loss").GetDouble()), $"{name} step {k} loss {loss.Item()}");
            loss.Backward();
            opt.Step();
            Close(step.GetProperty("params")[0], lin.Weight, 1e-5, 1e-6, $"{name} step {k} weight");
            Close(step.GetProperty("params")[1], lin.Bias!, 1e-5, 1e-6, $"{name} step {k} bias");
            k++;
        }
    }
}
