namespace Glassbox.NN;

public static partial class F
{
    /// <summary>Shape [1, C, 1, …] that broadcasts a per-class vector along the class dimension (1, or 0 for unbatched input).</summary>
    private static int[] ClassShape(Tensor input, int classDim)
    {
        var s = Enumerable.Repeat(1, input.NDim).ToArray();
        s[classDim] = input.Shape[classDim];
        return s;
    }

    /// <summary>
    /// Negative log-likelihood of class-index targets given log-probabilities (<c>F.nll_loss</c>).
    /// input: [N, C] or [N, C, d₁, …] (or [C]); target: int64 [N] or [N, d₁, …] with values in [0, C) or
    /// <paramref name="ignoreIndex"/>. Per element: ℓᵢ = −w_{tᵢ}·input[i, tᵢ], 0 where tᵢ = ignoreIndex.
    /// "mean" is the <i>weighted</i> mean Σℓᵢ / Σ w_{tᵢ} over non-ignored elements (PyTorch's definition).
    /// </summary>
    /// <remarks>The pick input[i, tᵢ] is a gather along the class dimension; ignored targets gather class 0
    /// and are then zeroed by the keep mask, which also zeroes their weight.</remarks>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean)
    {
        var (loss, w) = NllTerms(input, target, weight, ignoreIndex, "nll_loss");
        return reduction switch
        {
            Reduction.None => loss,
            Reduction.Sum => loss.Sum(),
            Reduction.Mean => loss.Sum() / w.Sum(),
            _ => throw new ArgumentException($"nll_loss: reduction must be 'none', 'mean' or 'sum', got '{reduction.TorchName()}'"),
        };
    }

    /// <summary>Per-element NLL and the per-element target weight w_{tᵢ} (0 for ignored elements).</summary>
    private static (Tensor Loss, Tensor Weight) NllTerms(Tensor logp, Tensor target, Tensor? weight, long ignoreIndex, string op)
    {
        if (target.DType != DType.Int64) throw new ArgumentException($"{op}: class-index targets must be int64, got {target.DType.TorchName()}");
        int classDim = logp.NDim == 1 ? 0 : 1;
        int c = logp.Shape[classDim];
        var expected = logp.ShapeArray.Where((_, i) => i != classDim).ToArray();
        if (!ShapeUtil.SameShape(target.ShapeArray, expected))
            throw new ArgumentException($"{op}: target shape {ShapeUtil.Format(target.ShapeArray)} does not match input shape {ShapeUtil.Format(logp.ShapeArray)} (expected {ShapeUtil.Format(expected)})");
        if (weight is not null && (weight.NDim != 1 || weight.Shape[0] != c))
            throw new ArgumentException($"{op}: weight must have shape [{c}], got {ShapeUtil.Format(weight.ShapeArray)}");
        foreach (var t in target.ToArray<long>())
            if (t != ignoreIndex && (t < 0 || t >= c))
                throw new ArgumentOutOfRangeException(nameof(target), $"{op}: target {t} is out of bounds for {c} classes (ignoreIndex {ignoreIndex})");
        var keep = target.Ne(ignoreIndex);
        var safe = Tensor.Where(keep, target, 0.0);
        var picked = logp.Gather(classDim, safe.Unsqueeze(classDim)).Squeeze(classDim);
        var w = keep.To(logp.DType);
        if (weight is not null) w = w * weight.To(logp.DType).IndexSelect(0, safe.Flatten()).Reshape(target.ShapeToArray());
        return (-(picked * w), w);
    }

    /// <summary>
    /// Cross entropy between logits and targets (<c>F.cross_entropy</c>), computed from log_softmax for stability.
    /// </summary>
    /// <remarks>
    /// <para><b>Class-index targets</b> (int64): (1 − ε)·NLL + (ε/C)·S, where S_i = −Σ_c w_c·log p_{i,c} (0 for
    /// ignored elements). With "mean", both parts are divided by Σ w_{tᵢ} over non-ignored elements (or their
    /// count without weights), exactly as PyTorch 1.13.</para>
    /// <para><b>Probability targets</b> (float, same shape as input): the target is smoothed to
    /// (1 − ε)·y + ε/C, then ℓᵢ = −Σ_c w_c·y_{i,c}·log p_{i,c}; "mean" divides by the number of samples
    /// (N·d₁·…), not by the weights.</para>
    /// </remarks>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean, double labelSmoothing = 0.0)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"cross_entropy: labelSmoothing must be in [0, 1], got {labelSmoothing}");
        if (reduction is not (Reduction.None or Reduction.Mean or Reduction.Sum))
            throw new ArgumentException($"cross_entropy: reduction must be 'none', 'mean' or 'sum', got '{reduction.TorchName()}'");
        int classDim = input.NDim == 1 ? 0 : 1;
        int c = input.Shape[classDim];
        var logp = input.LogSoftmax(classDim);
        var wB = weight?.To(input.DType).Reshape(ClassShape(input, classDim));

        if (target.DType.IsFloatingPoint())
        {
            if (!ShapeUtil.SameShape(input.ShapeArray, target.ShapeArray))
                throw new ArgumentException($"cross_entropy: probability targets must have the input's shape {ShapeUtil.Format(input.ShapeArray)}, got {ShapeUtil.Format(target.ShapeArray)}");
            var y = labelSmoothing > 0 ? target * (1 - labelSmoothing) + labelSmoothing / c : target;
            var lp = wB is null ? logp : logp * wB;
            var loss = -(lp * y).Sum(classDim);
            return reduction switch
            {
                Reduction.None => loss,
                Reduction.Sum => loss.Sum(),
                _ => loss.Sum() / (input.Numel / c),
            };
        }

        var (nll, wt) = NllTerms(logp, target, weight, ignoreIndex, "cross_entropy");
        Tensor Reduced(Tensor per) => reduction switch { Reduction.None => per, Reduction.Sum => per.Sum(), _ => per.Sum() / wt.Sum() };
        if (labelSmoothing == 0) return Reduced(nll);
        var keep = target.Ne(ignoreIndex).To(input.DType);
        var smooth = -(wB is null ? logp : logp * wB).Sum(classDim) * keep;
        // Without class weights wt is 1 per kept element, so Σwt is the count PyTorch divides by.
        return (1 - labelSmoothing) * Reduced(nll) + Reduced(smooth) * (labelSmoothing / c);
    }

    /// <summary>
    /// Binary cross entropy of probabilities (<c>F.binary_cross_entropy</c>):
    /// ℓ = −w·(y·log x + (1 − y)·log(1 − x)), each log clamped at −100 as PyTorch does so that x ∈ {0, 1} stays finite.
    /// </summary>
    /// <remarks>
    /// The input must be probabilities: an element outside [0, 1] (or NaN) throws, with PyTorch's message, rather than
    /// turning the loss into NaN — usually it means logits were passed where probabilities belong (use
    /// <see cref="BinaryCrossEntropyWithLogits"/>). Targets are not checked, as in PyTorch 1.13: soft or out-of-range
    /// targets give the formula's (finite) value, which is the caller's responsibility.
    /// </remarks>
    /// <exception cref="ArgumentException">An input element outside [0, 1] or NaN.</exception>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        SameShape(input, target, "binary_cross_entropy");
        var x = input.Detach();
        if (!x.Ge(0.0).LogicalAnd(x.Le(1.0)).All())
            throw new ArgumentException("binary_cross_entropy: all elements of input should be between 0 and 1");
        var logx = input.Log().Clamp(-100, null);
        var log1mx = (1.0 - input).Log().Clamp(-100, null);
        var loss = -(target * logx + (1.0 - target) * log1mx);
        if (weight is not null) loss = loss * weight;
        return Reduce(loss, reduction, "binary_cross_entropy");
    }

    /// <summary>
    /// Binary cross entropy on logits (<c>F.binary_cross_entropy_with_logits</c>), in the overflow-free form
    /// ℓ = (1 − y)·x + l·(log(1 + e^{−|x|}) + max(−x, 0)), with l = 1 + (pos_weight − 1)·y
    /// (l = 1 without pos_weight, where it equals max(x, 0) − x·y + log(1 + e^{−|x|})). pos_weight broadcasts
    /// along the last (class) dimension and up-weights positives; weight multiplies the result.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, Tensor? posWeight = null, Reduction reduction = Reduction.Mean)
    {
        SameShape(input, target, "binary_cross_entropy_with_logits");
        // softplus(−x) = max(−x, 0) + log(1 + e^{−|x|}) as one op: its derivative −σ(−x) is right at x = 0 too, where
        // composing Abs and Relu would take both one-sided slopes as 0 and give ∂ℓ/∂x = 1 − y instead of σ(0) − y.
        // The infinite threshold keeps the exact formula for large x (PyTorch's softplus would return x itself).
        var softplusNeg = (-input).Softplus(1, double.PositiveInfinity);
        var l = posWeight is null ? softplusNeg : (1.0 + (posWeight - 1.0) * target) * softplusNeg;
        var loss = (1.0 - target) * input + l;
        if (weight is not null) loss = loss * weight;
        return Reduce(loss, reduction, "binary_cross_entropy_with_logits");
    }

    /// <summary>
    /// Kullback–Leibler divergence KL(target ‖ input) with <paramref name="input"/> given as log-probabilities
    /// (<c>F.kl_div</c>): pointwise y·(log y − x), taken as 0 where y = 0 (or e^y·(y − x) when
    /// <paramref name="logTarget"/>). "batchmean" divides the sum by the batch size input.Size(0) — the
    /// mathematically correct KL; "mean" divides by the element count, as PyTorch (with its warning) does.
    /// </summary>
    public static Tensor KlDiv(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool logTarget = false)
    {
        SameShape(input, target, "kl_div");
        Tensor loss;
        if (logTarget) loss = target.Exp() * (target - input);
        else
        {
            var pos = target.Gt(0.0);
            var safe = Tensor.Where(pos, target, 1.0);
            loss = Tensor.Where(pos, target * safe.Log(), 0.0) - target * input;
        }
        if (reduction == Reduction.BatchMean) return input.NDim == 0 ? loss.Sum() : loss.Sum() / input.Shape[0];
        return Reduce(loss, reduction, "kl_div");
    }
}
