namespace Glassbox.NN;

/// <summary>
/// What <see cref="RNN"/>, <see cref="LSTM"/> and <see cref="GRU"/> share (PyTorch's <c>RNNBase</c>): the
/// configuration, the parameters of every layer and direction under PyTorch's names, the input/state checks and
/// the loop over layers and directions with dropout between layers.
/// </summary>
internal sealed class RecurrentStack
{
    private readonly DirectionWeights[] weights;

    public RecurrentStack(string op, RecurrentKind kind, int inputSize, int hiddenSize, int numLayers, bool bias, bool batchFirst,
        double dropout, bool bidirectional, int projSize, DType dtype, Func<string, Tensor, Tensor> register, Generator? generator)
    {
        if (inputSize <= 0 || hiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"{op}: input_size and hidden_size must be positive, got input_size={inputSize}, hidden_size={hiddenSize}");
        if (numLayers < 1) throw new ArgumentOutOfRangeException(nameof(numLayers), $"{op}: num_layers must be at least 1, got {numLayers}");
        if (dropout < 0 || dropout > 1 || double.IsNaN(dropout)) throw new ArgumentOutOfRangeException(nameof(dropout), $"{op}: dropout should be a number in range [0, 1], got {dropout}");
        if (projSize < 0) throw new ArgumentOutOfRangeException(nameof(projSize), $"{op}: proj_size should be a non-negative integer, got {projSize}");
        if (projSize >= hiddenSize && projSize > 0) throw new ArgumentOutOfRangeException(nameof(projSize), $"{op}: proj_size ({projSize}) has to be smaller than hidden_size ({hiddenSize})");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"{op}: dtype must be float32 or float64, got {dtype.TorchName()}");
        (Op, Kind, InputSize, HiddenSize, NumLayers, Bias, BatchFirst, Dropout, Bidirectional, ProjSize) =
            (op, kind, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize);
        int g = Recurrence.Gates(kind), d = Directions, p = OutSize;
        weights = new DirectionWeights[numLayers * d];
        for (int l = 0; l < numLayers; l++)
            for (int k = 0; k < d; k++)
            {
                string sfx = $"_l{l}" + (k == 1 ? "_reverse" : "");
                int inSize = l == 0 ? inputSize : p * d;
                var wih = register("weight_ih" + sfx, Tensor.Zeros([g * hiddenSize, inSize], dtype));
                var whh = register("weight_hh" + sfx, Tensor.Zeros([g * hiddenSize, p], dtype));
                Tensor? bih = null, bhh = null, whr = null;
                if (bias)
                {
                    bih = register("bias_ih" + sfx, Tensor.Zeros([g * hiddenSize], dtype));
                    bhh = register("bias_hh" + sfx, Tensor.Zeros([g * hiddenSize], dtype));
                }
                if (projSize > 0) whr = register("weight_hr" + sfx, Tensor.Zeros([projSize, hiddenSize], dtype));
                weights[l * d + k] = new DirectionWeights(wih, whh, bih, bhh, whr);
            }
        Reset(generator);
    }

    public string Op { get; }
    public RecurrentKind Kind { get; }
    public int InputSize { get; }
    public int HiddenSize { get; }
    public int NumLayers { get; }
    public bool Bias { get; }
    public bool BatchFirst { get; }
    public double Dropout { get; }
    public bool Bidirectional { get; }
    public int ProjSize { get; }
    public int Directions => Bidirectional ? 2 : 1;
    /// <summary>Size of h (and of each direction's output): proj_size when set, else hidden_size.</summary>
    public int OutSize => ProjSize > 0 ? ProjSize : HiddenSize;

    /// <summary>PyTorch's <c>reset_parameters</c>: every weight and bias ~ U(−1/√H, 1/√H).</summary>
    public void Reset(Generator? generator)
    {
        double k = 1.0 / Math.Sqrt(HiddenSize);
        foreach (var w in weights) foreach (var t in w.All()) Init.Uniform(t, -k, k, generator);
    }

    /// <summary>
    /// Runs the stack. <paramref name="input"/> is [T, B, in] ([B, T, in] with batch_first, [T, in] unbatched);
    /// <paramref name="h0"/> is [L·D, B, P] ([L·D, P] unbatched), <paramref name="c0"/> [L·D, B, H]. Returns the last
    /// layer's outputs in the input's layout and the final states [L·D, B, ·].
    /// </summary>
    public (Tensor Output, Tensor H, Tensor? C) Run(Tensor input, Tensor? h0, Tensor? c0, int[]? lengths, bool training, bool fused, Generator? generator)
    {
        bool lstm = Kind == RecurrentKind.Lstm;
        if (input.NDim != 2 && input.NDim != 3)
            throw new ArgumentException($"{Op}: Expected input to be 2D (unbatched) or 3D (batched), got input of shape {ShapeUtil.Format(input.ShapeToArray())}");
        if (input.Shape[^1] != InputSize)
            throw new ArgumentException($"{Op}: input.size(-1) must be equal to input_size. Expected {InputSize}, got {input.Shape[^1]} (input shape {ShapeUtil.Format(input.ShapeToArray())})");
        if (!input.DType.IsFloatingPoint() || input.DType != weights[0].Wih.DType)
            throw new ArgumentException($"{Op}: input dtype {input.DType.TorchName()} does not match the parameters' dtype {weights[0].Wih.DType.TorchName()}");
        bool batched = input.NDim == 3;
        var x = !batched ? input.Unsqueeze(1) : BatchFirst ? input.Transpose(0, 1) : input;
        int steps = x.Shape[0], batch = x.Shape[1], ld = NumLayers * Directions;
        if (steps == 0 || batch == 0)
            throw new ArgumentException($"{Op}: expected a non-empty sequence and batch, got input of shape {ShapeUtil.Format(input.ShapeToArray())}");
        x = x.Contiguous();
        var hShape = batched ? new[] { ld, batch, OutSize } : [ld, OutSize];
        var cShape = batched ? new[] { ld, batch, HiddenSize } : [ld, HiddenSize];
        if (h0 is not null && !ShapeUtil.SameShape(h0.ShapeArray, hShape))
            throw new ArgumentException($"{Op}: Expected hidden{(lstm ? "[0]" : "")} size {ShapeUtil.Format(hShape)}, got {ShapeUtil.Format(h0.ShapeToArray())} (input shape {ShapeUtil.Format(input.ShapeToArray())})");
        if (c0 is not null && !ShapeUtil.SameShape(c0.ShapeArray, cShape))
            throw new ArgumentException($"{Op}: Expected hidden[1] size {ShapeUtil.Format(cShape)}, got {ShapeUtil.Format(c0.ShapeToArray())} (input shape {ShapeUtil.Format(input.ShapeToArray())})");
        if (h0 is not null && h0.DType != input.DType || c0 is not null && c0.DType != input.DType)
            throw new ArgumentException($"{Op}: initial states must have the input's dtype {input.DType.TorchName()}");
        if (lengths is not null)
        {
            if (lengths.Length != batch)
                throw new ArgumentException($"{Op}: lengths has {lengths.Length} entries but the batch has {batch} sequences (input shape {ShapeUtil.Format(input.ShapeToArray())})");
            foreach (var len in lengths)
                if (len < 1 || len > steps)
                    throw new ArgumentException($"{Op}: every length must be in [1, {steps}] (the input's sequence length), got lengths [{string.Join(", ", lengths)}]");
        }
        var h0b = h0 is null ? Tensor.Zeros([ld, batch, OutSize], input.DType) : batched ? h0 : h0.Unsqueeze(1);
        var c0b = !lstm ? null : c0 is null ? Tensor.Zeros([ld, batch, HiddenSize], input.DType) : batched ? c0 : c0.Unsqueeze(1);

        var hs = new Tensor[ld];
        var cs = new Tensor[ld];
        var layerIn = x;
        for (int l = 0; l < NumLayers; l++)
        {
            var outs = new Tensor[Directions];
            for (int k = 0; k < Directions; k++)
            {
                int idx = l * Directions + k;
                var hInit = h0b.Select(0, idx).Contiguous();
                var cInit = c0b?.Select(0, idx).Contiguous();
                var (y, hT, cT) = fused
                    ? Recurrence.Fused(Kind, layerIn, weights[idx], hInit, cInit, lengths, reverse: k == 1)
                    : Recurrence.Composed(Kind, layerIn, weights[idx], hInit, cInit, lengths, reverse: k == 1);
                outs[k] = y;
                hs[idx] = hT;
                if (cT is not null) cs[idx] = cT;
            }
            layerIn = Directions == 1 ? outs[0] : Tensor.Cat(outs, 2);
            if (l < NumLayers - 1 && training && Dropout > 0) layerIn = DropoutMask(layerIn, Dropout, generator);
        }
        var output = !batched ? layerIn.Squeeze(1) : BatchFirst ? layerIn.Transpose(0, 1) : layerIn;
        var hN = Tensor.Stack(hs, 0);
        var cN = lstm ? Tensor.Stack(cs, 0) : null;
        if (!batched) { hN = hN.Squeeze(1); cN = cN?.Squeeze(1); }
        return (output, hN, cN);
    }

    /// <summary>Inverted dropout x·m/(1 − p), m ~ Bernoulli(1 − p), applied to a layer's output before the next layer.</summary>
    private static Tensor DropoutMask(Tensor x, double p, Generator? generator)
    {
        var g = generator ?? Generator.Default;
        double scale = p < 1 ? 1.0 / (1.0 - p) : 0.0;
        var mask = new double[x.Numel];
        for (int i = 0; i < mask.Length; i++) mask[i] = g.NextDouble() >= p ? scale : 0.0;
        return x * Tensor.FromArray(mask, x.ShapeToArray()).To(x.DType);
    }

    /// <summary>The settings part of the module's repr, as PyTorch prints it.</summary>
    public string Repr()
    {
        var s = $"{InputSize}, {HiddenSize}";
        if (ProjSize != 0) s += $", proj_size={ProjSize}";
        if (NumLayers != 1) s += $", num_layers={NumLayers}";
        if (!Bias) s += ", bias=False";
        if (BatchFirst) s += ", batch_first=True";
        if (Dropout != 0) s += $", dropout={PyFormat.Float(Dropout)}";
        if (Bidirectional) s += ", bidirectional=True";
        return s;
    }

    /// <summary>Converts a lengths tensor (int64, one entry per sequence) to an array.</summary>
    public static int[] Lengths(Tensor lengths, string op)
    {
        if (lengths.NDim != 1 || lengths.DType != DType.Int64)
            throw new ArgumentException($"{op}: lengths must be a 1-D int64 tensor, got {lengths.DType.TorchName()} of shape {ShapeUtil.Format(lengths.ShapeToArray())}");
        return lengths.ToArray<long>().Select(v => (int)Math.Clamp(v, int.MinValue, int.MaxValue)).ToArray();
    }
}
