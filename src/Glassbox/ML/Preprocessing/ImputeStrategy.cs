namespace Glassbox.ML.Preprocessing;

/// <summary>The statistic <see cref="SimpleImputer"/> fills a column's missing values with (scikit-learn's <c>strategy</c>),
/// computed over the column's observed (non-NaN) values.</summary>
public enum ImputeStrategy
{
    /// <summary>The arithmetic mean.</summary>
    Mean,

    /// <summary>The median (the mean of the two middle values for an even count).</summary>
    Median,

    /// <summary>The most frequent value; ties go to the smallest, as <c>scipy.stats.mode</c>.</summary>
    MostFrequent,

    /// <summary>The fixed <see cref="SimpleImputer.FillValue"/> (0 when null), also for columns with nothing observed.</summary>
    Constant,
}
