namespace Glassbox.Data;

/// <summary>
/// Turns a list of samples into a batch (<c>torch.utils.data.default_collate</c> for tuples of tensors):
/// field <c>k</c> of the batch is the stack of field <c>k</c> of every sample along a new dimension 0.
/// </summary>
public static class Collate
{
    /// <summary>
    /// Stacks <paramref name="items"/> field by field. All samples must have the same number of fields, and
    /// field <c>k</c> the same shape and dtype in every sample; result field <c>k</c> has shape [B, …].
    /// </summary>
    public static Tensor[] Stack(IReadOnlyList<Tensor[]> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0) throw new ArgumentException("Collate.Stack: cannot collate an empty list of samples");
        int fields = items[0].Length;
        var batch = new Tensor[fields];
        for (int k = 0; k < fields; k++)
        {
            var first = items[0][k];
            var shape = new int[first.NDim + 1];
            shape[0] = items.Count;
            first.shape.CopyTo(shape, 1);
            var y = new Tensor(shape, first.DType);
            int row = first.Numel;
            for (int b = 0; b < items.Count; b++)
            {
                var item = items[b];
                if (item.Length != fields)
                    throw new ArgumentException($"Collate.Stack: sample 0 has {fields} fields but sample {b} has {item.Length}");
                var t = item[k];
                if (t.DType != first.DType || !ShapeUtil.SameShape(t.shape, first.shape))
                    throw new ArgumentException($"Collate.Stack: field {k} of sample {b} has shape {ShapeUtil.Format(t.shape)} ({t.DType.TorchName()}) but sample 0 has {ShapeUtil.Format(first.shape)} ({first.DType.TorchName()}); all samples must match");
                CopyInto(y, b * row, t);
            }
            batch[k] = y;
        }
        return batch;
    }

    private static void CopyInto(Tensor dst, int at, Tensor src)
    {
        switch (src.DType)
        {
            case DType.Float32: Strided.Copy(dst.Span<float>().Slice(at, src.Numel), src.Data<float>(), src.Offset, src.shape, src.strides); break;
            case DType.Float64: Strided.Copy(dst.Span<double>().Slice(at, src.Numel), src.Data<double>(), src.Offset, src.shape, src.strides); break;
            case DType.Int64: Strided.Copy(dst.Span<long>().Slice(at, src.Numel), src.Data<long>(), src.Offset, src.shape, src.strides); break;
            default: Strided.Copy(dst.Span<bool>().Slice(at, src.Numel), src.Data<bool>(), src.Offset, src.shape, src.strides); break;
        }
    }
}
