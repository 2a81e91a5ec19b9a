namespace Glassbox.Serving.Tests;

/// <summary>The micro-batcher's isolation and back-pressure, with a model whose behaviour the test controls.</summary>
public class BatchingTests
{
    /// <summary>Predicts the row sums (a regressor over 2 features); refuses a row holding 13; can be held inside Predict.</summary>
    private sealed class ScriptedModel(bool held = false) : ServedModel
    {
        /// <summary>Predict passes through it (and opens it again for the next call); closed at first when held.</summary>
        public SemaphoreSlim Gate { get; } = new(held ? 0 : 1);
        public int Calls;
        public bool Crash;

        public override ModelSchema Schema { get; } = new("scripted", "regression", [2], "float64", null, false, null, false, 1);

        public override PredictionBatch Predict(double[] values, int rows)
        {
            Interlocked.Increment(ref Calls);
            Gate.Wait();
            Gate.Release();
            if (Crash) throw new InvalidOperationException("a bug inside the model");
            if (values.Contains(13)) throw new ArgumentException("13 is unlucky");
            return new PredictionBatch(rows, null, Enumerable.Range(0, rows).Select(i => values[2 * i] + values[2 * i + 1]).ToArray(), 1, null, 0);
        }
    }

    [Fact]
    public async Task ARequestTheModelRejects_FailsAlone_TheRestOfItsBatchSucceeds()
    {
        var model = new ScriptedModel();
        await using var h = await ServerHarness.StartAsync(model, new ServerOptions { BatchWindow = TimeSpan.FromMilliseconds(200) });
        var tasks = Enumerable.Range(0, 12).Select(i => h.PostAsync($$"""{"rows": [[{{i}}, 1], [{{(i == 5 ? 13 : 2)}}, 2]]}""")).ToArray();
        var answers = await Task.WhenAll(tasks);
        for (int i = 0; i < answers.Length; i++)
        {
            var (status, body) = answers[i];
            if (i == 5)
            {
                Assert.Equal(400, status);
                Assert.Contains("the scripted rejects the input: 13 is unlucky", body.GetProperty("error").GetString());
            }
            else
            {
                Assert.Equal(200, status);
                Assert.Equal([i + 1.0, 4.0], body.GetProperty("predictions").EnumerateArray().Select(e => e.GetDouble()));
            }
        }
        Assert.True(h.Server.Batches < 12, $"12 concurrent requests ran as {h.Server.Batches} batches");
    }

    [Fact]
    public async Task FullQueue_Is503_AndServingResumes()
    {
        var model = new ScriptedModel(held: true);
        await using var h = await ServerHarness.StartAsync(model, new ServerOptions { QueueCapacity = 1, BatchWindow = TimeSpan.Zero, MaxBatchRows = 1 });
        var first = h.PostAsync("""{"rows": [[1, 2]]}""");
        while (Volatile.Read(ref model.Calls) == 0) await Task.Delay(5);   // the worker is inside Predict, holding request 1
        var second = h.PostAsync("""{"rows": [[3, 4]]}""");               // waits in the queue (capacity 1)
        while (h.Server.Queued == 0) await Task.Delay(5);
        var third = await h.PostAsync("""{"rows": [[5, 6]]}""");           // finds the queue full
        Assert.Equal(503, third.Status);
        Assert.Contains("the server is busy: 1 requests are already waiting", third.Body.GetProperty("error").GetString());
        model.Gate.Release();
        Assert.Equal(3.0, (await first).Body.GetProperty("predictions")[0].GetDouble());
        Assert.Equal(7.0, (await second).Body.GetProperty("predictions")[0].GetDouble());
        var again = await h.PostAsync("""{"rows": [[5, 6]]}""");
        Assert.Equal(200, again.Status);
    }

    [Fact]
    public async Task AModelFault_Is500WithAMessage_NotABadRequest()
    {
        var model = new ScriptedModel { Crash = true };
        await using var h = await ServerHarness.StartAsync(model);
        var (status, body) = await h.PostAsync("""{"rows": [[1, 2]]}""");
        Assert.Equal(500, status);
        Assert.Contains("internal error: the scripted failed (InvalidOperationException: a bug inside the model)", body.GetProperty("error").GetString());
        model.Crash = false;
        Assert.Equal(200, (await h.PostAsync("""{"rows": [[1, 2]]}""")).Status);
    }
}
