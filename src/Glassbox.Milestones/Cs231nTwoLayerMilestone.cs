using System.Globalization;
using Glassbox.Autograd;
using Glassbox.Data;
using Glassbox.Milestones.Recipes;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Milestones;

/// <summary>
/// <c>cs231n-twolayer</c>: the CS231n assignment-1 two-layer net — affine → ReLU → affine → softmax cross-entropy
/// with L2 regularisation — where every layer first passes a float64 finite-difference gradient check (printed),
/// then the net is trained on MNIST with SGD + momentum.
/// </summary>
public sealed class Cs231nTwoLayerMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "cs231n-twolayer";

    /// <inheritdoc/>
    public override string Title => "two-layer net: every layer passes the gradient check, then >= 97% on MNIST";

    /// <summary>Each layer of the net as a function of its inputs, checked on small float64 tensors.</summary>
    public static IReadOnlyList<(string layer, GradCheck.Result result)> CheckLayers(ulong seed)
    {
        var g = new Generator(seed);
        Tensor R(params int[] s) => Tensor.Randn(s, DType.Float64, g).RequiresGrad_();
        var x = R(5, 7); var w = R(4, 7); var b = R(4);
        var h = (Tensor.Randn([5, 6], DType.Float64, g) + 0.1).RequiresGrad_(); // away from ReLU's kink at 0 w.h.p.
        var scores = R(5, 10);
        var labels = Tensor.FromArray(new long[] { 3, 0, 9, 9, 1 });
        var w2 = R(10, 6);
        static Tensor Affine(Tensor x, Tensor w, Tensor b) => x.MatMul(w.T) + b;
        return
        [
            ("affine (x·Wᵀ + b)", GradCheck.Check(t => Affine(t[0], t[1], t[2]), [x, w, b])),
            ("relu", GradCheck.Check(t => t[0].Relu(), [h])),
            ("softmax cross-entropy", GradCheck.Check(t => F.CrossEntropy(t[0], labels), [scores])),
            ("L2 penalty 0.5·λ·‖W‖²", GradCheck.Check(t => 0.5 * 1e-3 * t[0].Pow(2).Sum(), [w2])),
            ("whole net", GradCheck.Check(t => F.CrossEntropy(Affine(Affine(t[0], t[1], t[2]).Relu(), t[3], t[4]), labels)
                + 0.5 * 1e-3 * (t[1].Pow(2).Sum() + t[3].Pow(2).Sum()), [x, w, b, R(10, 4), R(10)])),
        ];
    }

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var checks = CheckLayers(ctx.Seed + 7);
        ctx.Progress.Info("gradient checks (float64 central differences vs backward):");
        foreach (var (layer, r) in checks)
            ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture, $"  {layer,-26} {(r.Passed ? "PASS" : "FAIL")}  max |analytic - numeric| = {r.MaxAbsError:E2}"));
        bool allPass = checks.All(c => c.result.Passed);

        var data = DatasetRegistry.Mnist(ctx.DataDir, flatten: true);
        Tensor xTrain = data.Train.Images, yTrain = data.Train.Labels, xTest = data.Test.Images, yTest = data.Test.Labels;
        int epochs = 5; double bar = 0.97;
        if (ctx.Quick) { xTrain = xTrain.Narrow(0, 0, 5000); yTrain = yTrain.Narrow(0, 0, 5000); xTest = xTest.Narrow(0, 0, 1000); yTest = yTest.Narrow(0, 0, 1000); epochs = 2; bar = 0.85; }
        (xTrain, xTest) = MnistMlp.Standardize(xTrain, xTest);
        var gen = new Generator(ctx.Seed);
        var model = new Sequential(new Linear(784, 256, generator: gen), new ReLU(), new Linear(256, 10, generator: gen));
        // L2 as weight decay: SGD's weight_decay adds λ·W to the gradient, the derivative of 0.5·λ·‖W‖².
        var opt = new SGD(model.Parameters(), lr: 0.05, momentum: 0.9, weightDecay: 1e-4);
        var loader = new DataLoader(new TensorDataset(xTrain, yTrain), batchSize: 128, shuffle: true, generator: gen);
        double acc = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            ctx.Progress.StartEpoch();
            var (loss, trainAcc, secs, _) = ClassifierTraining.TrainEpoch(model, opt, loader, (s, n, seen, l, a) => ctx.Progress.Step(epoch, epochs, s, n, seen, l, a));
            (acc, _) = ClassifierTraining.Evaluate(model, xTest, yTest);
            ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}: loss {loss:0.0000}, train acc {trainAcc:P2}, test acc {acc:P2}, {secs:0.00} s"));
        }
        var metrics = new Dictionary<string, object> { ["test_accuracy"] = acc, ["required_accuracy"] = bar, ["gradient_checks_passed"] = allPass };
        foreach (var (layer, r) in checks) metrics["gradcheck_max_error/" + layer] = r.MaxAbsError;
        return new MilestoneResult(Id, allPass && acc >= bar, metrics, 0);
    }
}
