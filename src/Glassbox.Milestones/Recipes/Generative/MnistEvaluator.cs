using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Glassbox.Autograd;
using Glassbox.Data;
using Glassbox.Models;
using Glassbox.Models.Generative.Evaluation;
using Glassbox.Training;

namespace Glassbox.Milestones.Recipes.Generative;

/// <summary>
/// The frozen judge of every generative milestone: a LeNet-5 classifier trained in the project on MNIST (or
/// Fashion-MNIST), whose 84-d penultimate layer is the feature space of "MNIST-FID" — the Fréchet distance between
/// generated images and the test images — and whose predictions score conditional samples.
/// </summary>
/// <remarks>
/// <para><b>The classifier.</b> The <c>mnist-lenet</c> recipe (<see cref="MnistLeNet.Trainer"/>: modern LeNet-5, SGD
/// with momentum, ±2 px shifts, cosine decay, 12 epochs on all 60,000 training images, seed 0). It reaches about 99.4%
/// on the MNIST test set (<see cref="TestAccuracy"/> reports the figure of the cached network). Inputs are [N, 1, 28,
/// 28] in [0, 1]; the evaluator standardises them with the training pixels' μ and σ, stored with the weights.</para>
/// <para><b>Caching.</b> Training takes minutes, so the weights are written once (atomically) to
/// <c>evaluators/&lt;dataset&gt;-&lt;hash&gt;.safetensors</c> under the Glassbox home (<c>$GLASSBOX_HOME</c>, else the
/// per-user folder), where the hash covers everything the recipe depends on: a changed recipe gets a new file instead
/// of silently reusing old weights. A cache file that cannot be read is reported and replaced.</para>
/// <para><b>Quick mode.</b> A smaller recipe (10,000 training images, 2 epochs, about 95% accuracy) and 2,000 reference
/// images instead of 10,000 (<see cref="ReferenceCount"/>). FIDs from the two modes are different quantities — another
/// network and a sample-size bias of another size — and must never be compared with each other.</para>
/// <para><b>Sample counts.</b> The Fréchet distance of N samples is biased upwards by roughly O(D/N); pass as many
/// generated images as <see cref="ReferenceCount"/> so that the model's number, <see cref="FloorFid"/> (training images
/// vs test images) and <see cref="NoiseCeilingFid"/> (uniform noise vs test images) share the same bias.</para>
/// </remarks>
public sealed class MnistEvaluator
{
    private const int Batch = 1000;
    private const ulong RecipeSeed = 0;
    private readonly LeNet5 net;
    private readonly float mean, std;
    private readonly Tensor floorImages;
    private double? floorFid, noiseFid;

    private MnistEvaluator(LeNet5 net, float mean, float std, DatasetKind kind, double testAccuracy, string cachePath, bool fromCache,
        Tensor referenceImages, Tensor floorImages, ulong noiseSeed)
    {
        this.net = net;
        this.mean = mean;
        this.std = std;
        Dataset = kind;
        TestAccuracy = testAccuracy;
        CachePath = cachePath;
        LoadedFromCache = fromCache;
        this.floorImages = floorImages;
        NoiseSeed = noiseSeed;
        net.Eval();
        foreach (var p in net.Parameters()) p.RequiresGrad = false;
        ReferenceCount = referenceImages.Size(0);
        ReferenceStatistics = Statistics(referenceImages);
    }

    /// <summary>The dataset the classifier was trained on and whose test images are the reference.</summary>
    public DatasetKind Dataset { get; }

    /// <summary>The classifier's accuracy on the whole test set (10,000 images), measured when it was trained.</summary>
    public double TestAccuracy { get; }

    /// <summary>The safetensors file holding the frozen weights.</summary>
    public string CachePath { get; }

    /// <summary>True when the weights were read from <see cref="CachePath"/> rather than trained by this call.</summary>
    public bool LoadedFromCache { get; }

    /// <summary>How many test images the reference statistics (and the floor and ceiling) use: 10,000, or 2,000 in quick mode.</summary>
    public int ReferenceCount { get; }

    /// <summary>μ and Σ of the reference test images' features.</summary>
    public FeatureStatistics ReferenceStatistics { get; }

    private ulong NoiseSeed { get; }

    /// <summary>
    /// The evaluator of <paramref name="kind"/> for a milestone: the quick recipe when <c>ctx.Quick</c>, else the full one;
    /// read from the Glassbox home's cache when present, else trained (seeded, so every machine trains the same
    /// network up to the summation order of its SIMD path) and cached.
    /// </summary>
    public static MnistEvaluator Load(MilestoneContext ctx, DatasetKind kind)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return Load(ctx.DataDir, kind, ctx.Quick, DefaultCacheFolder(), ctx.Progress.Info);
    }

    /// <summary>
    /// The same as <see cref="Load(MilestoneContext, DatasetKind)"/> with every input explicit: the data folder (null
    /// for <c>$GLASSBOX_DATA</c> / the per-user cache), the recipe, the cache folder and where progress lines go.
    /// </summary>
    public static MnistEvaluator Load(string? dataDir, DatasetKind kind, bool quick, string cacheFolder, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(cacheFolder);
        var data = kind switch
        {
            DatasetKind.Mnist => DatasetRegistry.Mnist(dataDir, flatten: true, download: true),
            DatasetKind.FashionMnist => DatasetRegistry.FashionMnist(dataDir, flatten: true, download: true),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "MnistEvaluator: not a defined DatasetKind"),
        };
        int trainCount = quick ? 10000 : data.Train.Images.Size(0), epochs = quick ? 2 : 12, referenceCount = quick ? 2000 : 10000;
        string recipe = string.Create(CultureInfo.InvariantCulture,
            $"glassbox-mnist-evaluator/v1|{kind}|lenet5-relu-max|sgd lr0.05 m0.9 wd5e-4 cosine|shift2 replicate|batch128|train{trainCount}|epochs{epochs}|seed{RecipeSeed}");
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..12];
        string path = Path.Combine(cacheFolder, $"{(kind == DatasetKind.Mnist ? "mnist" : "fashion-mnist")}-{hash}.safetensors");

        Tensor images28(Tensor flat) => flat.Reshape(-1, 1, 28, 28);
        var trainImages = images28(data.Train.Images);
        var testImages = images28(data.Test.Images);
        var reference = testImages.Narrow(0, 0, referenceCount);
        var floor = trainImages.Narrow(0, 0, referenceCount);

        var net = MnistLeNet.Build(new Generator(RecipeSeed));
        if (File.Exists(path))
        {
            try
            {
                var state = SafeTensors.Load(path, out var meta);
                net.LoadStateDict(state);
                float m = (float)ParseNumber(meta, "pixel_mean", path), s = (float)ParseNumber(meta, "pixel_std", path);
                double acc = ParseNumber(meta, "test_accuracy", path);
                if (!meta.TryGetValue("recipe", out var stored) || stored != recipe)
                    throw new InvalidDataException($"{path}: its recipe metadata does not match this evaluator's recipe");
                return new MnistEvaluator(net, m, s, kind, acc, path, true, reference, floor, RecipeSeed + 7);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or FormatException or IOException)
            {
                log?.Invoke($"evaluator cache {path} is unusable ({e.Message}); training a new one");
                net = MnistLeNet.Build(new Generator(RecipeSeed));
            }
        }

        var sw = Stopwatch.StartNew();
        var trainPixels = data.Train.Images.Narrow(0, 0, trainCount);
        var (mean, std) = PixelMoments(trainPixels);
        var xTrain = trainImages.Narrow(0, 0, trainCount).Sub(mean).Div(std);
        var yTrain = data.Train.Labels.Narrow(0, 0, trainCount);
        var gen = new Generator(RecipeSeed);
        var (model, opt, loader, sched) = MnistLeNet.Trainer(gen, xTrain, yTrain, epochs);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var (loss, _, secs, _) = ClassifierTraining.TrainEpoch(model, opt, loader, afterStep: sched.Step);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"evaluator ({kind}{(quick ? ", quick" : "")}): epoch {epoch}/{epochs}, loss {loss:0.0000}, {secs:0.0} s"));
        }
        var (testAcc, _) = ClassifierTraining.Evaluate(model, testImages.Sub(mean).Div(std), data.Test.Labels);
        log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"evaluator ({kind}): test accuracy {testAcc:P2} after {sw.Elapsed.TotalSeconds:0} s; cached at {path}"));
        Directory.CreateDirectory(cacheFolder);
        SafeTensors.Save(path, model.StateDict(), new Dictionary<string, string>
        {
            ["recipe"] = recipe, ["pixel_mean"] = mean.ToString("R", CultureInfo.InvariantCulture), ["pixel_std"] = std.ToString("R", CultureInfo.InvariantCulture),
            ["test_accuracy"] = testAcc.ToString("R", CultureInfo.InvariantCulture),
        });
        return new MnistEvaluator(model, mean, std, kind, testAcc, path, false, reference, floor, RecipeSeed + 7);
    }

    /// <summary><c>$GLASSBOX_HOME/evaluators</c>, else the platform's local application data folder + glassbox/evaluators.</summary>
    public static string DefaultCacheFolder()
    {
        var home = Environment.GetEnvironmentVariable("GLASSBOX_HOME");
        var folder = home is { Length: > 0 } ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "glassbox");
        return Path.Combine(folder, "evaluators");
    }

    /// <summary>
    /// The 84-d penultimate-layer features of [N, 1, 28, 28] (or [N, 784]) images in [0, 1], as an [N, 84] float32
    /// tensor, computed in batches of 1,000 without a graph.
    /// </summary>
    /// <exception cref="ArgumentException">The images have another shape, or values outside [0, 1] (a generator's tanh output must be mapped with (x + 1)/2 first).</exception>
    public Tensor Features(Tensor images)
    {
        var x = Prepare(images, "Features");
        using var _ = GradMode.NoGrad();
        int n = x.Size(0);
        var parts = new List<Tensor>();
        for (int s = 0; s < n; s += Batch)
        {
            var xb = x.Narrow(0, s, Math.Min(Batch, n - s)).Sub(mean).Div(std);
            parts.Add(net.Penultimate(net.Features(xb)));
        }
        return parts.Count == 1 ? parts[0] : Tensor.Cat(parts.ToArray(), 0);
    }

    /// <summary>The classifier's class (0–9) for each image.</summary>
    public int[] Predict(Tensor images)
    {
        var x = Prepare(images, "Predict");
        using var _ = GradMode.NoGrad();
        int n = x.Size(0);
        var pred = new int[n];
        for (int s = 0; s < n; s += Batch)
        {
            int len = Math.Min(Batch, n - s);
            var p = net.Forward(x.Narrow(0, s, len).Sub(mean).Div(std)).ArgMax(1).ToArray<long>();
            for (int i = 0; i < len; i++) pred[s + i] = (int)p[i];
        }
        return pred;
    }

    /// <summary>μ and Σ of the images' features.</summary>
    public FeatureStatistics Statistics(Tensor images) => FeatureStatistics.From(Features(images));

    /// <summary>
    /// MNIST-FID: the Fréchet distance between the features of <paramref name="generated"/> and those of the
    /// <see cref="ReferenceCount"/> reference test images. Pass <see cref="ReferenceCount"/> images for numbers comparable
    /// with <see cref="FloorFid"/> and <see cref="NoiseCeilingFid"/>.
    /// </summary>
    public double Fid(Tensor generated) => FrechetDistance.Compute(Statistics(generated), ReferenceStatistics);

    /// <summary>
    /// The floor: the FID of <see cref="ReferenceCount"/> real training images against the reference test images — what a
    /// perfect generator (one that draws fresh digits from the data distribution) would score. Computed on first use.
    /// </summary>
    public double FloorFid => floorFid ??= Fid(floorImages);

    /// <summary>
    /// The noise ceiling: the FID of <see cref="ReferenceCount"/> images of independent uniform [0, 1) pixels (a fixed
    /// seed) against the reference — what a generator that learned nothing scores. Computed on first use.
    /// </summary>
    public double NoiseCeilingFid => noiseFid ??= Fid(Tensor.Rand([ReferenceCount, 1, 28, 28], DType.Float32, new Generator(NoiseSeed)));

    /// <summary>
    /// The share of <paramref name="images"/> classified as their <paramref name="requested"/> class, overall and per
    /// class (<see cref="ConditionalScore"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The label count differs from the image count, or a label is outside 0–9.</exception>
    public ConditionalScore ScoreConditional(Tensor images, int[] requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var pred = Predict(images);
        if (requested.Length != pred.Length)
            throw new ArgumentException($"MnistEvaluator.ScoreConditional: {pred.Length} images but {requested.Length} requested labels", nameof(requested));
        var hits = new int[10];
        var counts = new int[10];
        int correct = 0;
        for (int i = 0; i < pred.Length; i++)
        {
            int c = requested[i];
            if (c is < 0 or > 9) throw new ArgumentException($"MnistEvaluator.ScoreConditional: requested label {c} at index {i} is outside 0-9", nameof(requested));
            counts[c]++;
            if (pred[i] == c) { hits[c]++; correct++; }
        }
        var perClass = new double[10];
        for (int c = 0; c < 10; c++) perClass[c] = counts[c] == 0 ? double.NaN : (double)hits[c] / counts[c];
        return new ConditionalScore(pred.Length == 0 ? double.NaN : (double)correct / pred.Length, perClass, counts);
    }

    /// <summary>How many of <paramref name="images"/> the classifier assigns to each of the ten classes: an unconditional model's mode coverage.</summary>
    public int[] ClassHistogram(Tensor images)
    {
        var h = new int[10];
        foreach (var p in Predict(images)) h[p]++;
        return h;
    }

    private static Tensor Prepare(Tensor images, string op)
    {
        ArgumentNullException.ThrowIfNull(images);
        var shape = images.ShapeToArray();
        bool ok = (shape.Length == 4 && shape[1] == 1 && shape[2] == 28 && shape[3] == 28) || (shape.Length == 2 && shape[1] == 784);
        if (!ok) throw new ArgumentException($"MnistEvaluator.{op}: expected images of shape [N, 1, 28, 28] or [N, 784], got [{string.Join(", ", shape)}]", nameof(images));
        var x = images.Detach().To(DType.Float32).Reshape(-1, 1, 28, 28);
        if (x.Size(0) > 0)
        {
            double lo = x.Min().Item<float>(), hi = x.Max().Item<float>();
            // A little slack for the rounding of a sigmoid or of (tanh + 1)/2 in float32.
            if (lo < -1e-4 || hi > 1 + 1e-4 || double.IsNaN(lo) || double.IsNaN(hi))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"MnistEvaluator.{op}: images must be in [0, 1], got values in [{lo:G4}, {hi:G4}] (map a tanh generator's output with (x + 1) / 2)"), nameof(images));
        }
        return x;
    }

    /// <summary>The mean and (population) standard deviation of all pixels, accumulated in double over 6,000-row chunks.</summary>
    private static (float mean, float std) PixelMoments(Tensor pixels)
    {
        int n = pixels.Size(0);
        double sum = 0, sq = 0, count = pixels.Numel;
        for (int s = 0; s < n; s += 6000)
            foreach (var v in pixels.Narrow(0, s, Math.Min(6000, n - s)).ToArray<float>()) sum += v;
        double mu = sum / count;
        for (int s = 0; s < n; s += 6000)
            foreach (var v in pixels.Narrow(0, s, Math.Min(6000, n - s)).ToArray<float>()) sq += (v - mu) * (v - mu);
        return ((float)mu, (float)Math.Sqrt(sq / count));
    }

    private static double ParseNumber(Dictionary<string, string> meta, string key, string path)
    {
        if (!meta.TryGetValue(key, out var text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new InvalidDataException($"{path}: metadata '{key}' is missing or not a finite number");
        return v;
    }
}
