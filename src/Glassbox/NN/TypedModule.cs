namespace Glassbox.NN;

/// <summary>
/// A module with one input and one output (<c>forward(x)</c>): every single-tensor layer is a
/// <c>Module&lt;Tensor, Tensor&gt;</c>. <typeparamref name="TIn"/> and <typeparamref name="TOut"/> may also be a
/// tuple or record when a layer takes or returns a structured value (e.g. a recurrent layer's state).
/// </summary>
/// <typeparam name="TIn">The forward argument.</typeparam>
/// <typeparam name="TOut">The forward result: a tensor, a tuple such as <c>(Tensor Output, Tensor Weights)</c>, or a record.</typeparam>
/// <remarks>
/// Implement <see cref="Forward"/>; callers use <see cref="Call"/>, the C# spelling of <c>module(x)</c>. Today both
/// do the same thing; <see cref="Call"/> is the one place where PyTorch's <c>__call__</c> extras (forward hooks)
/// would run, so code that composes modules should call it rather than <see cref="Forward"/>.
/// </remarks>
public abstract class Module<TIn, TOut> : Module
{
    /// <summary>Maps the input to the output. Subclasses implement the layer's math here (<c>module.forward</c>).</summary>
    public abstract TOut Forward(TIn input);

    /// <summary>Runs the module: the C# spelling of <c>module(x)</c>.</summary>
    public TOut Call(TIn input) => Forward(input);
}

/// <summary>
/// A module with two inputs (<c>forward(a, b)</c>): losses are <c>Module&lt;Tensor, Tensor, Tensor&gt;</c>
/// (input, target → loss); a recurrent cell is <c>Module&lt;Tensor, TState, (Tensor, TState)&gt;</c>.
/// </summary>
/// <typeparam name="T1">The first forward argument.</typeparam>
/// <typeparam name="T2">The second forward argument (nullable when optional, e.g. an initial state).</typeparam>
/// <typeparam name="TOut">The forward result: a tensor, a tuple or a record.</typeparam>
public abstract class Module<T1, T2, TOut> : Module
{
    /// <summary>Maps the inputs to the output (<c>module.forward(a, b)</c>).</summary>
    public abstract TOut Forward(T1 input1, T2 input2);

    /// <summary>Runs the module: the C# spelling of <c>module(a, b)</c>.</summary>
    public TOut Call(T1 input1, T2 input2) => Forward(input1, input2);
}

/// <summary>
/// A module with three inputs (<c>forward(a, b, c)</c>), e.g. attention over (query, key, value). Optional
/// trailing PyTorch arguments such as <c>key_padding_mask=None</c> become an overload on the concrete class with
/// nullable parameters, or the module takes one input record instead.
/// </summary>
/// <typeparam name="T1">The first forward argument.</typeparam>
/// <typeparam name="T2">The second forward argument.</typeparam>
/// <typeparam name="T3">The third forward argument.</typeparam>
/// <typeparam name="TOut">The forward result: a tensor, a tuple or a record.</typeparam>
public abstract class Module<T1, T2, T3, TOut> : Module
{
    /// <summary>Maps the inputs to the output (<c>module.forward(a, b, c)</c>).</summary>
    public abstract TOut Forward(T1 input1, T2 input2, T3 input3);

    /// <summary>Runs the module: the C# spelling of <c>module(a, b, c)</c>.</summary>
    public TOut Call(T1 input1, T2 input2, T3 input3) => Forward(input1, input2, input3);
}
