using Glassbox.Autograd;
using Glassbox.Models;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// Training and evaluation for <c>seq2seq-dates</c>: both models learn <see cref="DateFormats"/> from freshly drawn
/// (training date, random format) batches with teacher forcing, AdamW with warm-up and cosine decay and gradient
/// clipping at 1, and are scored by exact match of their greedy output on held-out dates.
/// </summary>
public static class Seq2SeqDates
{
    /// <summary>Sizes and schedule of one model's run.</summary>
    /// <param name="Steps">Optimizer steps.</param>
    /// <param name="Batch">Examples per step.</param>
    /// <param name="Lr">Peak learning rate.</param>
    /// <param name="Warmup">Linear warm-up steps.</param>
    public sealed record Config(int Steps, int Batch, double Lr, int Warmup);

    /// <summary>GRU encoder–decoder: embeddings 32, hidden 96, attention 64.</summary>
    public static RecurrentSeq2Seq Gru(Generator gen) =>
        new(DateFormats.SourceAlphabet.Length + 1, DateFormats.TargetVocab, 32, 96, 64, generator: gen);

    /// <summary>LSTM encoder–decoder: embeddings 32, hidden 96, Luong's "general" multiplicative attention.</summary>
    public static RecurrentSeq2Seq Lstm(Generator gen) =>
        new(DateFormats.SourceAlphabet.Length + 1, DateFormats.TargetVocab, 32, 96, 64, Seq2SeqCell.Lstm, Seq2SeqAttention.LuongGeneral, generator: gen);

    /// <summary>Transformer: d_model 64, 4 heads, 2 encoder and 2 decoder layers, feed-forward 128, no dropout (fresh data every step).</summary>
    public static TransformerSeq2Seq Transformer(Generator gen) =>
        new(DateFormats.SourceAlphabet.Length + 1, DateFormats.TargetVocab, 64, 4, 2, 2, 128, dropout: 0.0, maxLength: 64, generator: gen);

    /// <summary>(date, format) pairs: each date written in a format drawn from <paramref name="rng"/>.</summary>
    public static List<(string Text, DateOnly Date)> Draw(DateOnly[] dates, int count, Random rng)
    {
        var items = new List<(string, DateOnly)>(count);
        for (int i = 0; i < count; i++)
        {
            var d = dates[rng.Next(dates.Length)];
            items.Add((DateFormats.Formats[rng.Next(DateFormats.Formats.Length)](d), d));
        }
        return items;
    }

    /// <summary>
    /// Trains <paramref name="model"/> for <c>cfg.Steps</c> steps; <paramref name="log"/> receives (step, mean loss
    /// since the last call) every <paramref name="logEvery"/> steps.
    /// </summary>
    public static void Train(Module<Tensor, int[], Tensor, Tensor> model, Config cfg, DateOnly[] trainDates, Random rng, int logEvery, Action<int, double> log)
    {
        model.Train();
        var opt = new AdamW(model.Parameters(), lr: cfg.Lr, weightDecay: 0.01);
        var sched = new LinearWarmupCosine(opt, cfg.Warmup, cfg.Steps, cfg.Lr / 20);
        double sum = 0;
        int count = 0;
        for (int step = 1; step <= cfg.Steps; step++)
        {
            using (var scope = new TensorScope())
            {
                var (src, lengths, dec, tgt) = DateFormats.Batch(Draw(trainDates, cfg.Batch, rng));
                var logits = model.Call(src, lengths, dec);
                var loss = F.CrossEntropy(logits.Reshape(-1, DateFormats.TargetVocab), tgt);
                opt.ZeroGrad();
                loss.Backward();
                ClipGrad.Norm(model.Parameters(), 1.0);
                opt.Step();
                sched.Step();
                sum += loss.Item();
                count++;
            }
            if (step % logEvery == 0 || step == cfg.Steps)
            {
                log(step, sum / count);
                sum = 0; count = 0;
            }
        }
        model.Eval();
    }

    /// <summary>Greedy outputs for <paramref name="items"/>, decoded in batches of 256.</summary>
    public static string[] Predict(Func<Tensor, int[], int[][]> greedy, IReadOnlyList<(string Text, DateOnly Date)> items)
    {
        var outputs = new List<string>(items.Count);
        for (int i = 0; i < items.Count; i += 256)
        {
            using var scope = new TensorScope();
            var chunk = items.Skip(i).Take(256).ToList();
            var (src, lengths, _, _) = DateFormats.Batch(chunk);
            outputs.AddRange(greedy(src, lengths).Select(DateFormats.DecodeTarget));
        }
        return outputs.ToArray();
    }

    /// <summary>Share of <paramref name="predictions"/> equal to the ISO form of their item's date.</summary>
    public static double ExactMatch(IReadOnlyList<string> predictions, IReadOnlyList<(string Text, DateOnly Date)> items) =>
        (double)items.Select((it, i) => predictions[i] == DateFormats.Iso(it.Date)).Count(ok => ok) / items.Count;

    /// <summary>Share of the 10 ISO characters, over all items, that the prediction has right at the same position.</summary>
    public static double CharAccuracy(IReadOnlyList<string> predictions, IReadOnlyList<(string Text, DateOnly Date)> items) =>
        items.Select((it, i) => DateFormats.Iso(it.Date).Where((c, j) => j < predictions[i].Length && predictions[i][j] == c).Count()).Sum() / (10.0 * items.Count);

    /// <summary>
    /// Character accuracy of the best input-blind predictor: at each of the 10 positions, the most common character of
    /// the items' true outputs. A model that has learned only the shape and the digit frequencies of ISO dates, without
    /// reading its input, cannot beat it.
    /// </summary>
    public static double BlindCharAccuracy(IReadOnlyList<(string Text, DateOnly Date)> items)
    {
        var iso = items.Select(it => DateFormats.Iso(it.Date)).ToArray();
        return Enumerable.Range(0, 10).Sum(j => iso.GroupBy(x => x[j]).Max(g => g.Count())) / (10.0 * items.Count);
    }

    /// <summary>Beam-search outputs (width <paramref name="beamWidth"/>, α = 1) for one source at a time.</summary>
    public static string[] PredictBeam<TMemory, TState>(Func<Tensor, int[], TMemory> encode, Func<TMemory, DecodeStep<TState>> stepFn,
        Func<TMemory, TState> start, IReadOnlyList<(string Text, DateOnly Date)> items, int beamWidth)
    {
        using var noGrad = GradMode.NoGrad();
        return items.Select(it =>
        {
            using var scope = new TensorScope();
            var memory = encode(Tensor.FromArray(DateFormats.EncodeSource(it.Text), 1, it.Text.Length), [it.Text.Length]);
            var h = SequenceSearch.Beam(start(memory), stepFn(memory), DateFormats.Start, DateFormats.End, 12, beamWidth, 1.0);
            return DateFormats.DecodeTarget(h.Tokens);
        }).ToArray();
    }
}
