using System.Diagnostics;
using System.Globalization;
using Glassbox.Models;
using Glassbox.Plotting;
using Glassbox.Training;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The body of the <c>char-gpt</c> milestones: train with <see cref="CharGpt.Trainer"/>, estimate train and validation
/// loss on fixed batches every <see cref="CharGptSettings.EvalInterval"/> iterations, then write the loss curve, a
/// 500-character sample and the metrics.
/// </summary>
public static class CharGptRun
{
    /// <summary>Characters in the printed sample (nanoGPT's sample.py prints 500 per sample).</summary>
    public const int SampleLength = 500;

    /// <summary>Runs the recipe and checks the final validation loss against <paramref name="bar"/>.</summary>
    public static MilestoneResult Run(MilestoneContext ctx, string id, string title, CharGptSettings s, double bar, double? reference)
    {
        var corpus = CharGpt.Load(ctx.DataDir);
        var gen = new Generator(ctx.Seed);
        var trainer = new CharGpt.Trainer(s, corpus.Tokenizer.VocabSize, gen);
        // Evaluation windows have their own seeds, fixed per run: the same windows at every evaluation.
        var valBatches = CharGpt.FixedBatches(corpus.Val, s.EvalBatches, s, ctx.Seed + 1_000_001);
        var trainBatches = CharGpt.FixedBatches(corpus.Train, s.EvalBatches, s, ctx.Seed + 2_000_003);
        var config = new Dictionary<string, object>
        {
            ["model"] = $"GPT {s.NLayer} layers, {s.NHead} heads, n_embd {s.NEmbd}, block {s.BlockSize}, dropout {s.Dropout}",
            ["parameters"] = trainer.Model.ParameterCount, ["vocab_size"] = corpus.Tokenizer.VocabSize,
            ["batch_size"] = s.BatchSize, ["max_iters"] = s.MaxIters, ["warmup_iters"] = s.WarmupIters, ["lr"] = s.Lr, ["min_lr"] = s.MinLr,
            ["betas"] = $"(0.9, {s.Beta2})", ["weight_decay"] = s.WeightDecay, ["grad_clip"] = s.GradClip,
            ["eval_batches"] = s.EvalBatches, ["train_chars"] = corpus.Train.Length, ["val_chars"] = corpus.Val.Length,
            ["seed"] = ctx.Seed, ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture, $"{id}: {trainer.Model.ParameterCount:N0} parameters, {s.MaxIters} iterations of {s.TokensPerStep} tokens"));

        var batchGen = new Generator(ctx.Seed + 17);
        double trainSeconds = 0, valLoss = double.NaN, trainLoss = double.NaN, sinceEval = 0;
        int stepsSinceEval = 0;
        var batchLosses = new List<double>(s.MaxIters);
        var clock = new Stopwatch();
        ctx.Progress.StartEpoch();
        for (int iter = 0; iter <= s.MaxIters; iter++)
        {
            if (iter % s.EvalInterval == 0 || iter == s.MaxIters)
            {
                valLoss = CharGpt.Estimate(trainer.Model, valBatches);
                trainLoss = CharGpt.Estimate(trainer.Model, trainBatches);
                // One row per evaluation: the estimates, the mean batch loss since the previous row, and the lr.
                run.Log(iter, new Dictionary<string, double>
                {
                    ["eval/train_loss"] = trainLoss, ["eval/val_loss"] = valLoss,
                    ["train/batch_loss_mean"] = stepsSinceEval > 0 ? sinceEval / stepsSinceEval : trainLoss, ["lr"] = trainer.Lr,
                });
                (sinceEval, stepsSinceEval) = (0, 0);
                ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture,
                    $"step {iter}: train loss {trainLoss:0.0000}, val loss {valLoss:0.0000}, {trainSeconds:0.0} s training"));
            }
            if (iter == s.MaxIters) break;
            var (x, y) = CharGpt.Batch(corpus.Train, s.BatchSize, s.BlockSize, batchGen);
            clock.Restart();
            double loss = trainer.Step(x, y);
            trainSeconds += clock.Elapsed.TotalSeconds;
            batchLosses.Add(loss);
            sinceEval += loss;
            stepsSinceEval++;
            ctx.Progress.Step(1, 1, iter + 1, s.MaxIters, (long)(iter + 1) * s.TokensPerStep, loss);
        }

        var sampleIds = GPTSampler.Generate(trainer.Model, Tensor.FromArray(new long[] { corpus.Tokenizer.Encode("\n")[0] }, 1, 1),
            SampleLength, new SamplingOptions { Temperature = 0.8, TopK = 200 }, new Generator(ctx.Seed + 3)).ToArray<long>();
        string sample = corpus.Tokenizer.Decode(sampleIds.AsSpan(1));
        File.WriteAllText(Path.Combine(ctx.OutputDir, "sample.txt"), sample);
        ctx.Progress.Info("sample (temperature 0.8, top-k 200):\n" + sample + "\n");
        trainer.Model.Eval();
        SafeTensors.Save(Path.Combine(ctx.OutputDir, "model.safetensors"), trainer.Model.StateDict());
        corpus.Tokenizer.Save(Path.Combine(ctx.OutputDir, "tokenizer.json"));
        SaveCurve(run, batchLosses, ctx.OutputDir, title, s);

        double tokensPerSecond = (double)s.MaxIters * s.TokensPerStep / Math.Max(trainSeconds, 1e-9);
        var metrics = new Dictionary<string, object>
        {
            ["val_loss"] = Math.Round(valLoss, 4), ["train_loss"] = Math.Round(trainLoss, 4), ["required_val_loss"] = bar,
            ["iterations"] = s.MaxIters, ["train_seconds"] = Math.Round(trainSeconds, 2), ["tokens_per_second"] = Math.Round(tokensPerSecond, 0),
            ["parameters"] = trainer.Model.ParameterCount, ["run_dir"] = ctx.OutputDir,
        };
        if (reference is double r) metrics["nanogpt_val_loss"] = r;
        return new MilestoneResult(id, valLoss <= bar, metrics, 0);
    }

    /// <summary>The training loss (a 25-step moving average over the noisy per-batch values) with the fixed-batch estimates.</summary>
    private static void SaveCurve(RunTracker run, List<double> losses, string dir, string title, CharGptSettings s)
    {
        var steps = Enumerable.Range(0, losses.Count).Select(i => (double)i).ToArray();
        var smooth = new double[losses.Count];
        double acc = 0;
        for (int i = 0; i < losses.Count; i++)
        {
            acc += losses[i];
            if (i >= 25) acc -= losses[i - 25];
            smooth[i] = acc / Math.Min(i + 1, 25);
        }
        var (ex, val) = ClassifierTraining.Curve(run, "eval/val_loss");
        var (_, tr) = ClassifierTraining.Curve(run, "eval/train_loss");
        var chart = new LineChart { Title = title, XLabel = "iteration", YLabel = "cross-entropy (nats per character)" }
            .Add("train batch (25-step mean)", steps, smooth)
            .Add($"train ({s.EvalBatches} fixed batches)", ex, tr)
            .Add($"validation ({s.EvalBatches} fixed batches)", ex, val);
        ClassifierTraining.Save(chart, dir, "loss");
    }
}
