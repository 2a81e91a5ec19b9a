using System.Globalization;
using Glassbox.RL.Spaces;

namespace Glassbox.RL;

/// <summary>The argument checks shared by environments, wrappers and vector environments, with their messages.</summary>
public static class EnvChecks
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming <paramref name="envId"/> when <paramref name="seed"/> is negative.</summary>
    public static void CheckSeed(string envId, long seed)
    {
        if (seed < 0)
            throw new ArgumentOutOfRangeException(nameof(seed), seed, $"{envId}: seed must be a non-negative integer, got {seed}");
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="envId"/> and the action when it is not in <paramref name="space"/>.</summary>
    public static void CheckAction<TAct>(string envId, Space<TAct> space, TAct action)
    {
        if (action is null || !space.Contains(action))
            throw new ArgumentException($"{envId}: action {Format(action)} is not in the action space {space}", nameof(action));
    }

    /// <summary>An action or observation as Python would print it: <c>3</c>, <c>[0.5, -2.25]</c>.</summary>
    public static string Format<T>(T value) => value switch
    {
        null => "null",
        float[] f => "[" + string.Join(", ", f.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]",
        double[] d => "[" + string.Join(", ", d.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]",
        int[] a => "[" + string.Join(", ", a) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
