using Glassbox.Autograd;
using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// The vector quantiser of a VQ-VAE (van den Oord, Vinyals &amp; Kavukcuoglu 2017): a codebook of K vectors
/// e_1 … e_K ∈ ℝ^D, and each encoder output z_e ∈ ℝ^D replaced by its nearest code,
/// k* = argmin_k ‖z_e − e_k‖², z_q = e_{k*}.
/// </summary>
/// <remarks>
/// <para><b>Gradients.</b> The argmin has no gradient, so the forward output is written
/// z_q = z_e + sg[e_{k*} − z_e] (sg = stop-gradient, <see cref="Tensor.Detach"/>): its value is e_{k*} and its gradient with
/// respect to z_e is the identity — the straight-through estimator copies the decoder's gradient at z_q onto z_e
/// unchanged. The codebook learns from its own term instead:</para>
/// <code>
/// codebook loss    ‖sg[z_e] − e‖²      moves each used code towards the encoder outputs assigned to it
/// commitment loss  β ‖z_e − sg[e]‖²    keeps the encoder near its codes, so z_e cannot grow without bound
/// </code>
/// <para>both as means over every element (PyTorch's <c>F.mse_loss</c>), β = 0.25 by default (the paper's value;
/// it found results robust from 0.1 to 2).</para>
/// <para><b>EMA codebook</b> (the paper's appendix; Razavi et al. 2019), chosen with <c>ema: true</c>. The codebook is then a
/// buffer with no gradient and no codebook loss; after every training forward, with n_k the batch's count of vectors
/// assigned to code k and s_k their sum,</para>
/// <code>
/// N_k ← γ N_k + (1 − γ) n_k,   m_k ← γ m_k + (1 − γ) s_k,   e_k = m_k / Ñ_k,
/// Ñ_k = (N_k + ε) / (n + K ε) · n,   n = Σ_k N_k          (Laplace smoothing, ε = 1e-5, decay γ = 0.99)
/// </code>
/// <para>so each code is an exponential moving average of the vectors it wins — a running k-means. Without the smoothing
/// a code that wins nothing for long has N_k → 0 and m_k / N_k becomes 0/0. The averages start at N_k = 1 and
/// m_k = e_k (the initial codebook), which keeps an unused code where it is; starting from N_k = 0 instead, as some ports
/// do, divides a code that is unused in the first batch by a smoothed count of about ε and throws it far out of reach.
/// The update is not bias-corrected.</para>
/// <para><b>Dead-code restarts</b> (<c>deadCodeSteps</c> = T &gt; 0): a code that no vector chose in T consecutive training
/// forwards is re-initialised, at the start of the next training forward, to an encoder output of that batch drawn
/// uniformly at random (and, with EMA, its averages to N_k = 1, m_k = that vector). A restarted code sits on data, so it
/// is chosen at once. With a gradient-trained codebook an optimizer's per-parameter state (Adam's moments) for the row
/// is not reset; it decays within a few dozen steps.</para>
/// <para><b>Usage.</b> <see cref="CodebookUsage"/> from the counts: perplexity exp(−Σ p_k log p_k), p_k = n_k / Σ n (K when
/// every code is used equally, 1 when one code takes everything) and the share of codes used at least once.</para>
/// <para>State-dict keys: <c>codebook</c> [K, D] (a parameter, or with EMA a buffer), <c>ema_cluster_size</c> [K] and
/// <c>ema_embed_sum</c> [K, D] (EMA only), <c>steps_unused</c> [K] int64 (training forwards since each code was last chosen).</para>
/// </remarks>
public sealed class VectorQuantizer : Module<Tensor, VectorQuantization>
{
    private readonly Tensor codebook, stepsUnused;
    private readonly Tensor? emaClusterSize, emaEmbedSum;

    /// <summary>Creates the quantiser; the codebook starts uniform on [−1/K, 1/K] (as common VQ-VAE code does).</summary>
    /// <param name="numCodes">K, the codebook size.</param>
    /// <param name="codeDim">D, the width of each code (the encoder's output channels).</param>
    /// <param name="commitmentCost">β, the weight of the commitment loss.</param>
    /// <param name="ema">Update the codebook by exponential moving averages instead of by gradient.</param>
    /// <param name="decay">γ of the EMA update.</param>
    /// <param name="epsilon">ε of the Laplace smoothing.</param>
    /// <param name="deadCodeSteps">T: restart a code unused for this many training forwards; 0 turns restarts off.</param>
    /// <param name="dtype">Codebook dtype.</param>
    /// <param name="generator">Random source of the initial codebook and of the restarts (<see cref="Generator.Default"/> when null).</param>
    public VectorQuantizer(int numCodes, int codeDim, double commitmentCost = 0.25, bool ema = false, double decay = 0.99,
        double epsilon = 1e-5, int deadCodeSteps = 0, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (numCodes <= 0 || codeDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(numCodes), $"VectorQuantizer: numCodes and codeDim must be positive, got {numCodes}, {codeDim}");
        if (!(commitmentCost >= 0)) throw new ArgumentOutOfRangeException(nameof(commitmentCost), $"VectorQuantizer: the commitment cost must be non-negative, got {commitmentCost}");
        if (!(decay >= 0 && decay < 1)) throw new ArgumentOutOfRangeException(nameof(decay), $"VectorQuantizer: decay must be in [0, 1), got {decay}");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"VectorQuantizer: epsilon must be positive, got {epsilon}");
        if (deadCodeSteps < 0) throw new ArgumentOutOfRangeException(nameof(deadCodeSteps), $"VectorQuantizer: deadCodeSteps must be non-negative, got {deadCodeSteps}");
        NumCodes = numCodes; CodeDim = codeDim; CommitmentCost = commitmentCost; UsesEma = ema;
        Decay = decay; Epsilon = epsilon; DeadCodeSteps = deadCodeSteps;
        Generator = generator;
        var init = Tensor.Uniform([numCodes, codeDim], -1.0 / numCodes, 1.0 / numCodes, dtype, generator);
        if (ema)
        {
            codebook = RegisterBuffer("codebook", init);
            emaClusterSize = RegisterBuffer("ema_cluster_size", Tensor.Ones([numCodes], dtype));
            emaEmbedSum = RegisterBuffer("ema_embed_sum", init.Clone());
        }
        else
        {
            codebook = RegisterParameter("codebook", init);
            RegisterNullBuffer("ema_cluster_size"); RegisterNullBuffer("ema_embed_sum");
        }
        stepsUnused = RegisterBuffer("steps_unused", Tensor.Zeros([numCodes], DType.Int64));
    }

    /// <summary>K, the number of codes.</summary>
    public int NumCodes { get; }
    /// <summary>D, the width of a code.</summary>
    public int CodeDim { get; }
    /// <summary>β, the weight of the commitment loss.</summary>
    public double CommitmentCost { get; }
    /// <summary>Whether the codebook is updated by moving averages (and is then a buffer, not a parameter).</summary>
    public bool UsesEma { get; }
    /// <summary>γ of the EMA update.</summary>
    public double Decay { get; }
    /// <summary>ε of the Laplace smoothing.</summary>
    public double Epsilon { get; }
    /// <summary>T, the unused training forwards after which a code is restarted (0: never).</summary>
    public int DeadCodeSteps { get; }
    /// <summary>The random source of the restarts.</summary>
    public Generator? Generator { get; set; }
    /// <summary>How many codes have been restarted since the module was created.</summary>
    public long Restarts { get; private set; }

    /// <summary>The codebook [K, D] (the live tensor: a parameter, or with EMA a buffer).</summary>
    public Tensor Codebook => codebook;
    /// <summary>N_k, the EMA cluster sizes [K] (null without EMA).</summary>
    public Tensor? EmaClusterSize => emaClusterSize;
    /// <summary>m_k, the EMA sums of the assigned vectors [K, D] (null without EMA).</summary>
    public Tensor? EmaEmbedSum => emaEmbedSum;
    /// <summary>Training forwards since each code was last chosen, [K] int64.</summary>
    public Tensor StepsUnused => stepsUnused;

    /// <summary>
    /// Indices of the nearest codes for rows z [M, D] (squared Euclidean distance; ties go to the lower index), int64 [M].
    /// </summary>
    public Tensor NearestCodes(Tensor flat)
    {
        if (flat.NDim != 2 || flat.Size(1) != CodeDim)
            throw new ArgumentException($"VectorQuantizer.nearest_codes: expected vectors of shape [M, {CodeDim}], got {ShapeUtil.Format(flat.ShapeArray)}");
        using var _ = GradMode.NoGrad();
        var z = flat.Detach();
        var e = codebook.Detach().To(z.DType);
        // ‖z − e‖² = ‖z‖² − 2 z·e + ‖e‖²; ‖z‖² is the same for every code of a row, so it cannot change the argmin.
        var d = e.Mul(e).Sum(1).Unsqueeze(0) - z.MatMul(e.T) * 2.0;
        return d.ArgMin(1);
    }

    /// <summary>
    /// Quantises encoder outputs [N, D, H, W] (channels are the code dimension) or rows [M, D]; see the class remarks.
    /// In training mode it also restarts dead codes (before the assignment) and applies the EMA update (after it).
    /// </summary>
    /// <exception cref="ArgumentException">The input is not [N, D, H, W] or [M, D]; the message names the shape.</exception>
    public override VectorQuantization Forward(Tensor input)
    {
        Tensor flat;
        if (input.NDim == 4 && input.Size(1) == CodeDim) flat = input.Permute(0, 2, 3, 1).Reshape(-1, CodeDim);
        else if (input.NDim == 2 && input.Size(1) == CodeDim) flat = input;
        else throw new ArgumentException($"VectorQuantizer: expected [N, {CodeDim}, H, W] or [M, {CodeDim}], got {ShapeUtil.Format(input.ShapeArray)}");
        if (flat.Size(0) == 0) throw new ArgumentException("VectorQuantizer: the input holds no vectors");

        if (Training && DeadCodeSteps > 0) RestartDeadCodes(flat);
        var indices = NearestCodes(flat);
        var quantFlat = codebook.IndexSelect(0, indices).To(flat.DType);
        var commitment = F.MseLoss(flat, quantFlat.Detach());
        var codebookLoss = UsesEma ? Tensor.Zeros([], commitment.DType) : F.MseLoss(quantFlat, flat.Detach());
        var straightThrough = flat + (quantFlat - flat).Detach();

        var idx = indices.ToArray<long>();
        var counts = new long[NumCodes];
        foreach (long k in idx) counts[k]++;
        if (Training)
        {
            using var _ = GradMode.NoGrad();
            var unused = stepsUnused.ToArray<long>();
            for (int k = 0; k < NumCodes; k++) unused[k] = counts[k] > 0 ? 0 : unused[k] + 1;
            stepsUnused.CopyFrom(Tensor.FromArray(unused, NumCodes));
            if (UsesEma) EmaUpdate(flat, idx, counts);
        }

        Tensor quantized, shapedIndices;
        if (input.NDim == 4)
        {
            int n = input.Size(0), h = input.Size(2), w = input.Size(3);
            quantized = straightThrough.Reshape(n, h, w, CodeDim).Permute(0, 3, 1, 2);
            shapedIndices = indices.Reshape(n, h, w);
        }
        else { quantized = straightThrough; shapedIndices = indices; }
        return new VectorQuantization(quantized, shapedIndices, codebookLoss, commitment, codebookLoss + commitment * CommitmentCost, counts);
    }

    /// <summary>The codes [K, D] looked up for integer indices of any shape [...], as [..., D] (no gradient path to the indices).</summary>
    public Tensor Lookup(Tensor indices)
    {
        if (indices.DType.IsFloatingPoint()) throw new ArgumentException($"VectorQuantizer.lookup: indices must be integers, got {indices.DType.TorchName()}");
        var flat = indices.To(DType.Int64).Reshape(-1);
        foreach (long v in flat.ToArray<long>())
            if (v < 0 || v >= NumCodes) throw new ArgumentException($"VectorQuantizer.lookup: index {v} is outside [0, {NumCodes})");
        return codebook.IndexSelect(0, flat).Reshape([.. indices.ShapeArray, CodeDim]);
    }

    private void EmaUpdate(Tensor flat, long[] idx, long[] counts)
    {
        int k = NumCodes, d = CodeDim;
        var z = flat.Detach().To(DType.Float64).ToArray<double>();
        var sums = new double[k * d];
        for (int i = 0; i < idx.Length; i++)
            for (int j = 0; j < d; j++) sums[idx[i] * d + j] += z[i * d + j];
        var size = emaClusterSize!.To(DType.Float64).ToArray<double>();
        var embed = emaEmbedSum!.To(DType.Float64).ToArray<double>();
        double total = 0;
        for (int c = 0; c < k; c++)
        {
            size[c] = Decay * size[c] + (1 - Decay) * counts[c];
            total += size[c];
            for (int j = 0; j < d; j++) embed[c * d + j] = Decay * embed[c * d + j] + (1 - Decay) * sums[c * d + j];
        }
        var codes = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            double smoothed = (size[c] + Epsilon) / (total + k * Epsilon) * total;
            for (int j = 0; j < d; j++) codes[c * d + j] = embed[c * d + j] / smoothed;
        }
        emaClusterSize.CopyFrom(Tensor.FromArray(size, k));
        emaEmbedSum.CopyFrom(Tensor.FromArray(embed, k, d));
        codebook.CopyFrom(Tensor.FromArray(codes, k, d));
    }

    private void RestartDeadCodes(Tensor flat)
    {
        using var _ = GradMode.NoGrad();
        var unused = stepsUnused.ToArray<long>();
        var dead = Enumerable.Range(0, NumCodes).Where(c => unused[c] >= DeadCodeSteps).ToArray();
        if (dead.Length == 0) return;
        var rows = Tensor.Randint(0, flat.Size(0), [dead.Length], Generator).ToArray<long>();
        var z = flat.Detach().To(DType.Float64).ToArray<double>();
        var codes = codebook.Detach().To(DType.Float64).ToArray<double>();
        var embed = emaEmbedSum?.To(DType.Float64).ToArray<double>();
        var size = emaClusterSize?.To(DType.Float64).ToArray<double>();
        for (int i = 0; i < dead.Length; i++)
        {
            int c = dead[i];
            Array.Copy(z, rows[i] * CodeDim, codes, (long)c * CodeDim, CodeDim);
            if (embed is not null) Array.Copy(z, rows[i] * CodeDim, embed, (long)c * CodeDim, CodeDim);
            if (size is not null) size[c] = 1;
        }
        codebook.CopyFrom(Tensor.FromArray(codes, NumCodes, CodeDim));
        emaEmbedSum?.CopyFrom(Tensor.FromArray(embed!, NumCodes, CodeDim));
        emaClusterSize?.CopyFrom(Tensor.FromArray(size!, NumCodes));
        foreach (int c in dead) unused[c] = 0;
        stepsUnused.CopyFrom(Tensor.FromArray(unused, NumCodes));
        Restarts += dead.Length;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"codes={NumCodes}, dim={CodeDim}, beta={CommitmentCost}" + (UsesEma ? $", ema(decay={Decay}, eps={Epsilon})" : "") + (DeadCodeSteps > 0 ? $", restart_after={DeadCodeSteps}" : "");
}
