using System.Diagnostics;
using System.Text.Json;
using Glassbox;
using Glassbox.Autograd;
using Glassbox.Models;
using Glassbox.NN;
using Glassbox.Onnx;
using Microsoft.ML.OnnxRuntime;

/// <summary>
/// `dotnet run -c Release --project bench/Glassbox.Bench -- onnx [--seconds S] [--threads N] [--json]`: inference
/// latency of the same networks in Glassbox and in ONNX Runtime (the file <see cref="OnnxExporter"/> writes), single
/// sample and batch 64: LeNet-5 (ReLU, max pooling — the mnist-lenet recipe's) on [1, 28, 28] and the mnist-mlp
/// recipe's 784-512-256-10 ReLU MLP.
/// </summary>
/// <remarks>
/// Both sides get the same thread count (<c>--threads</c>, default Glassbox's <see cref="Threads.Count"/>): ORT's
/// intra-op pool is set to it and its inter-op execution is sequential. Each case runs warm-up calls for a quarter of
/// the time budget, then timed calls for the rest (at least 20); the table gives the median and the 90th percentile per
/// call and the samples per second at the median. Glassbox runs each call in a <see cref="TensorScope"/> under
/// no-grad, the way a server would; ORT reuses one input <see cref="OrtValue"/> and allocates its outputs per call.
/// The two outputs are compared once per case (largest absolute difference, printed) so a timing never stands for a
/// wrong answer. ORT lives here, in the bench project, never in the libraries.
/// </remarks>
internal static class OnnxLatencyBench
{
    public static int Run(string[] args)
    {
        double seconds = 2;
        int threads = Threads.Count;
        bool json = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length: seconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--threads" when i + 1 < args.Length: threads = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--json": json = true; break;
                default: Console.Error.WriteLine($"bench onnx: unknown argument '{args[i]}'; takes --seconds S, --threads N, --json"); return 2;
            }
        }
        if (!(seconds > 0) || threads < 1) { Console.Error.WriteLine("bench onnx: --seconds must be > 0 and --threads ≥ 1"); return 2; }
        Threads.Count = threads;

        var cases = new (string Name, Module<Tensor, Tensor> Net, int[] Shape)[]
        {
            ("lenet5", new LeNet5(10, LeNet5Activation.ReLU, LeNet5Pooling.Max, generator: new Generator(1)), [1, 28, 28]),
            ("mlp-784-512-256-10", new Sequential(new Linear(784, 512, generator: new Generator(2)), new ReLU(),
                new Linear(512, 256, generator: new Generator(3)), new ReLU(), new Linear(256, 10, generator: new Generator(4))), [784]),
        };
        var rows = new List<Row>();
        if (!json) Console.WriteLine($"threads {threads} (Glassbox kernels and ORT intra-op), {seconds:G3} s per case, ORT {OrtEnv.Instance().GetVersionString()}");
        foreach (var (name, net, shape) in cases)
        {
            net.Eval();
            using var options = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                IntraOpNumThreads = threads,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            };
            using var session = new InferenceSession(OnnxExporter.ExportToBytes(net, shape), options);
            foreach (int batch in new[] { 1, 64 })
            {
                int[] full = [batch, .. shape];
                var x = Tensor.Randn(full, DType.Float32, new Generator(5));
                var xs = x.ToArray<float>();
                using var input = OrtValue.CreateTensorValueFromMemory(xs, full.Select(d => (long)d).ToArray());
                using var runOptions = new RunOptions();
                string[] inNames = ["input"], outNames = ["output"];
                OrtValue[] inValues = [input];

                float[] gb;
                using (var scope = new TensorScope())
                using (GradMode.NoGrad()) gb = net.Forward(x).ToArray<float>();
                float[] ort;
                using (var r = session.Run(runOptions, inNames, inValues, outNames)) ort = r[0].GetTensorDataAsSpan<float>().ToArray();
                double diff = gb.Zip(ort, (a, b) => Math.Abs((double)a - b)).Max();

                var glassbox = Time(seconds, () =>
                {
                    using var scope = new TensorScope();
                    using var noGrad = GradMode.NoGrad();
                    net.Forward(x);
                });
                var onnx = Time(seconds, () =>
                {
                    using var r = session.Run(runOptions, inNames, inValues, outNames);
                });
                rows.Add(new Row(name, batch, "glassbox", glassbox.Median, glassbox.P90, batch / glassbox.Median * 1e6, diff));
                rows.Add(new Row(name, batch, "onnxruntime", onnx.Median, onnx.P90, batch / onnx.Median * 1e6, diff));
            }
        }
        if (json) { Console.WriteLine(JsonSerializer.Serialize(rows)); return 0; }
        Console.WriteLine($"{"model",-20} {"batch",5} {"engine",-12} {"median µs",10} {"p90 µs",10} {"samples/s",11}  max|Δ| GB vs ORT");
        foreach (var r in rows)
            Console.WriteLine($"{r.Model,-20} {r.Batch,5} {r.Engine,-12} {r.MedianUs,10:F1} {r.P90Us,10:F1} {r.SamplesPerSecond,11:F0}  {r.MaxAbsDiff:E2}");
        return 0;
    }

    private sealed record Row(string Model, int Batch, string Engine, double MedianUs, double P90Us, double SamplesPerSecond, double MaxAbsDiff);

    private static (double Median, double P90) Time(double seconds, Action call)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < seconds / 4) call();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds * 3 / 4 || times.Count < 20)
        {
            long t0 = Stopwatch.GetTimestamp();
            call();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)(times.Count * 0.9)]);
    }
}
