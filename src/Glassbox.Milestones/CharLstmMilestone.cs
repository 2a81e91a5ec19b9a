using System.Diagnostics;
using Glassbox.Milestones.Recipes;
using Glassbox.NN;
using Glassbox.Plotting;
using Glassbox.Training;

namespace Glassbox.Milestones;

/// <summary>
/// <c>char-lstm</c>: a 2-layer LSTM language model (E = 128, H = 256; 0.95 M parameters, the size class of char-gpt)
/// trained on tiny Shakespeare with truncated BPTT reaches validation cross-entropy ≤ 1.88 nats per character — the
/// bar char-gpt sets for itself — and writes its loss curves, a 300-character sample and the "why gates help" picture:
/// ‖∂(u·h_T)/∂h_t‖ against the distance T − t for a vanilla tanh RNN and an LSTM at init, and the trained LSTM's first
/// layer. Recipe in <see cref="CharLstm"/>.
/// </summary>
public sealed class CharLstmMilestone : Milestone
{
    /// <summary>char-gpt's target validation loss, shared so the two recurrent and attention models can be compared.</summary>
    public const double CharGptBar = 1.88;

    /// <inheritdoc/>
    public override string Id => "char-lstm";

    /// <inheritdoc/>
    public override string Title => "Char-LSTM on tiny Shakespeare reaches validation loss <= 1.88; sample, curves and gradient-flow picture saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var (vocab, train, val) = CharLstm.Load(ctx.DataDir);
        var cfg = ctx.Quick ? CharLstm.Quick : CharLstm.Full;
        // Quick: 150 steps of a 1-layer H = 96 model on 77 k characters. The text's unigram entropy is 3.31 nats/char: a
        // model that only learned character frequencies stays there, one that learned which character follows which
        // approaches the bigram conditional entropy, 2.45. The bar 2.6 demands most of that step; measured 2.243 on all
        // three SIMD paths (already below the bigram entropy: the model uses more than one character of context), so
        // the margin absorbs summation-order noise. The full run's bar is char-gpt's.
        double bar = ctx.Quick ? 2.6 : CharGptBar;
        var gen = new Generator(ctx.Seed);
        var trainer = new CharLstm.Trainer(cfg, vocab.Size, train, gen);
        var model = trainer.Model;
        var config = new Dictionary<string, object>
        {
            ["model"] = $"Embedding({vocab.Size}, {cfg.Embed}) → LSTM({cfg.Embed}, {cfg.Hidden}, num_layers={cfg.Layers}) → Linear({cfg.Hidden}, {vocab.Size})",
            ["parameters"] = model.ParameterCount, ["optimizer"] = "AdamW β=(0.9, 0.99) wd 0.01", ["lr"] = cfg.Lr,
            ["schedule"] = "linear warmup 5%, cosine to lr/10", ["clip_grad_norm"] = 1.0, ["batch_streams"] = cfg.Batch,
            ["bptt_steps"] = cfg.Steps, ["iterations"] = cfg.Iterations, ["seed"] = ctx.Seed, ["quick"] = ctx.Quick,
        };
        using var run = new RunTracker(ctx.OutputDir, config);
        ctx.Progress.Info(model.ToString());

        // The validation estimate runs at every log point (RunTracker keeps one column set); it costs about one
        // training step per log interval.
        int logEvery = ctx.Quick ? 25 : 50;
        ctx.Progress.StartEpoch();
        var clock = Stopwatch.StartNew();
        double lossSum = 0, normSum = 0;
        int count = 0;
        double valLoss = double.NaN;
        for (int it = 1; it <= cfg.Iterations; it++)
        {
            var (loss, norm) = trainer.Step();
            lossSum += loss; normSum += norm; count++;
            if (it % logEvery == 0 || it == cfg.Iterations)
            {
                valLoss = CharLstm.Evaluate(model, val, cfg.EvalWindow, cfg.EvalWindows);
                run.Log(it, new Dictionary<string, double> { ["train/loss"] = lossSum / count, ["train/grad_norm"] = normSum / count, ["val/loss"] = valLoss });
                ctx.Progress.Step(1, 1, it, cfg.Iterations, (long)it * cfg.Batch * cfg.Steps, lossSum / count);
                lossSum = normSum = 0; count = 0;
            }
        }
        double trainSeconds = clock.Elapsed.TotalSeconds;
        double tokensPerSecond = (double)cfg.Iterations * cfg.Batch * cfg.Steps / trainSeconds;

        var (lx, ly) = ClassifierTraining.Curve(run, "train/loss");
        var (vx, vy) = ClassifierTraining.Curve(run, "val/loss");
        var chart = new LineChart { Title = "char-LSTM on tiny Shakespeare", XLabel = "optimizer step", YLabel = "cross-entropy (nats/char)" }
            .Add("train (mean over log interval)", lx, ly).Add("validation", vx, vy);
        if (!ctx.Quick) chart.Add($"char-gpt bar {CharGptBar}", [lx[0], lx[^1]], [CharGptBar, CharGptBar]);
        ClassifierTraining.Save(chart, ctx.OutputDir, "loss");
        var (gx, gy) = ClassifierTraining.Curve(run, "train/grad_norm");
        ClassifierTraining.Save(new LineChart { Title = "gradient norm before clipping (clip at 1)", XLabel = "optimizer step", YLabel = "‖g‖₂", LogY = true }
            .Add("‖∂L/∂θ‖", gx, gy), ctx.OutputDir, "grad_norm");

        var flow = GradientFlow(model, val, cfg, ctx.Seed, ctx.OutputDir);
        var sample = CharLstm.Sample(model, vocab, "\n", 300, 0.8, new Generator(ctx.Seed + 1));
        File.WriteAllText(Path.Combine(ctx.OutputDir, "sample.txt"), sample);
        ctx.Progress.Info($"validation loss {valLoss:F4} (bar {bar}); sample:\n{sample}");

        return new MilestoneResult(Id, valLoss <= bar, new Dictionary<string, object>
        {
            ["val_loss"] = Math.Round(valLoss, 4), ["required_val_loss"] = bar, ["char_gpt_bar"] = CharGptBar,
            ["parameters"] = model.ParameterCount, ["iterations"] = cfg.Iterations, ["train_seconds"] = Math.Round(trainSeconds, 1),
            ["tokens_per_second"] = Math.Round(tokensPerSecond), ["grad_ratio_rnn_init_50"] = flow.Rnn50, ["grad_ratio_lstm_init_50"] = flow.LstmInit50,
            ["grad_ratio_lstm_trained_50"] = flow.LstmTrained50, ["sample"] = sample, ["run_dir"] = ctx.OutputDir,
        }, 0);
    }

    /// <summary>
    /// The "why gates help" picture: ‖∂(u·h_T)/∂h_t‖ over 100 steps of validation text (fed through the trained
    /// embedding) for a fresh tanh RNN, a fresh LSTM and the trained LSTM's first layer, all with H = cfg.Hidden.
    /// Returns each curve's ratio at 50 steps back to its value at the last step.
    /// </summary>
    private static (double Rnn50, double LstmInit50, double LstmTrained50) GradientFlow(CharLstmModel model, long[] val, CharLstm.Config cfg, ulong seed, string outDir)
    {
        const int T = 100;
        var g = new Generator(seed + 2);
        Tensor x;
        using (Autograd.GradMode.NoGrad()) x = model.Embed.Call(Tensor.FromArray(val[..T], T, 1)).Detach().Double();
        // float64, so that the vanilla RNN's gradient (which falls by ~1e-30 over 100 steps) does not underflow
        var rnn = new RNNCell(cfg.Embed, cfg.Hidden, dtype: DType.Float64, generator: g);
        var lstmInit = new LSTMCell(cfg.Embed, cfg.Hidden, dtype: DType.Float64, generator: g);
        var trained = new LSTMCell(cfg.Embed, cfg.Hidden, dtype: DType.Float64);
        var sd = model.Lstm.StateDict();
        trained.LoadStateDict(new Dictionary<string, Tensor>
        {
            ["weight_ih"] = sd["weight_ih_l0"].Double(), ["weight_hh"] = sd["weight_hh_l0"].Double(),
            ["bias_ih"] = sd["bias_ih_l0"].Double(), ["bias_hh"] = sd["bias_hh_l0"].Double(),
        });
        var nr = CharLstm.StateGradientNorms((xt, h, _) => (rnn.Call(xt, h), null), x, cfg.Hidden, new Generator(seed + 3));
        var ni = CharLstm.StateGradientNorms((xt, h, c) => lstmInit.Call(xt, (h, c!)), x, cfg.Hidden, new Generator(seed + 3));
        var nt = CharLstm.StateGradientNorms((xt, h, c) => trained.Call(xt, (h, c!)), x, cfg.Hidden, new Generator(seed + 3));
        var back = Enumerable.Range(0, T).Select(t => (double)(T - 1 - t)).ToArray();
        double Floor(double v) => Math.Max(v, 1e-300); // log axis: a gradient that underflowed to 0 is drawn at 1e-300
        ClassifierTraining.Save(new LineChart
            {
                Title = "why gates help: ‖∂(u·h_T)/∂h_t‖ vs steps back", XLabel = "steps back from the last state (T − t)", YLabel = "gradient norm", LogY = true,
            }
            .Add("vanilla tanh RNN, init", back, nr.Select(Floor).ToArray())
            .Add("LSTM, init", back, ni.Select(Floor).ToArray())
            .Add("LSTM layer 1, trained", back, nt.Select(Floor).ToArray()), outDir, "gradient_flow");
        double R(double[] n) => n[T - 1 - 50] / n[T - 1];
        return (R(nr), R(ni), R(nt));
    }
}
