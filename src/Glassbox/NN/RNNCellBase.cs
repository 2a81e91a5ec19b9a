namespace Glassbox.NN;

/// <summary>
/// The parameters every single-step recurrent cell shares (<see cref="RNNCell"/>, <see cref="GRUCell"/>,
/// <see cref="LSTMCell"/>): <c>weight_ih</c> [G·H, in], <c>weight_hh</c> [G·H, H] and, with bias, <c>bias_ih</c> and
/// <c>bias_hh</c> [G·H], where G is the number of gate blocks stacked along the first axis (1, 3 or 4). Registered in
/// that order and drawn from U(−1/√H, 1/√H) in that order, as PyTorch's <c>torch.nn.RNNCellBase</c> (this class's counterpart) does, so a seeded cell
/// holds the same numbers whichever kind it is built as.
/// </summary>
/// <typeparam name="TState">The state argument of <c>Forward</c> (h, or (h, c)), nullable: zeros when absent.</typeparam>
/// <typeparam name="TOut">What one step returns.</typeparam>
public abstract class RNNCellBase<TState, TOut> : Module<Tensor, TState, TOut>
{
    /// <summary>Checks the sizes, registers the parameters and initialises them from <paramref name="generator"/>.</summary>
    /// <param name="op">PyTorch's name of the cell, for error messages.</param>
    /// <param name="gates">Gate blocks G stacked in the weights.</param>
    /// <param name="inputSize">Features of the input.</param>
    /// <param name="hiddenSize">Size of the hidden state H.</param>
    /// <param name="bias">Whether to have the two bias vectors.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Source of the initial values.</param>
    private protected RNNCellBase(string op, int gates, int inputSize, int hiddenSize, bool bias, DType dtype, Generator? generator)
    {
        RecurrentCellCheck.Sizes(op, inputSize, hiddenSize, dtype);
        (InputSize, HiddenSize) = (inputSize, hiddenSize);
        WeightIh = RegisterParameter("weight_ih", Tensor.Zeros([gates * hiddenSize, inputSize], dtype));
        WeightHh = RegisterParameter("weight_hh", Tensor.Zeros([gates * hiddenSize, hiddenSize], dtype));
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", Tensor.Zeros([gates * hiddenSize], dtype));
            BiasHh = RegisterParameter("bias_hh", Tensor.Zeros([gates * hiddenSize], dtype));
        }
        else { RegisterNullParameter("bias_ih"); RegisterNullParameter("bias_hh"); }
        ResetParameters(generator);
    }

    /// <summary>Features of the input (<c>input_size</c>).</summary>
    public int InputSize { get; }
    /// <summary>Size of the hidden state (<c>hidden_size</c>).</summary>
    public int HiddenSize { get; }
    /// <summary>W_ih [G·H, in]: the gate blocks stacked in the cell's gate order.</summary>
    public Tensor WeightIh { get; }
    /// <summary>W_hh [G·H, H].</summary>
    public Tensor WeightHh { get; }
    /// <summary>b_ih [G·H], or null without bias.</summary>
    public Tensor? BiasIh { get; }
    /// <summary>b_hh [G·H], or null without bias.</summary>
    public Tensor? BiasHh { get; }

    /// <summary>Re-draws every parameter from U(−1/√H, 1/√H) (<c>reset_parameters</c>).</summary>
    public void ResetParameters(Generator? generator = null)
    {
        double k = 1.0 / Math.Sqrt(HiddenSize);
        foreach (var p in Parameters()) Init.Uniform(p, -k, k, generator);
    }
}
