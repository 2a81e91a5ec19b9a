using System.Reflection;

namespace Glassbox.ML;

/// <summary>How hyperparameters are found: the arguments of the widest public constructor, read back through
/// same-named PascalCase properties (sklearn reads <c>__init__</c>'s signature the same way).</summary>
internal static class EstimatorReflection
{
    public static ConstructorInfo ParamConstructor(Type t) =>
        t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
        ?? throw new InvalidOperationException($"{t.Name} has no public constructor");

    public static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
