using Glassbox.Data;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Tuning;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The neural-network objective of <c>glassbox tune milestone mnist-mlp</c>: the <see cref="MnistMlp"/> recipe with a
/// small search space — learning rate 1e-4–3e-2 (log), hidden width 32–512 (log; the second layer has half as many
/// units) and AdamW weight decay 1e-6–1e-1 (log) — trained for a few epochs on a slice of the MNIST training set and
/// scored by accuracy on held-out training images (the test set stays untouched by the search). The validation
/// accuracy after each epoch is reported as that epoch's step, so a pruner can stop a bad configuration early.
/// </summary>
public static class MnistMlpTuning
{
    /// <summary>The data for the objective: standardised train and validation slices.</summary>
    /// <param name="XTrain">Training images [n, 784], standardised with their own pixel statistics.</param>
    /// <param name="YTrain">Labels [n].</param>
    /// <param name="XVal">Validation images (the rows after the training slice), standardised with the same statistics.</param>
    /// <param name="YVal">Labels.</param>
    public sealed record Data(Tensor XTrain, Tensor YTrain, Tensor XVal, Tensor YVal);

    /// <summary>Takes <paramref name="train"/> training images and the next <paramref name="validation"/> as validation.</summary>
    public static Data Load(string? dataDir, int train, int validation)
    {
        var mnist = DatasetRegistry.Mnist(dataDir, flatten: true);
        Tensor x = mnist.Train.Images, y = mnist.Train.Labels;
        var xTrain = x.Narrow(0, 0, train).Clone();
        var xVal = x.Narrow(0, train, validation).Clone();
        var stats = MnistMlp.PixelStatistics(xTrain);
        (xTrain, xVal) = MnistMlp.StandardizeWith(xTrain, xVal, stats);
        return new Data(xTrain, y.Narrow(0, 0, train).Clone(), xVal, y.Narrow(0, train, validation).Clone());
    }

    /// <summary>
    /// The objective (maximised): validation accuracy after <paramref name="epochs"/> epochs of AdamW, batch 128,
    /// with weights seeded from <paramref name="seed"/> + the trial number.
    /// </summary>
    public static Func<Trial, double> Objective(Data data, int epochs, long seed) => trial =>
    {
        double lr = trial.SuggestFloat("lr", 1e-4, 3e-2, log: true);
        int width = trial.SuggestInt("width", 32, 512, log: true);
        double weightDecay = trial.SuggestFloat("weight_decay", 1e-6, 1e-1, log: true);
        var gen = new Generator((ulong)(seed + trial.Number));
        var model = new Sequential(new Linear(784, width, generator: gen), new ReLU(), new Linear(width, Math.Max(width / 2, 1), generator: gen), new ReLU(),
            new Linear(Math.Max(width / 2, 1), 10, generator: gen));
        var opt = new AdamW(model.Parameters(), lr: lr, weightDecay: weightDecay);
        var loader = new DataLoader(new TensorDataset(data.XTrain, data.YTrain), batchSize: 128, shuffle: true, generator: gen);
        double acc = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var (loss, _, _, _) = ClassifierTraining.TrainEpoch(model, opt, loader);
            acc = double.IsFinite(loss) ? ClassifierTraining.Evaluate(model, data.XVal, data.YVal).acc : 0.0;
            trial.Report(epoch, acc);
            if (epoch < epochs - 1 && trial.ShouldPrune()) throw new TrialPrunedException($"pruned after epoch {epoch + 1} of {epochs}");
        }
        return acc;
    };
}
