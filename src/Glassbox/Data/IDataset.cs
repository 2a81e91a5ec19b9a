namespace Glassbox.Data;

/// <summary>
/// A map-style dataset (<c>torch.utils.data.Dataset</c>): a fixed number of items addressed by index.
/// </summary>
/// <typeparam name="TItem">What one sample is; for <see cref="DataLoader"/> an array of tensors (e.g. [x, y]).</typeparam>
public interface IDataset<out TItem>
{
    /// <summary>Number of items (<c>len(dataset)</c>).</summary>
    int Count { get; }

    /// <summary>Item <paramref name="index"/>, 0 ≤ index &lt; <see cref="Count"/> (<c>dataset[index]</c>).</summary>
    TItem Get(int index);
}
