using System.Collections;

namespace Glassbox.ML.Options;

/// <summary>
/// One estimator's hyperparameter constraints by name — the declarative form of scikit-learn's
/// <c>_parameter_constraints</c>. Written as a collection initializer in the estimator's
/// <see cref="Estimator{TSelf}.Constraints"/>:
/// <code>
/// protected override ParamTable Constraints => new()
/// {
///     { nameof(MaxDepth), Is.Int(min: 1).OrNull() },
///     { nameof(Criterion), Is.Defined&lt;Criterion&gt;() },
/// };
/// </code>
/// Checks that relate two parameters (L1Ratio is required only for the elastic net) stay in code, in a
/// <c>CheckParams</c> override that calls the base first.
/// </summary>
public sealed class ParamTable : IEnumerable<KeyValuePair<string, Constraint>>
{
    private readonly List<KeyValuePair<string, Constraint>> entries = [];

    /// <summary>Adds the constraint of hyperparameter <paramref name="name"/> (its PascalCase property name).</summary>
    public void Add(string name, Constraint constraint) => entries.Add(new(name, constraint));

    /// <summary>The number of constrained hyperparameters.</summary>
    public int Count => entries.Count;

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Constraint>> GetEnumerator() => entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
