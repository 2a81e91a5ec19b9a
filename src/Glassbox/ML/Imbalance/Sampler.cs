using Glassbox.ML.Options;

namespace Glassbox.ML.Imbalance;

/// <summary>
/// Base of the resamplers (imbalanced-learn's <c>BaseSampler</c>): Fit learns how many rows each class gets from the
/// class counts of y and <see cref="SamplingStrategy"/>; <see cref="FitResample"/> fits and then draws, seeded by
/// <see cref="RandomState"/>, so the same call gives the same rows.
/// </summary>
/// <remarks>
/// <para>
/// <b>Sampling strategy</b> (imbalanced-learn's <c>sampling_strategy</c>). null is <c>"auto"</c>: over-samplers grow
/// every class but the majority to the majority's count (<c>"not majority"</c>); under-samplers shrink every class but
/// the minority to the minority's count (<c>"not minority"</c>). A number α (two classes only) is the desired ratio
/// N_minority / N_majority after resampling: over-sampling adds ⌊α·N_majority⌋ − N_minority minority rows (α must
/// not ask for fewer than there are); under-sampling keeps ⌊N_minority / α⌋ majority rows (no more than there are).
/// </para>
/// <para>
/// Why resample at all: a learner minimising average loss on 95 % negatives can do well by nearly ignoring the 5 %.
/// Resampling (or class weights, which reweigh instead of copying or dropping rows) makes the rare class count as much
/// in the loss. It changes what the model's probabilities mean — they describe the resampled prevalence, not the real
/// one — so resample only training data (a <see cref="Pipeline"/> does), and recalibrate or re-tune the threshold if
/// probabilities matter.
/// </para>
/// </remarks>
public abstract class Sampler<TSelf> : Estimator<TSelf>, ISampler where TSelf : Sampler<TSelf>
{
    private readonly ClassEncoding classes = new();
    private long[] counts = [];

    /// <summary>Stores the shared hyperparameters.</summary>
    private protected Sampler(double? samplingStrategy, int? randomState) => (SamplingStrategy, RandomState) = (samplingStrategy, randomState);

    /// <summary>null for "auto", or the ratio N_minority / N_majority wanted after resampling (<c>sampling_strategy</c>).</summary>
    public double? SamplingStrategy { get; }

    /// <summary>Seed of the draws; null draws one from <see cref="Generator.Default"/> per call (<c>random_state</c>).</summary>
    public int? RandomState { get; }

    /// <inheritdoc/>
    public Tensor Classes => Learned(classes, nameof(Classes)).ToTensor();

    /// <inheritdoc/>
    public Tensor SamplingCounts => Tensor.FromArray(Learned(counts, nameof(SamplingCounts)), [counts.Length]);

    /// <summary>True for the over-samplers (rows added), false for the under-samplers (rows kept).</summary>
    private protected abstract bool OverSampling { get; }

    /// <summary>The table entries of the subclass; the shared ones follow.</summary>
    private protected virtual ParamTable OwnConstraints => [];

    /// <inheritdoc/>
    protected override ParamTable Constraints
    {
        get
        {
            var t = OwnConstraints;
            t.Add(nameof(SamplingStrategy), Is.Real(0, 1, minOpen: true).OrNull());
            t.Add(nameof(RandomState), Is.Int(0).OrNull());
            return t;
        }
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var yi = classes.Encode(y, x.Shape[0], GetType().Name);
        int k = classes.Labels.Length;
        var n = new long[k];
        foreach (int c in yi) n[c]++;
        counts = new long[k];
        Array.Fill(counts, -1L);
        if (SamplingStrategy is double a)
        {
            if (k != 2)
                throw new ArgumentException($"{GetType().Name}.Fit: a numeric SamplingStrategy is for two classes only; y has {k}");
            int minority = n[0] <= n[1] ? 0 : 1, majority = 1 - minority;
            if (OverSampling)
            {
                long add = (long)Math.Floor(a * n[majority]) - n[minority];
                if (add < 0)
                    throw new ArgumentException($"{GetType().Name}.Fit: SamplingStrategy {a} asks for {(long)Math.Floor(a * n[majority])} minority rows, fewer than the {n[minority]} there are; an over-sampler only adds rows");
                counts[minority] = add;
            }
            else
            {
                long keep = (long)Math.Floor(n[minority] / a);
                if (keep > n[majority])
                    throw new ArgumentException($"{GetType().Name}.Fit: SamplingStrategy {a} asks to keep {keep} majority rows, more than the {n[majority]} there are; an under-sampler only removes rows");
                counts[majority] = keep;
            }
            return;
        }
        // "auto": imbalanced-learn takes the first class of largest (smallest) count as the majority (minority)
        int major = Array.IndexOf(n, n.Max()), minor = Array.IndexOf(n, n.Min());
        for (int c = 0; c < k; c++)
        {
            if (OverSampling && c != major) counts[c] = n[major] - n[c];
            if (!OverSampling && c != minor) counts[c] = n[minor];
        }
    }

    /// <summary>
    /// Fits on (X, y) and returns the resampled rows (<c>fit_resample</c>): over-samplers return the original rows in
    /// order followed by the new rows of each class in class order; under-samplers the kept rows grouped by class in
    /// class order (imbalanced-learn's orders).
    /// </summary>
    public (Tensor X, Tensor Y) FitResample(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        Fit(x, y);
        var xm = AsMatrix(x, "X");
        var yi = Input.Encode(Input.Labels(y, xm.Shape[0], GetType().Name)).Index;
        var rng = new Generator(RandomState is int s ? (ulong)s : Generator.Default.NextUInt64());
        var (rows, labels) = Resample(Input.Raw(xm), xm.Shape[0], xm.Shape[1], yi, counts, rng);
        var lab = classes.Labels;
        return (Input.Matrix(rows, labels.Length, xm.Shape[1]), Tensor.FromArray(labels.Select(c => lab[c]).ToArray(), [labels.Length]));
    }

    /// <summary>The draws: rows of X [n, p] (row-major) with class indices <paramref name="y"/>, given the learned
    /// <paramref name="counts"/>; returns the new X (row-major) and the class index of each of its rows.</summary>
    private protected abstract (double[] X, int[] Y) Resample(double[] x, int n, int p, int[] y, long[] counts, Generator rng);

    /// <summary>The rows of class <paramref name="c"/>, in order.</summary>
    private protected static int[] RowsOf(int[] y, int c) => Enumerable.Range(0, y.Length).Where(i => y[i] == c).ToArray();

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        classes.Save(state);
        state.Set("sampling_counts", Tensor.FromArray(counts, [counts.Length]));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        classes.Load(state, GetType().Name, 2);
        counts = state.GetLongs("sampling_counts", classes.Labels.Length, -1);
    }
}
