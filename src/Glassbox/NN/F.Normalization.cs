using Glassbox.Autograd;
using Glassbox.Kernels;

namespace Glassbox.NN;

// Batch, group, instance and layer normalisation, forward and fused backward on the kernels of
// Kernels/NormKernels.cs (the composed Tensor-op formulas they are tested against are in Kernels/NormReference.cs).
public static partial class F
{
    /// <summary>
    /// Batch normalisation (<c>torch.nn.functional.batch_norm</c>) of an [N, C, *] input (rank 2 to 5 and beyond):
    /// y = (x − μ_c)/√(σ²_c + ε)·γ_c + β_c, with one μ, σ² per channel c.
    /// </summary>
    /// <remarks>
    /// <para><b>Training</b>: μ and σ² are the batch statistics over N and every spatial position, with the
    /// <i>biased</i> variance (divide by m = N·∏spatial) — the one that actually normalises this batch. When
    /// <paramref name="runningMean"/>/<paramref name="runningVar"/> are given they are updated in place,
    /// running = (1 − momentum)·running + momentum·stat, with the <i>unbiased</i> variance (divide by m − 1), the
    /// estimate of the population variance used later at eval time. m = 1 throws (a lone value has no spread).</para>
    /// <para><b>Eval</b> (<paramref name="training"/> false): the running statistics are used as constants, so the layer
    /// is a fixed per-channel affine map; both running tensors are then required.</para>
    /// <para>Backward (training): with x̂ = (x − μ)/σ, g = ∂L/∂y and means over the channel's m values,
    /// dx = (γ/σ)·(g − mean(g) − x̂·mean(g·x̂)), dγ = Σ g·x̂, dβ = Σ g. In eval dx = (γ/σ)·g. Parallel over channels.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Rank below 2, a parameter or running tensor not of shape [C] or not of the
    /// input's dtype, one value per channel in training, or missing running statistics in eval.</exception>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        const string op = "batch_norm";
        var (n, c, s) = NCS(input, op);
        CheckChannelVector(input, weight, c, "weight", op);
        CheckChannelVector(input, bias, c, "bias", op);
        CheckChannelVector(input, runningMean, c, "running_mean", op);
        CheckChannelVector(input, runningVar, c, "running_var", op);
        if ((runningMean is null) != (runningVar is null))
            throw new ArgumentException($"{op}: running_mean and running_var must both be given or both be null");
        if (!training && runningMean is null)
            throw new ArgumentException($"{op}: running_mean and running_var must be defined in evaluation mode (training = false)");
        long m = (long)n * s;
        if (training && m == 1)
            throw new ArgumentException($"{op}: expected more than 1 value per channel when training, got input shape {ShapeUtil.Format(input.ShapeArray)}");

        var mean = new double[c];
        var invstd = new double[c];
        var x = input.ContiguousRaw();
        if (training)
        {
            var var = new double[c];
            RunMoments(x, n, c, s, mean, var);
            for (int ch = 0; ch < c; ch++) invstd[ch] = 1.0 / Math.Sqrt(var[ch] + eps);
            // An empty batch (m = 0) has NaN statistics; PyTorch leaves the running averages alone then, and so do we.
            if (runningMean is not null && m > 0)
            {
                var unbiased = new double[c];
                for (int ch = 0; ch < c; ch++) unbiased[ch] = var[ch] * m / (m - 1);
                UpdateRunning(runningMean, mean, momentum);
                UpdateRunning(runningVar!, unbiased, momentum);
            }
        }
        else
        {
            var rm = runningMean!.ToDoubleArray();
            var rv = runningVar!.ToDoubleArray();
            for (int ch = 0; ch < c; ch++) { mean[ch] = rm[ch]; invstd[ch] = 1.0 / Math.Sqrt(rv[ch] + eps); }
        }

        var gamma = weight?.ToDoubleArray();
        var beta = bias?.ToDoubleArray();
        var scale = new double[c];
        var shift = new double[c];
        for (int ch = 0; ch < c; ch++)
        {
            scale[ch] = (gamma?[ch] ?? 1.0) * invstd[ch];
            shift[ch] = (beta?[ch] ?? 0.0) - mean[ch] * scale[ch];
        }
        var y = new Tensor(input.ShapeToArray(), input.DType);
        RunAffine(x, y, n, c, s, scale, shift);

        var inputs = ParamInputs(input, weight, bias);
        bool wantX = input.RequiresGrad;
        return Tensor.Record(y, op, inputs, g =>
        {
            var gc = g.To(x.DType).ContiguousRaw();
            var sumG = new double[c];
            var sumGX = new double[c];
            RunGradSums(gc, x, n, c, s, mean, sumG, sumGX);
            Tensor? dx = null;
            if (wantX)
            {
                dx = new Tensor(x.ShapeToArray(), x.DType);
                var gam = new double[c];
                if (training)
                {
                    var bet = new double[c];
                    for (int ch = 0; ch < c; ch++)
                    {
                        // dx = α·(g − Σg/m − (x − μ)·invstd²·Σg(x − μ)/m), α = γ·invstd, written as α·g + β·(x − μ) + γ'.
                        bet[ch] = -scale[ch] * invstd[ch] * invstd[ch] * sumGX[ch] / m;
                        gam[ch] = -scale[ch] * sumG[ch] / m;
                    }
                    RunBackward(gc, x, dx, n, c, s, scale, bet, gam, mean);
                }
                else RunBackward(gc, x, dx, n, c, s, scale, null, gam, mean);
            }
            var dw = new double[c];
            for (int ch = 0; ch < c; ch++) dw[ch] = sumGX[ch] * invstd[ch];
            return ParamGrads(dx, weight, dw, bias, sumG);
        }, g => Glassbox.Autograd.Autograd.RecomputedBackward(inputs, g, t => ComposedNorm(t[0], weight is null ? null : t[1], bias is null ? null : t[^1],
            training ? null : (mean, invstd), 1, overBatch: true, eps)), SavedOf(x, weight));
    }

    /// <summary>
    /// Batch, group and instance norm composed from differentiable ops — the graph form of their fused backward, whose
    /// saved statistics are constants. Batch norm (<paramref name="overBatch"/>) normalises each channel over every
    /// dimension but 1; group norm views [N, C, *] as [N, G, (C/G)·S] and normalises over the last axis;
    /// <paramref name="fixedStats"/> (eval-mode batch norm) replaces the statistics by the given per-channel constants.
    /// The affine is per channel.
    /// </summary>
    private static Tensor ComposedNorm(Tensor x, Tensor? weight, Tensor? bias, (double[] Mean, double[] Invstd)? fixedStats, int groups, bool overBatch, double eps)
    {
        int n = x.Shape[0], c = x.Shape[1];
        var shape = x.ShapeToArray();
        var bshape = Enumerable.Repeat(1, x.NDim).ToArray();
        bshape[1] = c;
        Tensor y;
        if (fixedStats is { } st)
            y = (x - Tensor.FromArray(st.Mean, bshape).To(x.DType)) * Tensor.FromArray(st.Invstd, bshape).To(x.DType);
        else if (overBatch)
        {
            var dims = Enumerable.Range(0, x.NDim).Where(d => d != 1).ToArray();
            var xc = x - x.Mean(dims, keepDim: true);
            y = xc * ((xc * xc).Mean(dims, keepDim: true) + eps).Rsqrt();
        }
        else
        {
            var xg = x.Reshape(n, groups, -1);
            var xc = xg - xg.Mean(2, keepDim: true);
            y = (xc * ((xc * xc).Mean(2, keepDim: true) + eps).Rsqrt()).Reshape(shape);
        }
        if (weight is not null) y = y * weight.Reshape(bshape);
        return bias is null ? y : y + bias.Reshape(bshape);
    }

    /// <summary>
    /// Group normalisation (Wu &amp; He, 2018; <c>torch.nn.functional.group_norm</c>) of an [N, C, *] input: the C
    /// channels are split into <paramref name="numGroups"/> consecutive groups, and each (sample, group) is
    /// normalised by its own mean and biased variance over its C/G channels and every spatial position; then the
    /// per-channel affine γ_c, β_c is applied. No running statistics: training and eval are the same.
    /// </summary>
    /// <remarks>Backward per (sample, group), with h = γ_c·g and means over the group's M = (C/G)·∏spatial values:
    /// dx = invstd·(h − mean(h) − x̂·mean(h·x̂)); dγ_c = Σ_{n,spatial} g·x̂, dβ_c = Σ g.</remarks>
    /// <exception cref="ArgumentException">Rank below 2, C not divisible by the group count, or a parameter not of shape [C].</exception>
    public static Tensor GroupNorm(Tensor input, int numGroups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        const string op = "group_norm";
        var (n, c, s) = NCS(input, op);
        if (numGroups <= 0 || c % numGroups != 0)
            throw new ArgumentException($"{op}: expected number of channels in input to be divisible by num_groups, but got input of shape {ShapeUtil.Format(input.ShapeArray)} and num_groups={numGroups}");
        CheckChannelVector(input, weight, c, "weight", op);
        CheckChannelVector(input, bias, c, "bias", op);
        return GroupNormCore(input, numGroups, weight, bias, eps, op, null);
    }

    /// <summary>
    /// Instance normalisation (Ulyanov et al., 2016; <c>torch.nn.functional.instance_norm</c>) of an [N, C, *] input:
    /// each (sample, channel) is normalised by its own spatial mean and biased variance, then the optional per-channel
    /// affine is applied. With <paramref name="useInputStats"/> false the running statistics are used instead (exactly
    /// eval-mode <see cref="BatchNorm"/>).
    /// </summary>
    /// <remarks>With input statistics and running tensors given, these are updated as PyTorch does: the per-instance
    /// means and <i>unbiased</i> variances are averaged over the batch, then blended in with
    /// <paramref name="momentum"/>. A single spatial value per channel throws, as in PyTorch.</remarks>
    /// <exception cref="ArgumentException">Rank below 2, one spatial value with input statistics, a parameter or
    /// running tensor not of shape [C], or missing running statistics without input statistics.</exception>
    public static Tensor InstanceNorm(Tensor input, Tensor? runningMean = null, Tensor? runningVar = null, Tensor? weight = null, Tensor? bias = null,
        bool useInputStats = true, double momentum = 0.1, double eps = 1e-5)
    {
        const string op = "instance_norm";
        var (n, c, s) = NCS(input, op);
        if (!useInputStats) return BatchNorm(input, runningMean, runningVar, weight, bias, training: false, momentum, eps);
        if (s == 1)
            throw new ArgumentException($"{op}: expected more than 1 spatial element when training, got input shape {ShapeUtil.Format(input.ShapeArray)}");
        CheckChannelVector(input, weight, c, "weight", op);
        CheckChannelVector(input, bias, c, "bias", op);
        CheckChannelVector(input, runningMean, c, "running_mean", op);
        CheckChannelVector(input, runningVar, c, "running_var", op);
        if ((runningMean is null) != (runningVar is null))
            throw new ArgumentException($"{op}: running_mean and running_var must both be given or both be null");
        Action<double[], double[]>? update = null;
        if (runningMean is not null && n > 0)
            update = (mean, var) =>
            {
                // mean/var are per (n, c), biased; average over the batch, the variance made unbiased first.
                var bm = new double[c];
                var bv = new double[c];
                for (int k = 0; k < n; k++)
                    for (int ch = 0; ch < c; ch++) { bm[ch] += mean[k * c + ch] / n; bv[ch] += var[k * c + ch] * s / (s - 1) / n; }
                UpdateRunning(runningMean, bm, momentum);
                UpdateRunning(runningVar!, bv, momentum);
            };
        return GroupNormCore(input, c, weight, bias, eps, op, update);
    }

    /// <summary>
    /// Shared forward/backward of group and instance norm. Statistics run on the [1, N·G, (C/G)·S] view, the affine
    /// and the backward map on [1, N·C, S] with per-(sample, channel) coefficients, the gradient sums for γ/β per
    /// (sample, channel) and then reduced over N.
    /// </summary>
    private static Tensor GroupNormCore(Tensor input, int groups, Tensor? weight, Tensor? bias, double eps, string op, Action<double[], double[]>? onStats)
    {
        var (n, c, s) = NCS(input, op);
        int cpg = c / groups;
        int ng = n * groups, nc = n * c;
        long groupSize = (long)cpg * s;
        var x = input.ContiguousRaw();
        var mean = new double[ng];
        var var = new double[ng];
        RunMoments(x, 1, ng, cpg * s, mean, var);
        onStats?.Invoke(mean, var);
        var invstd = new double[ng];
        for (int i = 0; i < ng; i++) invstd[i] = 1.0 / Math.Sqrt(var[i] + eps);

        var gamma = weight?.ToDoubleArray();
        var beta = bias?.ToDoubleArray();
        var scale = new double[nc];
        var shift = new double[nc];
        var meanNC = new double[nc];
        for (int k = 0; k < n; k++)
            for (int ch = 0; ch < c; ch++)
            {
                int i = k * c + ch, gi = k * groups + ch / cpg;
                meanNC[i] = mean[gi];
                scale[i] = (gamma?[ch] ?? 1.0) * invstd[gi];
                shift[i] = (beta?[ch] ?? 0.0) - mean[gi] * scale[i];
            }
        var y = new Tensor(input.ShapeToArray(), input.DType);
        RunAffine(x, y, 1, nc, s, scale, shift);

        bool wantX = input.RequiresGrad;
        return Tensor.Record(y, op, ParamInputs(input, weight, bias), g =>
        {
            var gc = g.To(x.DType).ContiguousRaw();
            var sumG = new double[nc];
            var sumGX = new double[nc];
            RunGradSums(gc, x, 1, nc, s, meanNC, sumG, sumGX);
            Tensor? dx = null;
            if (wantX)
            {
                dx = new Tensor(x.ShapeToArray(), x.DType);
                var bet = new double[nc];
                var gam = new double[nc];
                for (int gi = 0; gi < ng; gi++)
                {
                    int k = gi / groups, first = k * c + (gi % groups) * cpg;
                    double sh = 0, shx = 0;
                    for (int j = 0; j < cpg; j++)
                    {
                        double w = gamma?[(gi % groups) * cpg + j] ?? 1.0;
                        sh += w * sumG[first + j];
                        shx += w * sumGX[first + j];
                    }
                    double b = -invstd[gi] * invstd[gi] * invstd[gi] * shx / groupSize, cc = -invstd[gi] * sh / groupSize;
                    for (int j = 0; j < cpg; j++) { bet[first + j] = b; gam[first + j] = cc; }
                }
                RunBackward(gc, x, dx, 1, nc, s, scale, bet, gam, meanNC);
            }
            var dw = new double[c];
            var db = new double[c];
            for (int k = 0; k < n; k++)
                for (int ch = 0; ch < c; ch++)
                {
                    int i = k * c + ch;
                    dw[ch] += sumGX[i] * invstd[k * groups + ch / cpg];
                    db[ch] += sumG[i];
                }
            return ParamGrads(dx, weight, dw, bias, db);
        }, g => Glassbox.Autograd.Autograd.RecomputedBackward(ParamInputs(input, weight, bias), g,
            t => ComposedNorm(t[0], weight is null ? null : t[1], bias is null ? null : t[^1], null, groups, overBatch: false, eps)), SavedOf(x, weight));
    }

    /// <summary>
    /// Layer normalisation (Ba, Kiros &amp; Hinton, 2016; <c>torch.nn.functional.layer_norm</c>): each sample is normalised
    /// over its trailing dimensions <paramref name="normalizedShape"/> by its own mean and biased variance, then the
    /// elementwise affine γ, β (each of shape normalizedShape) is applied. Training and eval are the same.
    /// </summary>
    /// <remarks>The input is viewed as [R, D], D = ∏normalizedShape, one row per sample (and per leading position).
    /// Backward per row, with h = γ·g and means over the row's D values: dx = invstd·(h − mean(h) − x̂·mean(h·x̂));
    /// dγ = Σ_rows g·x̂, dβ = Σ_rows g. Rows run in parallel; the parameter gradients in parallel over columns.</remarks>
    /// <exception cref="ArgumentException">normalizedShape empty or not the input's trailing shape, or a parameter not
    /// of shape normalizedShape or not of the input's dtype.</exception>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        const string op = "layer_norm";
        input.RequireFloat(op);
        int k = normalizedShape.Length;
        if (k == 0 || input.NDim < k || !input.ShapeArray[^k..].SequenceEqual(normalizedShape))
            throw new ArgumentException($"{op}: expected input with shape [*, {string.Join(", ", normalizedShape)}], got {ShapeUtil.Format(input.ShapeArray)}");
        foreach (var (t, name) in new[] { (weight, "weight"), (bias, "bias") })
        {
            if (t is null) continue;
            if (!t.ShapeArray.SequenceEqual(normalizedShape))
                throw new ArgumentException($"{op}: {name} must have shape {ShapeUtil.Format(normalizedShape)} for input of shape {ShapeUtil.Format(input.ShapeArray)}, got {ShapeUtil.Format(t.ShapeArray)}");
            if (t.DType != input.DType)
                throw new ArgumentException($"{op}: {name} has dtype {t.DType.TorchName()} but the input is {input.DType.TorchName()}");
        }
        int d = ShapeUtil.Numel(normalizedShape);
        int rows = d == 0 ? 0 : input.Numel / d;
        var x = input.ContiguousRaw();
        var w = weight?.ContiguousRaw();
        var b = bias?.ContiguousRaw();
        var mean = new double[rows];
        var invstd = new double[rows];
        RunMoments(x, 1, rows, d, mean, invstd);
        for (int r = 0; r < rows; r++) invstd[r] = 1.0 / Math.Sqrt(invstd[r] + eps);
        var y = new Tensor(input.ShapeToArray(), input.DType);
        int grain = Math.Max(1, Par.ElementwiseGrain / Math.Max(1, d));
        if (x.DType == DType.Float32)
        {
            var (xd, yd, wd, bd) = (x.Data<float>(), y.Data<float>(), Elements<float>(w), Elements<float>(b));
            Par.For(rows, grain, (r0, n) => NormKernels.LayerNormAffine<float>(xd.AsSpan(x.Offset, x.Numel), yd.AsSpan(0, x.Numel), d, r0, r0 + n, mean, invstd, wd.Span, bd.Span));
        }
        else
        {
            var (xd, yd, wd, bd) = (x.Data<double>(), y.Data<double>(), Elements<double>(w), Elements<double>(b));
            Par.For(rows, grain, (r0, n) => NormKernels.LayerNormAffine<double>(xd.AsSpan(x.Offset, x.Numel), yd.AsSpan(0, x.Numel), d, r0, r0 + n, mean, invstd, wd.Span, bd.Span));
        }

        bool wantX = input.RequiresGrad, wantW = weight?.RequiresGrad == true, wantB = bias?.RequiresGrad == true;
        return Tensor.Record(y, op, ParamInputs(input, weight, bias), g =>
        {
            var gc = g.To(x.DType).ContiguousRaw();
            Tensor? dx = null;
            if (wantX)
            {
                dx = new Tensor(x.ShapeToArray(), x.DType);
                var sumH = new double[rows];
                var sumHX = new double[rows];
                var alpha = new double[rows];
                var beta = new double[rows];
                var gamma = new double[rows];
                if (x.DType == DType.Float32)
                {
                    var (gd, xd, wd, dd) = (gc.Data<float>(), x.Data<float>(), Elements<float>(w), dx.Data<float>());
                    Par.For(rows, grain, (r0, n) => NormKernels.LayerNormGradSums<float>(gd.AsSpan(gc.Offset, x.Numel), xd.AsSpan(x.Offset, x.Numel), d, r0, r0 + n, mean, wd.Span, sumH, sumHX));
                    Fold();
                    Par.For(rows, grain, (r0, n) => NormKernels.LayerNormBackward<float>(gd.AsSpan(gc.Offset, x.Numel), xd.AsSpan(x.Offset, x.Numel), dd.AsSpan(0, x.Numel), d, r0, r0 + n, wd.Span, alpha, beta, gamma, mean));
                }
                else
                {
                    var (gd, xd, wd, dd) = (gc.Data<double>(), x.Data<double>(), Elements<double>(w), dx.Data<double>());
                    Par.For(rows, grain, (r0, n) => NormKernels.LayerNormGradSums<double>(gd.AsSpan(gc.Offset, x.Numel), xd.AsSpan(x.Offset, x.Numel), d, r0, r0 + n, mean, wd.Span, sumH, sumHX));
                    Fold();
                    Par.For(rows, grain, (r0, n) => NormKernels.LayerNormBackward<double>(gd.AsSpan(gc.Offset, x.Numel), xd.AsSpan(x.Offset, x.Numel), dd.AsSpan(0, x.Numel), d, r0, r0 + n, wd.Span, alpha, beta, gamma, mean));
                }

                // dx = s·h − s·Σh/D − (x − μ)·s³·Σh(x − μ)/D per row, as α·h + β·(x − μ) + γ.
                void Fold()
                {
                    for (int r = 0; r < rows; r++)
                    {
                        double sr = invstd[r];
                        (alpha[r], beta[r], gamma[r]) = (sr, -sr * sr * sr * sumHX[r] / d, -sr * sumH[r] / d);
                    }
                }
            }
            var dw = new double[d];
            var db = new double[d];
            if (wantW || wantB)
            {
                // Columns per chunk: enough that a chunk streams ElementwiseGrain elements over all rows.
                int colGrain = Math.Max(1, Par.ElementwiseGrain / Math.Max(1, rows));
                if (x.DType == DType.Float32)
                {
                    var (gd, xd) = (gc.Data<float>(), x.Data<float>());
                    Par.For(d, colGrain, (d0, n) => NormKernels.LayerNormParamGrads<float>(gd.AsSpan(gc.Offset, x.Numel), xd.AsSpan(x.Offset, x.Numel), rows, d, d0, d0 + n, mean, invstd, dw, db));
                }
                else
                {
                    var (gd, xd) = (gc.Data<double>(), x.Data<double>());
                    Par.For(d, colGrain, (d0, n) => NormKernels.LayerNormParamGrads<double>(gd.AsSpan(gc.Offset, x.Numel), xd.AsSpan(x.Offset, x.Numel), rows, d, d0, d0 + n, mean, invstd, dw, db));
                }
            }
            var grads = new List<Tensor?> { dx };
            if (weight is not null) grads.Add(wantW ? Tensor.FromArray(dw, normalizedShape).To(weight.DType) : null);
            if (bias is not null) grads.Add(wantB ? Tensor.FromArray(db, normalizedShape).To(bias.DType) : null);
            return [.. grads];
        }, g => Glassbox.Autograd.Autograd.RecomputedBackward(ParamInputs(input, weight, bias), g,
            t => ComposedLayerNorm(t[0], weight is null ? null : t[1], bias is null ? null : t[^1], k, eps)),
        weight is null ? [x] : [x, w!]);
    }

    /// <summary>
    /// Layer norm composed from differentiable ops (mean, centred second moment, rsqrt, affine): equal to the fused
    /// kernel to rounding, and the graph form of its backward — the fused backward's saved mean and 1/σ are constants,
    /// while their dependence on x is exactly what a second derivative needs.
    /// </summary>
    private static Tensor ComposedLayerNorm(Tensor x, Tensor? weight, Tensor? bias, int k, double eps)
    {
        var dims = Enumerable.Range(x.NDim - k, k).ToArray();
        var xc = x - x.Mean(dims, keepDim: true);
        var y = xc * ((xc * xc).Mean(dims, keepDim: true) + eps).Rsqrt();
        if (weight is not null) y = y * weight;
        return bias is null ? y : y + bias;
    }

    /// <summary>The elements of an optional contiguous tensor as a span holder (empty when absent), for capture in lambdas.</summary>
    private static ReadOnlyMemory<T> Elements<T>(Tensor? t) where T : unmanaged
        => t is null ? ReadOnlyMemory<T>.Empty : new ReadOnlyMemory<T>(t.Data<T>(), t.Offset, t.Numel);

    /// <summary>Sizes (N, C, S = ∏ spatial) of an [N, C, *] floating-point input.</summary>
    private static (int N, int C, int S) NCS(Tensor input, string op)
    {
        input.RequireFloat(op);
        if (input.NDim < 2)
            throw new ArgumentException($"{op}: expected an input of shape [N, C, *] with at least 2 dimensions, got {ShapeUtil.Format(input.ShapeArray)}");
        int s = 1;
        for (int d = 2; d < input.NDim; d++) s *= input.Shape[d];
        return (input.Shape[0], input.Shape[1], s);
    }

    private static void CheckChannelVector(Tensor input, Tensor? t, int c, string name, string op)
    {
        if (t is null) return;
        if (t.NDim != 1 || t.Shape[0] != c)
            throw new ArgumentException($"{op}: {name} must have shape [{c}] for input of shape {ShapeUtil.Format(input.ShapeArray)}, got {ShapeUtil.Format(t.ShapeArray)}");
        if (t.DType != input.DType)
            throw new ArgumentException($"{op}: {name} has dtype {t.DType.TorchName()} but the input is {input.DType.TorchName()}");
    }

    /// <summary>running ← (1 − momentum)·running + momentum·stat, in place and outside the graph.</summary>
    private static void UpdateRunning(Tensor running, double[] stat, double momentum)
    {
        var cur = running.ToDoubleArray();
        for (int i = 0; i < cur.Length; i++) cur[i] = (1 - momentum) * cur[i] + momentum * stat[i];
        using (GradMode.NoGrad()) running.CopyFrom(Tensor.FromArray(cur, running.ShapeToArray()).To(running.DType));
    }

    private static Tensor[] ParamInputs(Tensor input, Tensor? weight, Tensor? bias)
        => (weight, bias) switch
        {
            (null, null) => [input],
            (not null, null) => [input, weight],
            (null, not null) => [input, bias],
            _ => [input, weight, bias],
        };

    private static Tensor[] SavedOf(Tensor x, Tensor? weight) => weight is null ? [x] : [x, weight];

    /// <summary>The gradients in <see cref="ParamInputs"/> order; parameter gradients are built only where the parameter requires them.</summary>
    private static Tensor?[] ParamGrads(Tensor? dx, Tensor? weight, double[] dw, Tensor? bias, double[] db)
    {
        var list = new List<Tensor?> { dx };
        if (weight is not null) list.Add(weight.RequiresGrad ? Tensor.FromArray(dw, dw.Length).To(weight.DType) : null);
        if (bias is not null) list.Add(bias.RequiresGrad ? Tensor.FromArray(db, db.Length).To(bias.DType) : null);
        return [.. list];
    }

    /// <summary>Channels per parallel chunk: enough that a chunk streams at least <see cref="Par.ElementwiseGrain"/> elements.</summary>
    private static int ChannelGrain(int n, int s) => Math.Max(1, Par.ElementwiseGrain / Math.Max(1, n * s));

    private static void RunMoments(Tensor x, int n, int c, int s, double[] mean, double[] var)
    {
        int off = x.Offset, len = x.Numel;
        if (x.DType == DType.Float32)
        {
            var d = x.Data<float>();
            Par.For(c, ChannelGrain(n, s), (c0, k) => NormKernels.Moments<float>(d.AsSpan(off, len), n, c, s, c0, c0 + k, mean, var));
        }
        else
        {
            var d = x.Data<double>();
            Par.For(c, ChannelGrain(n, s), (c0, k) => NormKernels.Moments<double>(d.AsSpan(off, len), n, c, s, c0, c0 + k, mean, var));
        }
    }

    private static void RunAffine(Tensor x, Tensor y, int n, int c, int s, double[] scale, double[] shift)
    {
        int off = x.Offset, len = x.Numel;
        if (x.DType == DType.Float32)
        {
            var (xd, yd) = (x.Data<float>(), y.Data<float>());
            Par.For(c, ChannelGrain(n, s), (c0, k) => NormKernels.Affine<float>(xd.AsSpan(off, len), yd.AsSpan(0, len), n, c, s, c0, c0 + k, scale, shift));
        }
        else
        {
            var (xd, yd) = (x.Data<double>(), y.Data<double>());
            Par.For(c, ChannelGrain(n, s), (c0, k) => NormKernels.Affine<double>(xd.AsSpan(off, len), yd.AsSpan(0, len), n, c, s, c0, c0 + k, scale, shift));
        }
    }

    private static void RunGradSums(Tensor g, Tensor x, int n, int c, int s, double[] mean, double[] sumG, double[] sumGX)
    {
        int xo = x.Offset, go = g.Offset, len = x.Numel;
        if (x.DType == DType.Float32)
        {
            var (gd, xd) = (g.Data<float>(), x.Data<float>());
            Par.For(c, ChannelGrain(n, s), (c0, k) => NormKernels.GradSums<float>(gd.AsSpan(go, len), xd.AsSpan(xo, len), n, c, s, c0, c0 + k, mean, sumG, sumGX));
        }
        else
        {
            var (gd, xd) = (g.Data<double>(), x.Data<double>());
            Par.For(c, ChannelGrain(n, s), (c0, k) => NormKernels.GradSums<double>(gd.AsSpan(go, len), xd.AsSpan(xo, len), n, c, s, c0, c0 + k, mean, sumG, sumGX));
        }
    }

    private static void RunBackward(Tensor g, Tensor x, Tensor dx, int n, int c, int s, double[] alpha, double[]? beta, double[] gamma, double[] mean)
    {
        int xo = x.Offset, go = g.Offset, len = x.Numel;
        if (x.DType == DType.Float32)
        {
            var (gd, xd, dd) = (g.Data<float>(), x.Data<float>(), dx.Data<float>());
            Par.For(c, ChannelGrain(n, s), (c0, k) => NormKernels.Backward<float>(gd.AsSpan(go, len), xd.AsSpan(xo, len), dd.AsSpan(0, len), n, c, s, c0, c0 + k, alpha, beta, gamma, mean));
        }
        else
        {
            var (gd, xd, dd) = (g.Data<double>(), x.Data<double>(), dx.Data<double>());
            Par.For(c, ChannelGrain(n, s), (c0, k) => NormKernels.Backward<double>(gd.AsSpan(go, len), xd.AsSpan(xo, len), dd.AsSpan(0, len), n, c, s, c0, c0 + k, alpha, beta, gamma, mean));
        }
    }
}
