using Glassbox.Training;

namespace Glassbox.Tests.Training;

/// <summary><see cref="RunTracker"/> hands the config and every row to each sink, files first, and owns only its file sinks.</summary>
public class RunTrackerSinkTests
{
    private sealed class RecordingSink : IRunSink
    {
        public List<string> Calls { get; } = [];
        public bool Disposed { get; private set; }
        public void Start(IReadOnlyDictionary<string, object> config) => Calls.Add("start " + string.Join(",", config.Keys));
        public void Log(long step, IReadOnlyDictionary<string, double> metrics) => Calls.Add($"log {step} " + string.Join(",", metrics.Select(kv => $"{kv.Key}={kv.Value}")));
        public void Flush() => Calls.Add("flush");
        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void EverySinkGetsTheConfigAndEachRowAndTheFilesStayAsBefore()
    {
        var dir = Directory.CreateTempSubdirectory("gb-tracker-sinks").FullName;
        var sink = new RecordingSink();
        using (var run = new RunTracker(dir, new Dictionary<string, object> { ["lr"] = 0.5, ["epochs"] = 2 }, [sink]))
        {
            Assert.Equal(4, run.Sinks.Count);
            Assert.IsType<CsvRunSink>(run.Sinks[0]);
            Assert.Same(sink, run.Sinks[3]);
            run.Log(0, new Dictionary<string, double> { ["loss"] = 2, ["acc"] = 0.25 });
            run.Log(1, new Dictionary<string, double> { ["loss"] = 1, ["acc"] = 0.5 });
            // A row with other keys breaks the CSV's columns: rejected before any sink or the history sees it.
            Assert.Throws<ArgumentException>(() => run.Log(2, new Dictionary<string, double> { ["loss"] = 0.5 }));
            Assert.Equal([(0L, 2.0), (1L, 1.0)], run.History["loss"]);
        }
        Assert.Equal(["start lr,epochs", "log 0 loss=2,acc=0.25", "flush", "log 1 loss=1,acc=0.5", "flush"], sink.Calls);
        Assert.False(sink.Disposed); // the caller's sink outlives the tracker
        Assert.Equal(["step,loss,acc", "0,2,0.25", "1,1,0.5"], File.ReadAllLines(Path.Combine(dir, "metrics.csv")));
        Assert.Equal(["{\"step\":0,\"loss\":2,\"acc\":0.25}", "{\"step\":1,\"loss\":1,\"acc\":0.5}"], File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")));
        Assert.Contains("\"lr\": 0.5", File.ReadAllText(Path.Combine(dir, "config.json")));
        Assert.Single(Directory.GetFiles(dir, "events.out.tfevents.*"));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void NonFiniteValuesAreLoggedByEveryFileSink()
    {
        // A diverging loss must be recorded, not crash the run at the logger: JSON has no NaN literal, so the JSONL
        // file writes the model files' strings; the CSV keeps .NET's round-trip text; the history keeps the doubles.
        var dir = Directory.CreateTempSubdirectory("gb-tracker-nan").FullName;
        using (var run = new RunTracker(dir, new Dictionary<string, object> { ["lr"] = 10.0 }))
        {
            run.Log(0, new Dictionary<string, double> { ["loss"] = double.NaN, ["grad"] = double.PositiveInfinity, ["acc"] = double.NegativeInfinity });
            Assert.True(double.IsNaN(run.History["loss"][0].value));
        }
        Assert.Equal(["{\"step\":0,\"loss\":\"NaN\",\"grad\":\"Infinity\",\"acc\":\"-Infinity\"}"], File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")));
        Assert.Equal(["step,loss,grad,acc", "0,NaN,Infinity,-Infinity"], File.ReadAllLines(Path.Combine(dir, "metrics.csv")));
        Directory.Delete(dir, recursive: true);
    }
}
