namespace Glassbox.ML.Options;

/// <summary>
/// The scikit-learn spelling of an enum member when it is not the member's name in snake_case (for example
/// <c>"k-means++"</c>, <c>"newton-cg"</c>). See <see cref="SklearnNames"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class SklearnNameAttribute(string name) : Attribute
{
    /// <summary>The string scikit-learn uses for this value.</summary>
    public string Name { get; } = name;
}
