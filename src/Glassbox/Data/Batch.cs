using System.Collections;

namespace Glassbox.Data;

/// <summary>
/// One mini-batch yielded by <see cref="DataLoader"/>: one tensor per dataset field, each with the batch as
/// dimension 0. Deconstructs, so <c>foreach (var (x, y) in loader)</c> works for (input, target) datasets.
/// </summary>
public sealed class Batch : IReadOnlyList<Tensor>
{
    private readonly Tensor[] fields;

    /// <summary>Wraps the collated fields (not copied).</summary>
    public Batch(Tensor[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Length == 0) throw new ArgumentException("Batch: a batch needs at least one field");
        this.fields = fields;
    }

    /// <summary>Field <paramref name="index"/> (0 = inputs, 1 = targets by convention).</summary>
    public Tensor this[int index] => fields[index];

    /// <summary>Number of fields (not the batch size; see <see cref="Size"/>).</summary>
    public int Count => fields.Length;

    /// <summary>Number of samples in the batch: dimension 0 of the first field.</summary>
    public int Size => fields[0].NDim == 0 ? 1 : fields[0].Size(0);

    /// <summary>The first field (inputs).</summary>
    public Tensor X => fields[0];

    /// <summary>The second field (targets); throws for single-field datasets.</summary>
    public Tensor Y => fields.Length > 1 ? fields[1] : throw new InvalidOperationException("Batch.Y: this batch has only one field");

    /// <summary>The fields as an array (shared, not copied).</summary>
    public Tensor[] Fields => fields;

    /// <summary>Deconstructs a two-field batch into (inputs, targets).</summary>
    public void Deconstruct(out Tensor x, out Tensor y) { x = X; y = Y; }

    /// <summary>Deconstructs a three-field batch.</summary>
    public void Deconstruct(out Tensor a, out Tensor b, out Tensor c)
    {
        if (fields.Length < 3) throw new InvalidOperationException($"Batch: cannot deconstruct {fields.Length} fields into 3");
        (a, b, c) = (fields[0], fields[1], fields[2]);
    }

    /// <inheritdoc/>
    public IEnumerator<Tensor> GetEnumerator() => ((IEnumerable<Tensor>)fields).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
