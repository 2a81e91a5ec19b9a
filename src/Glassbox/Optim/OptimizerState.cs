namespace Glassbox.Optim;

/// <summary>
/// A checkpoint of an optimizer (<c>optimizer.state_dict()</c>): per-parameter state tensors keyed by the
/// parameter's position across all groups, plus each group's hyperparameters and parameter positions.
/// </summary>
/// <param name="State">Per-parameter state ("step", "exp_avg", "momentum_buffer", …), keyed by parameter index.</param>
/// <param name="Groups">One entry per parameter group: its options and the indices of its parameters.</param>
public sealed record OptimizerState(
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, Tensor>> State,
    IReadOnlyList<OptimizerState.GroupState> Groups)
{
    /// <summary>One parameter group in a checkpoint.</summary>
    /// <param name="Options">Hyperparameters by PyTorch name.</param>
    /// <param name="Params">Indices of the group's parameters.</param>
    public sealed record GroupState(IReadOnlyDictionary<string, double> Options, IReadOnlyList<int> Params);
}
