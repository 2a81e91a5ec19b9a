using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace Glassbox.ML.Options;

/// <summary>
/// Maps the enums of typed hyperparameters to and from scikit-learn's strings: <c>Criterion.LogLoss</c> ↔
/// <c>"log_loss"</c>, <c>SvdSolver.CovarianceEigh</c> ↔ <c>"covariance_eigh"</c>.
/// </summary>
/// <remarks>
/// The rule is the member name in snake_case (a new word starts at an upper-case letter that follows a lower-case
/// letter or a digit: <c>SquaredError</c> → <c>squared_error</c>, <c>L1</c> → <c>l1</c>, <c>Log2</c> → <c>log2</c>),
/// unless the member carries a <see cref="SklearnNameAttribute"/>. The strings appear only where scikit-learn's
/// spelling is the contract: model files (so a file reads like the sklearn call that would make the same model), grid
/// values given as strings, fixture readers and error messages.
/// </remarks>
public static class SklearnNames
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<string, object> ByName, Dictionary<object, string> ByValue)> Cache = new();

    /// <summary>The scikit-learn string of <paramref name="value"/>.</summary>
    public static string Of(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Table(value.GetType()).ByValue.TryGetValue(value, out var s)
            ? s
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value.GetType().Name}: {value} is not a defined value");
    }

    /// <summary>Every scikit-learn string of <paramref name="enumType"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All(Type enumType) => [.. Table(enumType).ByValue.Values];

    /// <summary>The value of <typeparamref name="T"/> spelled <paramref name="name"/> in scikit-learn; throws
    /// <see cref="ArgumentException"/> listing the allowed strings otherwise.</summary>
    public static T Parse<T>(string name, string? parameter = null) where T : struct, Enum => (T)Parse(typeof(T), name, parameter);

    /// <summary>Non-generic <see cref="Parse{T}"/>.</summary>
    public static object Parse(Type enumType, string name, string? parameter = null) =>
        TryParse(enumType, name, out var v)
            ? v
            : throw new ArgumentException($"{parameter ?? enumType.Name}: '{name}' is not one of {Allowed(enumType)}", parameter);

    /// <summary>True and the value when <paramref name="name"/> is a scikit-learn string of <paramref name="enumType"/>.</summary>
    public static bool TryParse(Type enumType, string? name, out object value)
    {
        value = null!;
        if (name is null) return false;
        if (!Table(enumType).ByName.TryGetValue(name, out var v)) return false;
        value = v;
        return true;
    }

    /// <summary>The allowed strings, quoted, for error messages: <c>"gini", "entropy" or "log_loss"</c>.</summary>
    public static string Allowed(Type enumType)
    {
        var q = All(enumType).Select(s => $"\"{s}\"").ToList();
        return q.Count <= 1 ? string.Join("", q) : string.Join(", ", q.Take(q.Count - 1)) + " or " + q[^1];
    }

    /// <summary>The snake_case form of a PascalCase identifier.</summary>
    public static string SnakeCase(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(pascal[i - 1]) || char.IsDigit(pascal[i - 1]))) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static (Dictionary<string, object> ByName, Dictionary<object, string> ByValue) Table(Type enumType)
    {
        if (!enumType.IsEnum) throw new ArgumentException($"{enumType.Name} is not an enum", nameof(enumType));
        return Cache.GetOrAdd(enumType, t =>
        {
            var byName = new Dictionary<string, object>(StringComparer.Ordinal);
            var byValue = new Dictionary<object, string>();
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var value = f.GetValue(null)!;
                string name = f.GetCustomAttribute<SklearnNameAttribute>()?.Name ?? SnakeCase(f.Name);
                byName.Add(name, value);
                byValue.TryAdd(value, name);
            }
            return (byName, byValue);
        });
    }
}
