using Glassbox.Data.Frame;

namespace Glassbox.Milestones.Eda;

/// <summary>One column's profile in an <see cref="EdaReport"/>.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Kind">Its inferred kind.</param>
/// <param name="Missing">Missing values (<c>isna().sum()</c>).</param>
/// <param name="Distinct">Distinct present values (<c>nunique()</c>).</param>
/// <param name="Mean">Mean of a numeric column (NaN otherwise).</param>
/// <param name="Std">Sample standard deviation (ddof = 1) of a numeric column.</param>
/// <param name="Min">Smallest value of a numeric column.</param>
/// <param name="Median">Median of a numeric column.</param>
/// <param name="Max">Largest value of a numeric column.</param>
/// <param name="HistogramEdges">Bin edges of a numeric column's histogram (empty otherwise).</param>
/// <param name="HistogramCounts">Counts per bin (last bin closed, as numpy.histogram).</param>
/// <param name="TopValues">The most frequent values with counts (string and boolean columns; numeric ones with few distinct values).</param>
public sealed record EdaColumn(string Name, ColumnKind Kind, int Missing, int Distinct, double Mean, double Std, double Min, double Median,
    double Max, double[] HistogramEdges, int[] HistogramCounts, IReadOnlyList<(string Value, int Count)> TopValues);

/// <summary>The target's mean within one category of a column.</summary>
/// <param name="Category">The category's text.</param>
/// <param name="Count">Rows in the category with a present target.</param>
/// <param name="TargetMean">Mean of the target over those rows (the rate of the positive class for a binary target).</param>
public sealed record TargetRate(string Category, int Count, double TargetMean);

/// <summary>
/// The numbers of an exploratory data analysis of one table with a target column (what <c>glassbox eda</c> renders
/// with <see cref="EdaHtml"/>): a profile per column, Pearson correlations of the numeric columns, Cramér's V
/// between the categorical ones, and the target's mean per category of every low-cardinality column.
/// </summary>
/// <remarks>
/// The target is reduced to a number per row: numeric as is, boolean as 0/1, a two-level string column as 1 for
/// its ordinally larger level ("yes" of no/yes, "1" of 0/1); so its per-category mean is a rate for a binary target
/// (pandas: <c>df.groupby(col)[target].mean()</c>). Rows with a missing target are left out of those means;
/// a missing category is shown as "(missing)" rather than dropped, because missingness often predicts the target
/// (Titanic's Cabin).
/// </remarks>
public sealed class EdaReport
{
    /// <summary>Columns with at most this many distinct values get top-value and target-rate tables (Pclass, SibSp).</summary>
    public const int MaxCategories = 12;

    /// <summary>Bins of each numeric histogram.</summary>
    public const int HistogramBins = 20;

    private EdaReport(string source, DataFrame frame, string target, string targetDescription)
    {
        Source = source;
        Frame = frame;
        Target = target;
        TargetDescription = targetDescription;
    }

    /// <summary>The file (or name) the table came from, as shown in the report's title.</summary>
    public string Source { get; }
    /// <summary>The analysed table.</summary>
    public DataFrame Frame { get; }
    /// <summary>The target column's name.</summary>
    public string Target { get; }
    /// <summary>What the target's per-category mean is ("rate of Survived = 1", "mean of price").</summary>
    public string TargetDescription { get; private set; }
    /// <summary>One profile per column, in column order.</summary>
    public IReadOnlyList<EdaColumn> Columns { get; private set; } = [];
    /// <summary>The target's overall mean (rate).</summary>
    public double TargetMean { get; private set; }
    /// <summary>Target mean per category, for each column (other than the target) with few distinct values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TargetRate>> TargetRates { get; private set; } = new Dictionary<string, IReadOnlyList<TargetRate>>();
    /// <summary>Names of the numeric columns in <see cref="Pearson"/>'s order.</summary>
    public IReadOnlyList<string> NumericNames { get; private set; } = [];
    /// <summary>Pearson correlation of every pair of numeric columns over the rows where both are present (<c>df.corr()</c>).</summary>
    public double[,] Pearson { get; private set; } = new double[0, 0];
    /// <summary>Names of the categorical and boolean columns in <see cref="CramersV"/>'s order.</summary>
    public IReadOnlyList<string> CategoricalNames { get; private set; } = [];
    /// <summary>Cramér's V (no bias correction) of every pair of categorical columns over rows where both are present.</summary>
    public double[,] CramersV { get; private set; } = new double[0, 0];

    /// <summary>Profiles <paramref name="frame"/> against <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">No such target column, or a string target with other than two levels.</exception>
    public static EdaReport Analyze(DataFrame frame, string target, string source)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!frame.Contains(target))
            throw new ArgumentException($"{source}: no column '{target}' to use as the target; columns are {string.Join(", ", frame.ColumnNames)}");
        var (y, description) = TargetValues(frame[target], source);
        var report = new EdaReport(source, frame, target, description);
        report.Columns = frame.Columns.Select(Profile).ToList();
        var present = y.Where(v => !double.IsNaN(v)).ToArray();
        report.TargetMean = present.Length == 0 ? double.NaN : present.Average();
        var rates = new Dictionary<string, IReadOnlyList<TargetRate>>();
        foreach (var (c, p) in frame.Columns.Zip(report.Columns))
            if (c.Name != target && p.Distinct <= MaxCategories && p.Distinct > 0) rates[c.Name] = RatesOf(c, y);
        report.TargetRates = rates;
        var numeric = frame.Columns.OfType<NumericColumn>().ToList();
        report.NumericNames = numeric.Select(c => c.Name).ToList();
        report.Pearson = Matrix(numeric.Count, (a, b) => PearsonOf(numeric[a], numeric[b]));
        var cats = frame.Columns.Where(c => c is CategoricalColumn or BooleanColumn).ToList();
        report.CategoricalNames = cats.Select(c => c.Name).ToList();
        report.CramersV = Matrix(cats.Count, (a, b) => CramersVOf(cats[a], cats[b]));
        return report;
    }

    private static double[,] Matrix(int n, Func<int, int, double> f)
    {
        var m = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = a; b < n; b++) m[a, b] = m[b, a] = f(a, b);
        return m;
    }

    private static (double[] Y, string Description) TargetValues(Column c, string source)
    {
        switch (c)
        {
            case NumericColumn n:
                {
                    var v = n.Values.ToArray();
                    bool binary = v.Where(x => !double.IsNaN(x)).All(x => x is 0 or 1);
                    return (v, binary ? $"rate of {c.Name} = 1" : $"mean of {c.Name}");
                }
            case BooleanColumn b:
                return (Enumerable.Range(0, b.Length).Select(i => b[i] is bool x ? (x ? 1.0 : 0.0) : double.NaN).ToArray(), $"rate of {c.Name} = True");
            case StringColumn s:
                {
                    var levels = s.Levels();
                    if (levels.Length != 2)
                        throw new ArgumentException($"{source}: the target '{c.Name}' has {levels.Length} distinct values; eda needs a numeric, boolean or two-valued target");
                    return (Enumerable.Range(0, s.Length).Select(i => s[i] is null ? double.NaN : s[i] == levels[1] ? 1.0 : 0.0).ToArray(),
                        $"rate of {c.Name} = {levels[1]}");
                }
            default:
                throw new ArgumentException($"{source}: the target '{c.Name}' is {c.Kind}");
        }
    }

    private static EdaColumn Profile(Column c)
    {
        int missing = c.MissingCount;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < c.Length; i++)
            if (!c.IsMissing(i)) counts[c.Format(i)] = counts.GetValueOrDefault(c.Format(i)) + 1;
        var top = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(MaxCategories).Select(kv => (kv.Key, kv.Value)).ToList();
        if (c is not NumericColumn n)
            return new EdaColumn(c.Name, c.Kind, missing, counts.Count, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, [], [], top);
        var v = n.Present();
        double mean = v.Length == 0 ? double.NaN : v.Average();
        double std = v.Length < 2 ? double.NaN : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        double min = v.Length == 0 ? double.NaN : v.Min(), max = v.Length == 0 ? double.NaN : v.Max();
        var (edges, hist) = Histogram(v, min, max);
        return new EdaColumn(c.Name, c.Kind, missing, counts.Count, mean, std, min, NumericColumn.MedianOf(v), max, edges, hist,
            counts.Count <= MaxCategories ? top : []);
    }

    /// <summary>Equal-width bins over [min, max], the last one closed (numpy.histogram's rule); one bin when all values are equal.</summary>
    internal static (double[] Edges, int[] Counts) Histogram(double[] v, double min, double max)
    {
        if (v.Length == 0) return ([], []);
        int bins = max > min ? HistogramBins : 1;
        double width = max > min ? (max - min) / bins : 1;
        var edges = Enumerable.Range(0, bins + 1).Select(k => min + k * width).ToArray();
        var counts = new int[bins];
        foreach (var x in v) counts[Math.Min(bins - 1, (int)((x - min) / width))]++;
        return (edges, counts);
    }

    private static IReadOnlyList<TargetRate> RatesOf(Column c, double[] y)
    {
        var groups = new Dictionary<string, (int N, double Sum, int Order)>(StringComparer.Ordinal);
        for (int i = 0; i < c.Length; i++)
        {
            if (double.IsNaN(y[i])) continue;
            var k = c.IsMissing(i) ? "(missing)" : c.Format(i);
            var g = groups.GetValueOrDefault(k, (0, 0, c.IsMissing(i) ? 1 : 0));
            groups[k] = (g.N + 1, g.Sum + y[i], g.Order);
        }
        // categories in key order (numbers numerically), the missing one last
        var keys = groups.Keys.Where(k => k != "(missing)").ToList();
        keys = c is NumericColumn
            ? keys.OrderBy(k => double.Parse(k, System.Globalization.CultureInfo.InvariantCulture)).ToList()
            : keys.Order(StringComparer.Ordinal).ToList();
        if (groups.ContainsKey("(missing)")) keys.Add("(missing)");
        return keys.Select(k => new TargetRate(k, groups[k].N, groups[k].Sum / groups[k].N)).ToList();
    }

    /// <summary>Pearson's r over the rows where both columns are present (pandas' pairwise-complete <c>corr()</c>); NaN when undefined.</summary>
    internal static double PearsonOf(NumericColumn a, NumericColumn b)
    {
        double sa = 0, sb = 0;
        int n = 0;
        for (int i = 0; i < a.Length; i++)
            if (!double.IsNaN(a[i]) && !double.IsNaN(b[i])) { sa += a[i]; sb += b[i]; n++; }
        if (n < 2) return double.NaN;
        double ma = sa / n, mb = sb / n, sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (double.IsNaN(a[i]) || double.IsNaN(b[i])) continue;
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db; saa += da * da; sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? double.NaN : Math.Clamp(sab / Math.Sqrt(saa * sbb), -1, 1);
    }

    /// <summary>
    /// Cramér's V = √(χ² / (n · (min(r, c) − 1))) of the contingency table of two categorical columns over the rows
    /// where both are present (no bias correction, as <c>scipy.stats.contingency.association(method="cramer")</c>);
    /// NaN when either column has a single level there.
    /// </summary>
    internal static double CramersVOf(Column a, Column b)
    {
        var table = new Dictionary<(string, string), int>();
        var ra = new Dictionary<string, int>(StringComparer.Ordinal);
        var rb = new Dictionary<string, int>(StringComparer.Ordinal);
        int n = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a.IsMissing(i) || b.IsMissing(i)) continue;
            string x = a.Format(i), y = b.Format(i);
            table[(x, y)] = table.GetValueOrDefault((x, y)) + 1;
            ra[x] = ra.GetValueOrDefault(x) + 1;
            rb[y] = rb.GetValueOrDefault(y) + 1;
            n++;
        }
        int k = Math.Min(ra.Count, rb.Count);
        if (n == 0 || k < 2) return double.NaN;
        double chi2 = 0;
        foreach (var (x, nx) in ra)
            foreach (var (y, ny) in rb)
            {
                double expected = (double)nx * ny / n;
                double d = table.GetValueOrDefault((x, y)) - expected;
                chi2 += d * d / expected;
            }
        return Math.Sqrt(chi2 / (n * (k - 1.0)));
    }
}
