using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.RL.Models;

/// <summary>
/// An ensemble of probabilistic neural networks (PETS, Chua et al. 2018; the dynamics model of MBPO, Janner et al. 2019):
/// E independently initialised MLPs, each mapping an input x (for a dynamics model, the state and action) to a diagonal
/// Gaussian N(μₑ(x), diag σ²ₑ(x)) over the targets y (for a dynamics model, the state change Δs and the reward r).
/// </summary>
/// <remarks>
/// <para><b>Two kinds of uncertainty.</b> <i>Aleatoric</i> uncertainty is noise in the system itself: the same (s, a) can be
/// followed by different s'. Each member models it with its predicted variance σ²ₑ(x), trained by the Gaussian negative
/// log-likelihood, so it is large where the data are noisy whatever the amount of data. <i>Epistemic</i> uncertainty is the
/// model's ignorance: where there were few or no data, many functions fit equally well. No single network reports it
/// (its σ² is extrapolated as confidently as its μ); the ensemble does, through the disagreement of members that saw the same
/// data from different random initialisations and minibatch orders — they agree where data pin the function down and drift
/// apart away from it. Sampling a prediction from a randomly chosen member propagates both kinds of uncertainty into
/// model rollouts, which is why model-based agents that use ensembles exploit their model's errors far less than ones
/// using a single deterministic network. (Members are not trained on bootstrap resamples: as in MBPO's implementation,
/// each sees all training rows in its own order; Lakshminarayanan et al. 2017 found random initialisation enough.)</para>
/// <para><b>Network.</b> Member e: hidden layers h ← SiLU(h·Wₑ + bₑ), then an output layer of width 2·D split into μ and a raw
/// log-variance ℓ. The E members are stored as stacked weights [E, in, out] and evaluated by one batched matrix product
/// per layer (<c>torch.bmm</c>), as in MBPO's PyTorch ports. Initialisation per member is <c>nn.Linear</c>'s, U(±1/√in).</para>
/// <para><b>Bounded log-variance</b> (PETS): log σ² = m + softplus(M − softplus(M − ℓ) − m), a smooth clamp of ℓ into
/// (m, M) (it can overshoot M by at most log(1 + e^(m − M)), 3·10⁻⁵ for the initial bounds), with the bounds M (initially 0.5) and m (initially −10) learned, one per output, shared by the members. Without
/// it, the NLL's −log σ² term rewards a member for shrinking σ² without limit on points it already fits, and the
/// loss diverges; and outside the data a raw ℓ can reach huge variances. The penalty 0.01·(Σ M − Σ m) keeps the bounds
/// just outside the range the data need.</para>
/// <para><b>Loss</b> per member, over a minibatch of B rows and D outputs (standardised units):
/// Lₑ = (1/(B·D)) Σ ½[(μ − y)²·e^(−log σ²) + log σ²], the Gaussian NLL per coordinate without its constant ½ log 2π; the
/// members' losses are summed (each member's gradient is its own) and the bound penalty added.</para>
/// <para><b>Standardisation.</b> <see cref="Fit"/> standardises inputs and targets with the training rows' mean and
/// (population) standard deviation, so that the small Δs of a fast-sampled system and a reward in the hundreds weigh
/// alike, and the variance bounds are in comparable units for every output. Predictions are returned in original units:
/// μ = μₙ·s + c and log σ² = log σ²ₙ + 2 log s.</para>
/// <para><b>Holdout, early stopping, elites.</b> A random <see cref="EnsembleOptions.HoldoutFraction"/> of the rows (at most
/// <see cref="EnsembleOptions.MaxHoldout"/>) is not trained on. After each epoch every member's holdout MSE of μ is
/// measured; a member that improves on its best by more than 1% is snapshotted, and training stops after
/// <see cref="EnsembleOptions.Patience"/> epochs without any such improvement. Every member is restored to its snapshot, and
/// the <see cref="EnsembleOptions.Elites"/> with the lowest holdout MSE become <see cref="Elites"/>, the members that
/// <see cref="Sample"/> and <see cref="ElitesMean"/> use: a member that landed in a poor optimum is left out.</para>
/// <para>Every random draw (initialisation, holdout split, minibatch orders, sampling) comes from one <see cref="Generator"/>
/// seeded at construction, so the same seed and data give bit-identical models.</para>
/// </remarks>
public sealed class ProbabilisticEnsemble : Module
{
    private readonly Tensor[] weights, biases;
    private readonly Adam optimizer;
    private readonly Generator generator;
    private readonly DType dtype;
    private double[] inMean, inStd, outMean, outStd;

    /// <summary>Creates an ensemble for <paramref name="inputSize"/> inputs and <paramref name="outputSize"/> outputs, initialised from <paramref name="seed"/>.</summary>
    /// <param name="inputSize">Input dimension (state + action for a dynamics model).</param>
    /// <param name="outputSize">Output dimension D (state change + reward for a dynamics model).</param>
    /// <param name="options">Hyperparameters; null for MBPO's.</param>
    /// <param name="seed">Seed of every random draw the ensemble makes.</param>
    /// <param name="dtype">float32, or float64 for exact tests.</param>
    public ProbabilisticEnsemble(int inputSize, int outputSize, EnsembleOptions? options = null, ulong seed = 0, DType dtype = DType.Float32)
    {
        if (inputSize < 1 || outputSize < 1) throw new ArgumentOutOfRangeException(nameof(inputSize), $"ProbabilisticEnsemble: sizes must be positive, got input {inputSize}, output {outputSize}");
        if (dtype != DType.Float32 && dtype != DType.Float64) throw new ArgumentException($"ProbabilisticEnsemble: dtype must be float32 or float64, got {dtype.TorchName()}");
        Options = options ?? new EnsembleOptions();
        Options.Validate();
        InputSize = inputSize; OutputSize = outputSize; this.dtype = dtype;
        generator = new Generator(seed);
        int e = Options.Members, layers = Options.HiddenLayers + 1;
        weights = new Tensor[layers];
        biases = new Tensor[layers];
        for (int l = 0; l < layers; l++)
        {
            int fanIn = l == 0 ? inputSize : Options.Hidden, fanOut = l == layers - 1 ? 2 * outputSize : Options.Hidden;
            double bound = 1.0 / Math.Sqrt(fanIn);
            weights[l] = RegisterParameter($"w{l}", Init.Uniform(Tensor.Zeros([e, fanIn, fanOut], dtype), -bound, bound, generator));
            biases[l] = RegisterParameter($"b{l}", Init.Uniform(Tensor.Zeros([e, 1, fanOut], dtype), -bound, bound, generator));
        }
        MaxLogVar = RegisterParameter("max_logvar", Tensor.Full([outputSize], Options.InitialMaxLogVar, dtype));
        MinLogVar = RegisterParameter("min_logvar", Tensor.Full([outputSize], Options.InitialMinLogVar, dtype));
        optimizer = new Adam(Parameters(), lr: Options.LearningRate, weightDecay: Options.WeightDecay);
        inMean = new double[inputSize]; inStd = Enumerable.Repeat(1.0, inputSize).ToArray();
        outMean = new double[outputSize]; outStd = Enumerable.Repeat(1.0, outputSize).ToArray();
        Elites = Enumerable.Range(0, Options.Elites).ToArray();
    }

    /// <summary>The hyperparameters.</summary>
    public EnsembleOptions Options { get; }
    /// <summary>Input dimension.</summary>
    public int InputSize { get; }
    /// <summary>Output dimension D.</summary>
    public int OutputSize { get; }
    /// <summary>Learned upper bound M of the standardised log-variance, shape [D].</summary>
    public Tensor MaxLogVar { get; }
    /// <summary>Learned lower bound m of the standardised log-variance, shape [D].</summary>
    public Tensor MinLogVar { get; }
    /// <summary>Indices of the elite members, best holdout error first (the first <see cref="EnsembleOptions.Elites"/> members before any fit).</summary>
    public int[] Elites { get; private set; }
    /// <summary>Number of <see cref="Fit"/> calls so far.</summary>
    public int FitCount { get; private set; }

    /// <summary>
    /// μ and bounded log σ² of every member, in standardised units: input [E, B, in] (member e reads row block e), outputs
    /// [E, B, D] each.
    /// </summary>
    public (Tensor Mean, Tensor LogVar) ForwardStandardized(Tensor inputs)
    {
        if (inputs.NDim != 3 || inputs.Shape[0] != Options.Members || inputs.Shape[2] != InputSize)
            throw new ArgumentException($"ProbabilisticEnsemble: expected input [{Options.Members}, B, {InputSize}], got {ShapeUtil.Format(inputs.ShapeArray)}");
        var h = inputs;
        for (int l = 0; l < weights.Length; l++)
        {
            h = h.Bmm(weights[l]) + biases[l];
            if (l < weights.Length - 1) h = h.Silu();
        }
        return (h.Narrow(2, 0, OutputSize), BoundLogVar(h.Narrow(2, OutputSize, OutputSize), MaxLogVar, MinLogVar));
    }

    /// <summary>
    /// The PETS soft clamp log σ² = m + softplus(M − softplus(M − ℓ) − m) of raw log-variances ℓ into (m, M) — it exceeds M
    /// by at most log(1 + e^(m − M)). Its slope σ(M − ℓ)·σ(upper − m) is ≈ 1 well inside the bounds and vanishes outside.
    /// </summary>
    public static Tensor BoundLogVar(Tensor raw, Tensor max, Tensor min)
    {
        var upper = max - (max - raw).Softplus();
        return min + (upper - min).Softplus();
    }

    /// <summary>
    /// Per-member Gaussian NLL without its constant: Lₑ = mean over rows and outputs of ½[(μ − y)²·e^(−log σ²) + log σ²];
    /// all three tensors [E, B, D], result [E].
    /// </summary>
    public static Tensor GaussianNll(Tensor mean, Tensor logVar, Tensor target)
    {
        var diff = mean - target;
        return ((diff * diff * (-logVar).Exp() + logVar) * 0.5).Mean([1, 2]);
    }

    /// <summary>The training loss on standardised data [E, B, in] → [E, B, D]: Σₑ Lₑ + penalty·(Σ M − Σ m).</summary>
    public Tensor Loss(Tensor inputs, Tensor targets)
    {
        var (mean, logVar) = ForwardStandardized(inputs);
        return GaussianNll(mean, logVar, targets).Sum() + (MaxLogVar.Sum() - MinLogVar.Sum()) * Options.BoundPenalty;
    }

    /// <summary>
    /// Trains on rows <paramref name="inputs"/> [N, in] → <paramref name="targets"/> [N, D] (any float dtype), continuing
    /// from the current weights: recomputes the standardisation, splits off a holdout set, trains with early stopping,
    /// restores each member's best epoch and selects the elites.
    /// </summary>
    public EnsembleFitResult Fit(Tensor inputs, Tensor targets)
    {
        if (inputs.NDim != 2 || targets.NDim != 2 || inputs.Shape[0] != targets.Shape[0] || inputs.Shape[1] != InputSize || targets.Shape[1] != OutputSize)
            throw new ArgumentException($"ProbabilisticEnsemble.Fit: expected inputs [N, {InputSize}] and targets [N, {OutputSize}], got {ShapeUtil.Format(inputs.ShapeArray)} and {ShapeUtil.Format(targets.ShapeArray)}");
        int n = inputs.Shape[0];
        if (n < 2) throw new ArgumentException($"ProbabilisticEnsemble.Fit: need at least 2 rows (one to train on, one to hold out), got {n}");
        var x = inputs.To(DType.Float64).ToArray<double>();
        var y = targets.To(DType.Float64).ToArray<double>();
        int holdout = Math.Clamp((int)(n * Options.HoldoutFraction), 1, Math.Min(Options.MaxHoldout, n - 1)), train = n - holdout;
        var order = Permutation(n);
        var trainRows = order[..train];
        var holdRows = order[train..];
        (inMean, inStd) = Moments(x, InputSize, trainRows);
        (outMean, outStd) = Moments(y, OutputSize, trainRows);
        Standardize(x, InputSize, inMean, inStd);
        Standardize(y, OutputSize, outMean, outStd);

        int e = Options.Members;
        var best = Enumerable.Repeat(double.PositiveInfinity, e).ToArray();
        var snapshot = Parameters().Select(p => p.To(DType.Float64).ToArray<double>()).ToArray();
        var holdX = Replicate(x, InputSize, holdRows);
        var holdY = Replicate(y, OutputSize, holdRows);
        var mse = HoldoutMse(holdX, holdY, holdout);
        UpdateBest(mse, best, snapshot);
        int epochs = 0, stale = 0;
        double lastLoss = double.NaN;
        var perms = new int[e][];
        while (epochs < Options.MaxEpochs && stale < Options.Patience)
        {
            for (int m = 0; m < e; m++) perms[m] = Shuffle(trainRows);
            double lossSum = 0; int batches = 0;
            for (int start = 0; start < train; start += Options.BatchSize)
            {
                int count = Math.Min(Options.BatchSize, train - start);
                using var scope = new TensorScope();
                var bx = Gather(x, InputSize, perms, start, count);
                var by = Gather(y, OutputSize, perms, start, count);
                var loss = Loss(bx, by);
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
                lossSum += loss.Item(); batches++;
            }
            lastLoss = lossSum / batches;
            epochs++;
            mse = HoldoutMse(holdX, holdY, holdout);
            stale = UpdateBest(mse, best, snapshot) ? 0 : stale + 1;
        }
        Restore(snapshot);
        Elites = Enumerable.Range(0, e).OrderBy(m => best[m]).ThenBy(m => m).Take(Options.Elites).ToArray();
        FitCount++;
        return new EnsembleFitResult(epochs, train, holdout, best, [.. Elites], lastLoss);
    }

    /// <summary>
    /// Every member's prediction in original units for rows <paramref name="inputs"/> [N, in]: μ and log σ², each [E, N, D]
    /// float64. No gradients are recorded.
    /// </summary>
    public (double[,,] Mean, double[,,] LogVar) Predict(Tensor inputs)
    {
        if (inputs.NDim != 2 || inputs.Shape[1] != InputSize)
            throw new ArgumentException($"ProbabilisticEnsemble.Predict: expected inputs [N, {InputSize}], got {ShapeUtil.Format(inputs.ShapeArray)}");
        int n = inputs.Shape[0], e = Options.Members, d = OutputSize;
        var x = inputs.To(DType.Float64).ToArray<double>();
        Standardize(x, InputSize, inMean, inStd);
        var all = Enumerable.Range(0, n).ToArray();
        double[] mu, lv;
        using (GradMode.NoGrad())
        using (var scope = new TensorScope())
        {
            var (m, v) = ForwardStandardized(MakeTensor(Replicate(x, InputSize, all), e, n, InputSize));
            mu = m.To(DType.Float64).ToArray<double>();
            lv = v.To(DType.Float64).ToArray<double>();
        }
        var mean = new double[e, n, d];
        var logVar = new double[e, n, d];
        for (int k = 0; k < e; k++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++)
                {
                    int at = (k * n + i) * d + j;
                    mean[k, i, j] = mu[at] * outStd[j] + outMean[j];
                    logVar[k, i, j] = lv[at] + 2 * Math.Log(outStd[j]);
                }
        return (mean, logVar);
    }

    /// <summary>
    /// One sample per row, [N, D] in the ensemble's dtype: for each row an elite member k is drawn uniformly, then
    /// y = μₖ(x) + σₖ(x)·ε with ε ~ N(0, I) (MBPO's "TS1" propagation: a fresh member every step, so both aleatoric and
    /// epistemic uncertainty reach the rollout). With <paramref name="deterministic"/> the chosen member's μ is returned.
    /// </summary>
    public Tensor Sample(Tensor inputs, Generator rng, bool deterministic = false)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var (mean, logVar) = Predict(inputs);
        int n = inputs.Shape[0], d = OutputSize;
        var result = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            int k = Elites[rng.NextInt(Elites.Length)];
            for (int j = 0; j < d; j++)
                result[i * d + j] = mean[k, i, j] + (deterministic ? 0 : Math.Exp(0.5 * logVar[k, i, j]) * rng.NextNormal());
        }
        return dtype == DType.Float64 ? Tensor.FromArray(result, n, d) : Tensor.FromArray(Array.ConvertAll(result, v => (float)v), n, d);
    }

    /// <summary>The mean of the elites' μ, [N, D] float64 — the ensemble's point prediction (used to measure one-step error).</summary>
    public double[,] ElitesMean(Tensor inputs)
    {
        var (mean, _) = Predict(inputs);
        int n = inputs.Shape[0], d = OutputSize;
        var result = new double[n, d];
        foreach (int k in Elites)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) result[i, j] += mean[k, i, j] / Elites.Length;
        return result;
    }

    private bool UpdateBest(double[] mse, double[] best, double[][] snapshot)
    {
        bool improved = false;
        var parameters = Parameters().ToArray();
        for (int m = 0; m < mse.Length; m++)
        {
            if (!(double.IsPositiveInfinity(best[m]) || (best[m] - mse[m]) / best[m] > Options.MinRelativeImprovement)) continue;
            best[m] = mse[m];
            improved = true;
            // The stacked weights hold member m in the m-th contiguous block; the shared bounds are taken as they are now.
            for (int p = 0; p < parameters.Length; p++)
            {
                var now = parameters[p].To(DType.Float64).ToArray<double>();
                bool perMember = p < 2 * weights.Length;
                int block = perMember ? now.Length / Options.Members : now.Length, at = perMember ? m * block : 0;
                Array.Copy(now, at, snapshot[p], at, block);
            }
        }
        return improved;
    }

    private void Restore(double[][] snapshot)
    {
        var parameters = Parameters().ToArray();
        for (int p = 0; p < parameters.Length; p++)
        {
            if (dtype == DType.Float64) snapshot[p].CopyTo(parameters[p].Span<double>());
            else
            {
                var span = parameters[p].Span<float>();
                for (int i = 0; i < span.Length; i++) span[i] = (float)snapshot[p][i];
            }
            parameters[p].BumpVersion();
        }
    }

    private double[] HoldoutMse(double[] holdX, double[] holdY, int rows)
    {
        int e = Options.Members, d = OutputSize;
        double[] mu;
        using (GradMode.NoGrad())
        using (var scope = new TensorScope())
            mu = ForwardStandardized(MakeTensor(holdX, e, rows, InputSize)).Mean.To(DType.Float64).ToArray<double>();
        var mse = new double[e];
        for (int m = 0; m < e; m++)
        {
            double s = 0;
            for (int i = 0; i < rows * d; i++) { double diff = mu[m * rows * d + i] - holdY[m * rows * d + i]; s += diff * diff; }
            mse[m] = s / (rows * d);
        }
        return mse;
    }

    private int[] Permutation(int n) => Shuffle(Enumerable.Range(0, n).ToArray());

    private int[] Shuffle(int[] rows)
    {
        var a = (int[])rows.Clone();
        for (int i = a.Length - 1; i > 0; i--) { int j = generator.NextInt(i + 1); (a[i], a[j]) = (a[j], a[i]); }
        return a;
    }

    private static (double[] Mean, double[] Std) Moments(double[] data, int width, int[] rows)
    {
        var mean = new double[width];
        var std = new double[width];
        foreach (int r in rows) for (int j = 0; j < width; j++) mean[j] += data[r * width + j] / rows.Length;
        foreach (int r in rows) for (int j = 0; j < width; j++) { double d = data[r * width + j] - mean[j]; std[j] += d * d / rows.Length; }
        // A constant column (std 0) is only centred: dividing by ~0 would blow its rounding noise up.
        for (int j = 0; j < width; j++) std[j] = std[j] > 1e-12 ? Math.Sqrt(std[j]) : 1;
        return (mean, std);
    }

    private static void Standardize(double[] data, int width, double[] mean, double[] std)
    {
        for (int i = 0; i < data.Length; i++) data[i] = (data[i] - mean[i % width]) / std[i % width];
    }

    /// <summary>The same rows for every member, [E·rows·width] in member-major order.</summary>
    private double[] Replicate(double[] data, int width, int[] rows)
    {
        var result = new double[Options.Members * rows.Length * width];
        for (int m = 0; m < Options.Members; m++)
            for (int i = 0; i < rows.Length; i++)
                Array.Copy(data, rows[i] * width, result, (m * rows.Length + i) * width, width);
        return result;
    }

    private Tensor Gather(double[] data, int width, int[][] perms, int start, int count)
    {
        var result = new double[perms.Length * count * width];
        for (int m = 0; m < perms.Length; m++)
            for (int i = 0; i < count; i++)
                Array.Copy(data, perms[m][start + i] * width, result, (m * count + i) * width, width);
        return MakeTensor(result, perms.Length, count, width);
    }

    private Tensor MakeTensor(double[] data, int e, int rows, int width) =>
        dtype == DType.Float64 ? Tensor.FromArray(data, e, rows, width) : Tensor.FromArray(Array.ConvertAll(data, v => (float)v), e, rows, width);
}
