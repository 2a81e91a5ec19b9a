namespace Glassbox.NN;

/// <summary>Input and state checks shared by <see cref="RNNCell"/>, <see cref="LSTMCell"/> and <see cref="GRUCell"/>.</summary>
internal static class RecurrentCellCheck
{
    /// <summary>Validates a cell's input ([B, in] or unbatched [in]) and returns it as 2-D, with whether it was batched.</summary>
    public static (Tensor X, bool Batched) Input(string op, Tensor input, int inputSize, DType dtype)
    {
        if (input.NDim != 1 && input.NDim != 2)
            throw new ArgumentException($"{op}: Expected input to be 1D or 2D, got {input.NDim}D input of shape {ShapeUtil.Format(input.ShapeToArray())}");
        if (input.Shape[^1] != inputSize)
            throw new ArgumentException($"{op}: input has inconsistent input_size: got {input.Shape[^1]} expected {inputSize} (input shape {ShapeUtil.Format(input.ShapeToArray())})");
        if (input.DType != dtype)
            throw new ArgumentException($"{op}: input dtype {input.DType.TorchName()} does not match the parameters' dtype {dtype.TorchName()}");
        return input.NDim == 1 ? (input.Unsqueeze(0), false) : (input, true);
    }

    /// <summary>Validates a state against the (2-D) input: [B, size], or [size] for unbatched input; returns it 2-D, zeros when null.</summary>
    public static Tensor State(string op, string name, Tensor? state, Tensor x, bool batched, int size)
    {
        int batch = x.Shape[0];
        if (state is null) return Tensor.Zeros([batch, size], x.DType);
        var expect = batched ? new[] { batch, size } : [size];
        if (!ShapeUtil.SameShape(state.ShapeArray, expect))
            throw new ArgumentException($"{op}: Expected {name} of shape {ShapeUtil.Format(expect)}, got {ShapeUtil.Format(state.ShapeToArray())} (input batch {batch})");
        if (state.DType != x.DType)
            throw new ArgumentException($"{op}: {name} dtype {state.DType.TorchName()} does not match the input's {x.DType.TorchName()}");
        return batched ? state : state.Unsqueeze(0);
    }

    /// <summary>Argument checks of the cell constructors.</summary>
    public static void Sizes(string op, int inputSize, int hiddenSize, DType dtype)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"{op}: input_size and hidden_size must be positive, got input_size={inputSize}, hidden_size={hiddenSize}");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"{op}: dtype must be float32 or float64, got {dtype.TorchName()}");
    }
}
