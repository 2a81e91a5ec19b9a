namespace Glassbox.Data;

/// <summary>
/// A dataset that can assemble a whole batch from a list of indices in one pass, without materialising
/// per-item tensors (PyTorch's <c>__getitems__</c> fast path). <see cref="DataLoader"/> uses it when present
/// and otherwise falls back to <see cref="IDataset{TItem}.Get"/> followed by <see cref="Collate.Stack"/>.
/// </summary>
public interface IBatchGatherer
{
    /// <summary>
    /// Returns one fresh tensor per field, each of shape [indices.Length, …item shape], holding the rows
    /// at <paramref name="indices"/> in the given order.
    /// </summary>
    Tensor[] GatherBatch(ReadOnlySpan<int> indices);
}
