namespace Glassbox;

// Random creation and sampling. Every op draws from `generator ?? Generator.Default`, one draw (or one
// normal) per output element in row-major order, so a generator seeded with the same value gives the same
// tensor on every run and machine. The streams are Glassbox's own (xoshiro256**, see Generator), not
// PyTorch's. None of these ops is differentiable: their outputs are fresh leaves.
public sealed partial class Tensor
{
    private static void RequireFloatDType(DType dtype, string op)
    {
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"{op}: dtype must be float32 or float64, got {dtype.TorchName()}");
    }

    /// <summary>
    /// Uniform samples on [0, 1) (<c>torch.rand</c>). Float32 uses 24 random bits per element
    /// (<see cref="Generator.NextFloat"/>), float64 53 bits (<see cref="Generator.NextDouble"/>); both are
    /// multiples of 2⁻²⁴ / 2⁻⁵³ and never equal 1. Mean 1/2, variance 1/12.
    /// </summary>
    public static Tensor Rand(int[] shape, DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        RequireFloatDType(dtype, "rand");
        var gen = generator ?? Generator.Default;
        var t = new Tensor((int[])shape.Clone(), dtype);
        if (dtype == DType.Float32) { var s = t.Span<float>(); for (int i = 0; i < s.Length; i++) s[i] = gen.NextFloat(); }
        else { var s = t.Span<double>(); for (int i = 0; i < s.Length; i++) s[i] = gen.NextDouble(); }
        return t;
    }

    /// <summary>Float32 uniform samples on [0, 1) from the default generator (<c>torch.rand(*size)</c>).</summary>
    public static Tensor Rand(params int[] shape) => Rand(shape, DType.Float32, null);

    /// <summary>
    /// Standard normal samples, mean 0 and variance 1 (<c>torch.randn</c>), by Box–Muller
    /// (<see cref="Generator.NextNormal"/>: two uniforms give two normals; the spare is kept in the
    /// generator, so an odd count leaves it for the next call). Float32 rounds the float64 sample.
    /// </summary>
    public static Tensor Randn(int[] shape, DType dtype = DType.Float32, Generator? generator = null) =>
        Normal(shape, 0.0, 1.0, dtype, generator, "randn");

    /// <summary>Float32 standard normal samples from the default generator (<c>torch.randn(*size)</c>).</summary>
    public static Tensor Randn(params int[] shape) => Randn(shape, DType.Float32, null);

    /// <summary>
    /// Uniform samples on [low, high) (<c>torch.empty(shape).uniform_(low, high)</c>): low + (high − low)·u
    /// with u from <see cref="Rand(int[], DType, Generator?)"/>'s stream (u drawn in float64).
    /// </summary>
    /// <remarks>Rounding to float32 could land exactly on <paramref name="high"/>; such values are moved one ulp down so the interval stays half-open.</remarks>
    public static Tensor Uniform(int[] shape, double low, double high, DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        RequireFloatDType(dtype, "uniform");
        if (!(low <= high) || double.IsInfinity(high - low))
            throw new ArgumentOutOfRangeException(nameof(low), $"uniform: expects low <= high with a finite range, got low={low}, high={high}");
        var gen = generator ?? Generator.Default;
        var t = new Tensor((int[])shape.Clone(), dtype);
        double w = high - low;
        if (dtype == DType.Float32)
        {
            var s = t.Span<float>();
            float hi = (float)high;
            for (int i = 0; i < s.Length; i++)
            {
                float v = (float)(low + w * gen.NextDouble());
                s[i] = v >= hi && w > 0 ? MathF.BitDecrement(hi) : v;
            }
        }
        else
        {
            var s = t.Span<double>();
            for (int i = 0; i < s.Length; i++) { double v = low + w * gen.NextDouble(); s[i] = v >= high && w > 0 ? Math.BitDecrement(high) : v; }
        }
        return t;
    }

    /// <summary>
    /// Normal samples with the given mean and standard deviation (<c>torch.normal(mean, std, size)</c>):
    /// mean + std·z with z standard normal (Box–Muller).
    /// </summary>
    public static Tensor Normal(int[] shape, double mean, double std, DType dtype = DType.Float32, Generator? generator = null) =>
        Normal(shape, mean, std, dtype, generator, "normal");

    private static Tensor Normal(int[] shape, double mean, double std, DType dtype, Generator? generator, string op)
    {
        ArgumentNullException.ThrowIfNull(shape);
        RequireFloatDType(dtype, op);
        if (!(std >= 0)) throw new ArgumentOutOfRangeException(nameof(std), $"{op}: std must be non-negative, got {std}");
        var gen = generator ?? Generator.Default;
        var t = new Tensor((int[])shape.Clone(), dtype);
        if (dtype == DType.Float32) { var s = t.Span<float>(); for (int i = 0; i < s.Length; i++) s[i] = (float)(mean + std * gen.NextNormal()); }
        else { var s = t.Span<double>(); for (int i = 0; i < s.Length; i++) s[i] = mean + std * gen.NextNormal(); }
        return t;
    }

    /// <summary>
    /// Uniform random integers in [low, high) as int64 (<c>torch.randint(low, high, size)</c>), without
    /// modulo bias (<see cref="Generator.NextLong"/> rejects the biased tail).
    /// </summary>
    public static Tensor Randint(long low, long high, int[] shape, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (low >= high) throw new ArgumentOutOfRangeException(nameof(high), $"randint: expects low < high, got low={low}, high={high}");
        long range;
        try { range = checked(high - low); }
        catch (OverflowException) { throw new ArgumentOutOfRangeException(nameof(high), $"randint: range high - low = {high} - {low} does not fit in int64"); }
        var gen = generator ?? Generator.Default;
        var t = new Tensor((int[])shape.Clone(), DType.Int64);
        var s = t.Span<long>();
        for (int i = 0; i < s.Length; i++) s[i] = low + gen.NextLong(range);
        return t;
    }

    /// <summary>
    /// Independent Bernoulli draws (<c>torch.bernoulli</c>): y_i = 1 with probability p_i, else 0, in the
    /// dtype and shape of <paramref name="p"/> (computed as [u_i &lt; p_i] with u_i uniform on [0, 1)).
    /// </summary>
    /// <exception cref="ArgumentException">p is not floating point or has a value outside [0, 1].</exception>
    public static Tensor Bernoulli(Tensor p, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (!p.DType.IsFloatingPoint()) throw new ArgumentException($"bernoulli: p must be a floating-point tensor, got {p.DType.TorchName()}");
        var probs = p.ToDoubleArray();
        foreach (var v in probs)
            if (!(v >= 0 && v <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"bernoulli: expected all probabilities in [0, 1], got {v}");
        var gen = generator ?? Generator.Default;
        var t = new Tensor((int[])p.shape.Clone(), p.DType);
        for (int i = 0; i < probs.Length; i++) t.SetFlat(i, gen.NextDouble() < probs[i] ? 1 : 0);
        return t;
    }

    /// <summary>
    /// Draws category indices from each row of non-negative weights (<c>torch.multinomial</c>). Weights need
    /// not sum to 1; category c is drawn with probability w_c / Σw.
    /// </summary>
    /// <param name="probs">1-D [K] or 2-D [rows, K] non-negative, finite weights; each row must have a positive sum.</param>
    /// <param name="numSamples">Draws per row.</param>
    /// <param name="replacement">With replacement, draws are independent. Without, a drawn category is removed
    /// and the rest renormalised (sequential sampling), so a row needs at least <paramref name="numSamples"/>
    /// categories of non-zero weight.</param>
    /// <param name="generator">Source of randomness; <see cref="Generator.Default"/> when null.</param>
    /// <returns>int64 of shape [numSamples] or [rows, numSamples].</returns>
    /// <remarks>
    /// Each draw is inverse-CDF sampling: u·Σw with u uniform on [0, 1) is located in the running sums
    /// (binary search with replacement, a linear scan over the remaining weights without), one uniform per draw.
    /// </remarks>
    public static Tensor Multinomial(Tensor probs, int numSamples, bool replacement = false, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(probs);
        if (probs.NDim is not (1 or 2)) throw new ArgumentException($"multinomial: probs must be 1-D or 2-D, got shape {ShapeUtil.Format(probs.shape)}");
        if (!probs.DType.IsFloatingPoint()) throw new ArgumentException($"multinomial: probs must be floating point, got {probs.DType.TorchName()}");
        if (numSamples <= 0) throw new ArgumentOutOfRangeException(nameof(numSamples), $"multinomial: numSamples must be positive, got {numSamples}");
        int rows = probs.NDim == 1 ? 1 : probs.shape[0], k = probs.shape[^1];
        if (k == 0) throw new ArgumentException($"multinomial: probs has no categories (shape {ShapeUtil.Format(probs.shape)})");
        var w = probs.ToDoubleArray();
        var gen = generator ?? Generator.Default;
        var y = new Tensor(probs.NDim == 1 ? [numSamples] : [rows, numSamples], DType.Int64);
        var ys = y.Span<long>();
        var cum = new double[k];
        for (int r = 0; r < rows; r++)
        {
            var row = w.AsSpan(r * k, k);
            int nonZero = 0;
            double total = 0;
            foreach (var v in row)
            {
                if (!(v >= 0) || double.IsInfinity(v)) throw new ArgumentOutOfRangeException(nameof(probs), $"multinomial: weights must be finite and non-negative, got {v} in row {r}");
                if (v > 0) nonZero++;
                total += v;
            }
            if (total <= 0) throw new ArgumentException($"multinomial: row {r} has zero total weight");
            if (!replacement && numSamples > nonZero)
                throw new ArgumentException($"multinomial: cannot draw {numSamples} samples without replacement from row {r}, which has only {nonZero} non-zero categories");
            var outRow = ys.Slice(r * numSamples, numSamples);
            if (replacement)
            {
                double acc = 0;
                for (int c = 0; c < k; c++) { acc += row[c]; cum[c] = acc; }
                for (int s = 0; s < numSamples; s++) outRow[s] = SearchCumulative(cum, gen.NextDouble() * acc);
            }
            else
            {
                var left = row.ToArray();
                for (int s = 0; s < numSamples; s++)
                {
                    double rest = 0;
                    foreach (var v in left) rest += v;
                    int c = ScanWeights(left, gen.NextDouble() * rest);
                    outRow[s] = c;
                    left[c] = 0;
                }
            }
        }
        return y;
    }

    /// <summary>The first c with cum[c] &gt; target, skipping zero-weight categories (cum[c] == cum[c−1]).</summary>
    private static int SearchCumulative(double[] cum, double target)
    {
        int lo = 0, hi = cum.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (cum[mid] > target) hi = mid; else lo = mid + 1;
        }
        // A zero-weight c has cum[c] = cum[c−1], so the search never stops on one (and target ≥ 0 excludes a
        // leading zero) — except when rounding makes target ≥ cum[^1] and the search falls off the end:
        // then step back to the last category with positive weight.
        while (lo > 0 && cum[lo] == cum[lo - 1]) lo--;
        return lo;
    }

    /// <summary>The category whose weight interval contains target, never a zero-weight one.</summary>
    private static int ScanWeights(double[] weights, double target)
    {
        int last = -1;
        double acc = 0;
        for (int c = 0; c < weights.Length; c++)
        {
            if (weights[c] <= 0) continue;
            acc += weights[c];
            last = c;
            if (target < acc) return c;
        }
        return last; // rounding pushed target past the final sum
    }

    /// <summary>
    /// A uniformly random permutation of 0 … n−1 as int64 (<c>torch.randperm</c>), by the Fisher–Yates
    /// shuffle (Durstenfeld's in-place form): for i = n−1 down to 1, swap a[i] with a[j], j uniform in [0, i].
    /// Each of the n! orders has probability 1/n!.
    /// </summary>
    public static Tensor Randperm(int n, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), $"randperm: n must be non-negative, got {n}");
        var gen = generator ?? Generator.Default;
        var t = new Tensor([n], DType.Int64);
        var a = t.Span<long>();
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)gen.NextLong(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return t;
    }
}
