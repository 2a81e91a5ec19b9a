using System.Diagnostics;
using System.Globalization;
using Glassbox.Autograd;
using Glassbox.Milestones.Recipes;
using Glassbox.Models;
using Glassbox.Plotting;
using Glassbox.Training;

namespace Glassbox.Milestones;

/// <summary>
/// <c>seq2seq-dates</c>: a GRU encoder–decoder with additive (Bahdanau) attention, an LSTM encoder–decoder with
/// multiplicative (Luong "general") attention and a transformer encoder–decoder each learn to
/// rewrite dates written in 13 human formats as ISO 8601, and each reaches ≥ 99% exact match on held-out dates (dates
/// never seen in training in any format). Pictures: training losses, and the GRU's attention over the source
/// characters for a few held-out examples. Recipe: <see cref="Seq2SeqDates"/>, data: <see cref="DateFormats"/>.
/// </summary>
/// <remarks>
/// Exact match is of the whole 10-character output: one wrong digit fails the example. The models are also decoded
/// with beam search (width 3, α = 1) on a subset; on a task this deterministic it should agree with greedy, and the
/// result reports both.
/// </remarks>
public sealed class Seq2SeqDatesMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "seq2seq-dates";

    /// <inheritdoc/>
    public override string Title => "GRU+Bahdanau, LSTM+Luong and transformer seq2seq normalise held-out dates with >= 99% exact match; attention heatmaps saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var (trainDates, heldOut) = DateFormats.Split(ctx.Seed, 0.1);
        var gruCfg = ctx.Quick ? new Seq2SeqDates.Config(60, 32, 5e-3, 6) : new Seq2SeqDates.Config(1200, 64, 5e-3, 50);
        // The LSTM + Luong model learns more slowly than the GRU + Bahdanau one (its loss at 1,200 steps was 15× the
        // GRU's and its exact match 99.0%, on the bar); 2,000 steps take it to 100% (measured, seed 0).
        var lstmCfg = ctx.Quick ? gruCfg : new Seq2SeqDates.Config(2000, 64, 5e-3, 50);
        var tfCfg = ctx.Quick ? new Seq2SeqDates.Config(60, 32, 2e-3, 6) : new Seq2SeqDates.Config(1200, 64, 2e-3, 100);
        int evalCount = ctx.Quick ? 128 : 2000, beamCount = ctx.Quick ? 8 : 200;
        // Quick: 60 steps of 32 examples each, 128 held-out examples. Too short for whole dates to come out right, so the
        // quick bar is on characters: each model must beat the best input-blind predictor (the most common character at
        // each position, which already gets the hyphens, the century and the leading zeros: about 47%), i.e. it must
        // be reading its input. Measured (seed 0): GRU 67.4%, transformer 51.5%, blind 47.9%, the same on all three SIMD paths.
        double bar = 0.99;
        var gen = new Generator(ctx.Seed);
        var rng = new Random((int)(ctx.Seed % int.MaxValue));
        var evalItems = Seq2SeqDates.Draw(heldOut, evalCount, new Random((int)(ctx.Seed % int.MaxValue) + 1));
        var gru = Seq2SeqDates.Gru(gen);
        var tf = Seq2SeqDates.Transformer(gen);
        var lstm = Seq2SeqDates.Lstm(gen);
        var config = new Dictionary<string, object>
        {
            ["task"] = $"{DateFormats.Formats.Length} date formats → yyyy-mm-dd, dates {DateFormats.First:yyyy-MM-dd}..{DateFormats.Last:yyyy-MM-dd}",
            ["held_out_dates"] = heldOut.Length, ["train_dates"] = trainDates.Length,
            ["gru"] = "GRU encoder (E 32, H 96) + GRUCell decoder with Bahdanau attention (A 64), input feeding", ["gru_parameters"] = gru.ParameterCount,
            ["lstm"] = "LSTM encoder (E 32, H 96) + LSTMCell decoder with Luong general attention, input feeding", ["lstm_parameters"] = lstm.ParameterCount,
            ["transformer"] = "d_model 64, 4 heads, 2+2 layers, FF 128, sinusoidal positions", ["transformer_parameters"] = tf.ParameterCount,
            ["gru_steps"] = gruCfg.Steps, ["lstm_steps"] = lstmCfg.Steps, ["transformer_steps"] = tfCfg.Steps, ["batch_size"] = gruCfg.Batch,
            ["gru_lr"] = gruCfg.Lr, ["transformer_lr"] = tfCfg.Lr, ["optimizer"] = "AdamW wd 0.01, warm-up + cosine to lr/20, clip 1",
            ["seed"] = ctx.Seed, ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        int logEvery = ctx.Quick ? 10 : 50;

        // Both models log at the same steps; their losses go to the run record together (one column set).
        var gruLoss = new List<double>();
        var tfLoss = new List<double>();
        var lstmLoss = new List<double>();
        var clock = Stopwatch.StartNew();
        Seq2SeqDates.Train(gru, gruCfg, trainDates, rng, logEvery, (s, l) => { gruLoss.Add(l); ctx.Progress.Info($"gru step {s}: loss {l:0.0000}"); });
        double gruSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        Seq2SeqDates.Train(tf, tfCfg, trainDates, rng, logEvery, (s, l) => { tfLoss.Add(l); ctx.Progress.Info($"transformer step {s}: loss {l:0.0000}"); });
        double tfSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        Seq2SeqDates.Train(lstm, lstmCfg, trainDates, rng, logEvery, (s, l) => { lstmLoss.Add(l); ctx.Progress.Info($"lstm step {s}: loss {l:0.0000}"); });
        double lstmSeconds = clock.Elapsed.TotalSeconds;
        // One row per logged step with every column (the CSV sink keeps one column set): a model that has stopped
        // training by that step logs NaN there, which the plots leave out.
        for (int i = 0; i < Math.Max(gruLoss.Count, lstmLoss.Count); i++)
        {
            run.Log(Math.Min((i + 1) * logEvery, Math.Max(gruCfg.Steps, lstmCfg.Steps)), new Dictionary<string, double>
            {
                ["gru/loss"] = i < gruLoss.Count ? gruLoss[i] : double.NaN,
                ["transformer/loss"] = i < tfLoss.Count ? tfLoss[i] : double.NaN,
                ["lstm/loss"] = i < lstmLoss.Count ? lstmLoss[i] : double.NaN,
            });
        }
        ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture, $"training: gru {gruSeconds:0.0} s, transformer {tfSeconds:0.0} s, lstm {lstmSeconds:0.0} s"));

        var gruPred = Seq2SeqDates.Predict((s, l) => gru.GreedyDecode(s, l, DateFormats.Start, DateFormats.End, 12), evalItems);
        var tfPred = Seq2SeqDates.Predict((s, l) => tf.GreedyDecode(s, l, DateFormats.Start, DateFormats.End, 12), evalItems);
        var lstmPred = Seq2SeqDates.Predict((s, l) => lstm.GreedyDecode(s, l, DateFormats.Start, DateFormats.End, 12), evalItems);
        double gruAcc = Seq2SeqDates.ExactMatch(gruPred, evalItems), tfAcc = Seq2SeqDates.ExactMatch(tfPred, evalItems), lstmAcc = Seq2SeqDates.ExactMatch(lstmPred, evalItems);
        double gruChar = Seq2SeqDates.CharAccuracy(gruPred, evalItems), tfChar = Seq2SeqDates.CharAccuracy(tfPred, evalItems), lstmChar = Seq2SeqDates.CharAccuracy(lstmPred, evalItems);
        var beamItems = evalItems.Take(beamCount).ToList();
        double gruBeam = Seq2SeqDates.ExactMatch(Seq2SeqDates.PredictBeam(gru.Encode, gru.StepFunction, gru.Start, beamItems, 3), beamItems);
        double tfBeam = Seq2SeqDates.ExactMatch(Seq2SeqDates.PredictBeam(tf.Encode, tf.StepFunction, _ => Array.Empty<long>(), beamItems, 3), beamItems);
        double lstmBeam = Seq2SeqDates.ExactMatch(Seq2SeqDates.PredictBeam(lstm.Encode, lstm.StepFunction, lstm.Start, beamItems, 3), beamItems);
        foreach (var (it, i) in evalItems.Take(6).Select((it, i) => (it, i)))
            ctx.Progress.Info($"\"{it.Text}\" → gru {gruPred[i]}, lstm {lstmPred[i]}, transformer {tfPred[i]} (true {DateFormats.Iso(it.Date)})");
        ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture,
            $"held-out exact match: gru {gruAcc:P2} (characters {gruChar:P1}) (beam 3 on {beamCount}: {gruBeam:P1}), lstm {lstmAcc:P2} (characters {lstmChar:P1}; beam 3: {lstmBeam:P1}), transformer {tfAcc:P2} (characters {tfChar:P1}; beam 3: {tfBeam:P1})"));

        var (gx, gy) = LoggedCurve(run, "gru/loss");
        var (tx, ty) = LoggedCurve(run, "transformer/loss");
        var (lx, ly) = LoggedCurve(run, "lstm/loss");
        ClassifierTraining.Save(new LineChart { Title = "Date normalisation: training loss", XLabel = "optimizer step", YLabel = "cross-entropy per output character", LogY = true }
            .Add("GRU + Bahdanau", gx, gy).Add("LSTM + Luong", lx, ly).Add("transformer", tx, ty), ctx.OutputDir, "loss");
        SaveAttention(gru, evalItems.Take(3).ToList(), ctx.OutputDir);

        double blind = Seq2SeqDates.BlindCharAccuracy(evalItems);
        bool passed = ctx.Quick ? gruChar > blind && tfChar > blind && lstmChar > blind : gruAcc >= bar && tfAcc >= bar && lstmAcc >= bar;
        return new MilestoneResult(Id, passed, new Dictionary<string, object>
        {
            ["gru_exact_match"] = gruAcc, ["lstm_exact_match"] = lstmAcc, ["transformer_exact_match"] = tfAcc, ["required_exact_match"] = ctx.Quick ? "none (quick: character accuracy above blind_char_accuracy)" : bar,
            ["blind_char_accuracy"] = Math.Round(blind, 4), ["gru_char_accuracy"] = gruChar, ["lstm_char_accuracy"] = lstmChar, ["transformer_char_accuracy"] = tfChar,
            ["gru_beam3_exact_match"] = gruBeam, ["lstm_beam3_exact_match"] = lstmBeam, ["transformer_beam3_exact_match"] = tfBeam, ["beam_examples"] = beamCount,
            ["held_out_examples"] = evalCount, ["gru_train_seconds"] = Math.Round(gruSeconds, 2), ["transformer_train_seconds"] = Math.Round(tfSeconds, 2), ["lstm_train_seconds"] = Math.Round(lstmSeconds, 2),
            ["gru_parameters"] = gru.ParameterCount, ["transformer_parameters"] = tf.ParameterCount, ["lstm_parameters"] = lstm.ParameterCount, ["run_dir"] = ctx.OutputDir,
        }, 0);
    }

    /// <summary>The logged (step, value) points of <paramref name="key"/>, without the NaN rows of a model that had stopped training.</summary>
    private static (double[] X, double[] Y) LoggedCurve(RunTracker run, string key)
    {
        var (x, y) = ClassifierTraining.Curve(run, key);
        var keep = Enumerable.Range(0, y.Length).Where(i => !double.IsNaN(y[i])).ToArray();
        return (keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray());
    }

    /// <summary>
    /// attention_1.png ...: the GRU decoder's attention weights, one row per output character (the prediction, fed
    /// back in as when decoding) and one column per source character, for the given examples.
    /// </summary>
    private static void SaveAttention(RecurrentSeq2Seq gru, List<(string Text, DateOnly Date)> items, string dir)
    {
        using var noGrad = GradMode.NoGrad();
        for (int i = 0; i < items.Count; i++)
        {
            var (text, _) = items[i];
            var src = Tensor.FromArray(DateFormats.EncodeSource(text), 1, text.Length);
            var predicted = gru.GreedyDecode(src, [text.Length], DateFormats.Start, DateFormats.End, 12)[0];
            var input = Tensor.FromArray(new[] { (long)DateFormats.Start }.Concat(predicted.Select(t => (long)t)).ToArray(), 1, predicted.Length + 1);
            var (_, weights) = gru.ForwardWithAttention(src, [text.Length], input);
            var rows = DateFormats.DecodeTarget(predicted).Select(c => c.ToString()).Append("end").ToArray();
            var w = weights.Select(0, 0).Narrow(0, 0, rows.Length);
            new Heatmap(w)
            {
                Title = $"GRU attention: \"{text}\" → {DateFormats.DecodeTarget(predicted)}", XLabel = "source character", YLabel = "output character",
                RowLabels = rows, ColumnLabels = text.Select(c => c == ' ' ? "␣" : c.ToString()).ToArray(),
                Min = 0, Max = 1, Width = Math.Max(560, 28 * text.Length + 200), Height = 520,
            }.SavePng(Path.Combine(dir, $"attention_{i + 1}.png"));
        }
    }
}
