using System.Diagnostics;
using Glassbox.Data;
using Glassbox.Milestones.Recipes;
using Glassbox.Plotting;
using Glassbox.Text;
using Glassbox.Training;

namespace Glassbox.Milestones;

/// <summary>
/// <c>bpe</c>: byte-level BPE trained on tiny Shakespeare (the first 90% of the text, vocabulary 1,000) compresses the
/// held-out last 10% to at least 2.0 bytes per token, encodes and decodes the whole text and seeded random bytes
/// exactly, and — with GPT-2's own tokens — reproduces an independent GPT-2 tokenizer's ids on a committed sample.
/// Writes the compression-vs-vocabulary curve and the token-length histogram.
/// </summary>
/// <remarks>
/// GPT-2 parity is checked here through <see cref="Gpt2Sample"/>: a committed text with the ids that
/// Microsoft.ML.Tokenizers (a test-only package) gives it, and the GPT-2 tokens needed to encode it. The full check,
/// all of tiny Shakespeare with the whole GPT-2 vocabulary, is the test suite's <c>Gpt2ParityTests</c>.
/// </remarks>
public sealed class BpeMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "bpe";

    /// <inheritdoc/>
    public override string Title => "Byte-level BPE on tiny Shakespeare: >= 2.0 bytes/token held out, exact round trip, GPT-2 ids match a reference";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        string text = DatasetRegistry.TinyShakespeare(ctx.DataDir);
        int vocab = 1000;
        // Bar: the full run measures 2.25 bytes/token on the held-out part (2.43 on the training part). For scale,
        // GPT-2's 50,257 tokens give about 3.3 on this text (nanoGPT's 338k tokens for 1.1 MB) and bytes alone 1.0.
        // 2.0 fails a trainer whose merges are missing, cross word boundaries into nonsense, or are picked badly
        // (after the first 400 merges the held-out text is already at 1.9), with room for no numeric drift (the
        // run is integer counting and deterministic, so the margin is for future changes of the recipe only).
        double bar = 2.0;
        if (ctx.Quick)
        {
            // Smoke run: the first 300,000 characters, vocabulary 512 (256 merges): measured 1.86 held out. 1.6 still
            // needs the frequent pairs and words to have been merged (single bytes give 1.0; the first 93 merges of
            // the full run reach 1.58).
            text = text[..300_000];
            vocab = 512;
            bar = 1.6;
        }
        int split = text.LastIndexOf('\n', text.Length * 9 / 10) + 1;
        string train = text[..split], heldOut = text[split..];
        var config = new Dictionary<string, object>
        {
            ["vocab_size"] = vocab, ["train_chars"] = train.Length, ["held_out_chars"] = heldOut.Length,
            ["pre_tokenizer"] = "GPT-2", ["min_frequency"] = 2, ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);

        var sw = Stopwatch.StartNew();
        var result = BpeTrainer.Train(train, vocab);
        double trainSeconds = sw.Elapsed.TotalSeconds;
        var tok = result.Tokenizer;
        ctx.Progress.Info($"trained {tok.VocabSize} tokens on {result.CorpusBytes:N0} bytes ({result.DistinctPieces:N0} distinct pieces) in {trainSeconds:F2} s");

        var heldIds = tok.Encode(heldOut);
        double heldBytes = System.Text.Encoding.UTF8.GetByteCount(heldOut);
        double heldBpt = heldBytes / heldIds.Length;

        // Round trip: the whole text, and seeded random byte strings (invalid UTF-8 included).
        bool textRoundTrip = tok.Decode(tok.Encode(text)) == text;
        var rng = new Random((int)(ctx.Seed & 0x7FFFFFFF));
        int randomOk = 0, randomTrials = 200;
        for (int t = 0; t < randomTrials; t++)
        {
            var bytes = new byte[rng.Next(0, 400)];
            rng.NextBytes(bytes);
            if (tok.DecodeBytes(tok.Encode(bytes)).AsSpan().SequenceEqual(bytes)) randomOk++;
        }

        var sample = Gpt2Sample.Load();
        var parity = sample.Check();

        var top = tok.Merges.Take(12).Select((m, k) => $"{Show(tok.TokenText(m.Left))} + {Show(tok.TokenText(m.Right))} ({result.MergeCounts[k]:N0})").ToArray();
        ctx.Progress.Info("first merges: " + string.Join(", ", top));

        // Compression vs vocabulary size: the training text from the trainer's own counts, the held-out text by
        // re-encoding it with the first k merges.
        var trainX = new List<double>(); var trainY = new List<double>();
        for (int k = 0; k < result.TokenCounts.Count; k++) { trainX.Add(256 + k); trainY.Add((double)result.CorpusBytes / result.TokenCounts[k]); }
        var heldX = new List<double>(); var heldY = new List<double>();
        var tokens = Enumerable.Range(0, tok.VocabSize).Select(id => tok.TokenBytes(id).ToArray()).ToList();
        for (int k = 0; k <= tok.Merges.Count; k += Math.Max(1, tok.Merges.Count / 24))
        {
            var partial = k == tok.Merges.Count ? tok : BpeTokenizer.FromMerges(tokens.Take(256 + k).ToList(), tok.Merges.Take(k).ToList());
            heldX.Add(256 + k); heldY.Add(heldBytes / partial.Encode(heldOut).Length);
            run.Log(256 + k, new Dictionary<string, double> { ["held_out/bytes_per_token"] = heldY[^1], ["train/bytes_per_token"] = trainY[k] });
        }
        if (heldX[^1] != tok.VocabSize) { heldX.Add(tok.VocabSize); heldY.Add(heldBpt); }
        ClassifierTraining.Save(new LineChart { Title = $"Byte-level BPE on tiny Shakespeare: compression vs vocabulary", XLabel = "vocabulary size", YLabel = "bytes per token" }
            .Add("training text", trainX, trainY).Add("held-out text", heldX, heldY), ctx.OutputDir, "compression");
        int maxLen = heldIds.Max(id => tok.TokenBytes(id).Length);
        new Histogram { Title = $"Token lengths on the held-out text (vocabulary {tok.VocabSize})", XLabel = "token length (bytes)", YLabel = "tokens", Bins = maxLen, Range = (0.5, maxLen + 0.5) }
            .Add("held-out tokens", heldIds.Select(id => (double)tok.TokenBytes(id).Length).ToList()).SavePng(Path.Combine(ctx.OutputDir, "token_lengths.png"));
        tok.SaveGpt2(Path.Combine(ctx.OutputDir, "vocab.json"), Path.Combine(ctx.OutputDir, "merges.txt"));

        bool passed = textRoundTrip && randomOk == randomTrials && parity.Identical && heldBpt >= bar;
        return new MilestoneResult(Id, passed, new Dictionary<string, object>
        {
            ["vocab_size"] = tok.VocabSize, ["held_out_bytes_per_token"] = Math.Round(heldBpt, 4), ["required_bytes_per_token"] = bar,
            ["train_bytes_per_token"] = Math.Round(result.BytesPerToken, 4), ["round_trip_text"] = textRoundTrip,
            ["round_trip_random_bytes"] = $"{randomOk}/{randomTrials}", ["gpt2_sample_identical"] = parity.Identical,
            ["gpt2_sample_tokens"] = sample.Ids.Length, ["gpt2_first_difference"] = parity.FirstDifference,
            ["gpt2_full_parity"] = "tests: Gpt2ParityTests (all of tiny Shakespeare, Microsoft.ML.Tokenizers 3.0)",
            ["top_merges"] = string.Join(", ", top), ["train_seconds"] = Math.Round(trainSeconds, 2), ["run_dir"] = ctx.OutputDir,
        }, 0);
    }

    /// <summary>GPT-2 token text with its space and newline characters shown as · and ↵ for reading.</summary>
    private static string Show(string tokenText) => tokenText.Replace('\u0120', '·').Replace("\u010A", "↵");
}
