namespace Glassbox.Data;

/// <summary>
/// A dataset whose item <c>i</c> is row <c>i</c> of each of several tensors sharing their first dimension
/// (<c>torch.utils.data.TensorDataset</c>), e.g. images [N, 1, 28, 28] and labels [N].
/// </summary>
/// <remarks>
/// Batches are gathered by copying each selected row (a contiguous block of <c>rowSize</c> elements) straight
/// from the backing array into the batch tensor: one allocation per field per batch and no per-item tensors.
/// The tensors are made contiguous once, at construction (a no-op for the usual contiguous inputs) and
/// detached from autograd, since data is not a parameter.
/// </remarks>
public sealed class TensorDataset : IDataset<Tensor[]>, IBatchGatherer
{
    private readonly Tensor[] tensors;
    private readonly int[] rowSizes;

    /// <summary>Creates a dataset over <paramref name="tensors"/>, which must all have the same size in dimension 0.</summary>
    public TensorDataset(params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new ArgumentException("TensorDataset: at least one tensor is required");
        this.tensors = new Tensor[tensors.Length];
        rowSizes = new int[tensors.Length];
        for (int k = 0; k < tensors.Length; k++)
        {
            var t = tensors[k] ?? throw new ArgumentNullException(nameof(tensors), $"TensorDataset: tensor {k} is null");
            if (t.NDim == 0) throw new ArgumentException($"TensorDataset: tensor {k} is 0-dimensional; every tensor needs a first (item) dimension");
            if (t.shape[0] != tensors[0].shape[0])
                throw new ArgumentException($"TensorDataset: size mismatch between tensors: tensor 0 has shape {ShapeUtil.Format(tensors[0].shape)} and tensor {k} has shape {ShapeUtil.Format(t.shape)} (dimension 0 must agree)");
            this.tensors[k] = t.ContiguousRaw().Detach();
            rowSizes[k] = t.shape[0] == 0 ? ShapeUtil.Numel(t.shape.AsSpan(1)) : t.Numel / t.shape[0];
        }
        Count = tensors[0].shape[0];
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <summary>The underlying (contiguous, detached) tensors.</summary>
    public IReadOnlyList<Tensor> Tensors => tensors;

    /// <summary>Row <paramref name="index"/> of each tensor, as views (no copy).</summary>
    public Tensor[] Get(int index)
    {
        if ((uint)index >= (uint)Count) throw new IndexOutOfRangeException($"TensorDataset.Get: index {index} is out of range for {Count} items");
        var r = new Tensor[tensors.Length];
        for (int k = 0; k < r.Length; k++) r[k] = tensors[k].Select(0, index);
        return r;
    }

    /// <inheritdoc/>
    public Tensor[] GatherBatch(ReadOnlySpan<int> indices)
    {
        var batch = new Tensor[tensors.Length];
        for (int k = 0; k < tensors.Length; k++)
        {
            var t = tensors[k];
            var shape = (int[])t.shape.Clone();
            shape[0] = indices.Length;
            var y = new Tensor(shape, t.DType);
            switch (t.DType)
            {
                case DType.Float32: GatherRows<float>(y, t, rowSizes[k], indices); break;
                case DType.Float64: GatherRows<double>(y, t, rowSizes[k], indices); break;
                case DType.Int64: GatherRows<long>(y, t, rowSizes[k], indices); break;
                default: GatherRows<bool>(y, t, rowSizes[k], indices); break;
            }
            batch[k] = y;
        }
        return batch;
    }

    private void GatherRows<T>(Tensor dst, Tensor src, int rowSize, ReadOnlySpan<int> indices)
    {
        var s = src.Data<T>();
        var d = dst.Span<T>();
        int n = Count;
        for (int b = 0; b < indices.Length; b++)
        {
            int i = indices[b];
            if ((uint)i >= (uint)n) throw new IndexOutOfRangeException($"TensorDataset.GatherBatch: index {i} is out of range for {n} items");
            s.AsSpan(src.Offset + i * rowSize, rowSize).CopyTo(d.Slice(b * rowSize, rowSize));
        }
    }
}
