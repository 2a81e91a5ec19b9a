namespace Glassbox.Plotting;

/// <summary>
/// Points coloured by class or cluster, with a legend naming each group — matplotlib's
/// <c>plt.scatter(X[:, 0], X[:, 1], c=labels)</c> with a legend, e.g. k-means clusters or the two moons.
/// </summary>
/// <remarks>Group i is drawn in <see cref="ClassPalette.Of"/>(i) unless given a colour; later groups are drawn over earlier ones.</remarks>
public sealed class ScatterPlot : Chart
{
    private readonly List<(string name, double[] x, double[] y, Rgb color)> groups = [];

    /// <summary>Marker diameter in pixels.</summary>
    public float MarkerSize { get; init; } = 7;

    /// <summary>The groups added so far, with their colours.</summary>
    public IReadOnlyList<(string name, double[] x, double[] y, Rgb color)> Groups => groups;

    /// <summary>Adds a group of points; its colour is the next class colour unless <paramref name="color"/> is given.</summary>
    public ScatterPlot Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, Rgb? color = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (x.Count != y.Count) throw new ArgumentException($"ScatterPlot.Add: group '{name}' has {x.Count} x values but {y.Count} y values");
        groups.Add((name, x.ToArray(), y.ToArray(), color ?? ClassPalette.Of(groups.Count)));
        return this;
    }

    /// <summary>
    /// Adds one group per distinct label of <paramref name="labels"/> (in increasing order), drawn in
    /// <see cref="ClassPalette.Of"/>(label) so a class keeps its colour across pictures.
    /// </summary>
    /// <param name="X">Points, [n, 2].</param>
    /// <param name="labels">Class or cluster of each point, [n], integer values.</param>
    /// <param name="names">Name of class k at index k; "class k" when null.</param>
    public ScatterPlot AddClasses(Tensor X, Tensor labels, IReadOnlyList<string>? names = null)
    {
        if (X.NDim != 2 || X.Size(1) != 2)
            throw new ArgumentException($"ScatterPlot.AddClasses: X must have shape [n, 2], got [{string.Join(", ", X.Shape)}]", nameof(X));
        int n = X.Size(0);
        if (labels.NDim != 1 || labels.Size(0) != n)
            throw new ArgumentException($"ScatterPlot.AddClasses: labels must have shape [{n}] to match X, got [{string.Join(", ", labels.Shape)}]", nameof(labels));
        var xs = X.ToDoubleArray();
        var ks = labels.ToDoubleArray().Select(v => (int)v).ToArray();
        foreach (var k in ks.Distinct().Order())
        {
            var idx = Enumerable.Range(0, n).Where(i => ks[i] == k).ToArray();
            string name = names is not null && k >= 0 && k < names.Count ? names[k] : $"class {k}";
            Add(name, idx.Select(i => xs[2 * i]).ToArray(), idx.Select(i => xs[2 * i + 1]).ToArray(), ClassPalette.Of(k));
        }
        return this;
    }

    private protected override void Build(ScottPlot.Plot plot)
    {
        foreach (var (name, xs, ys, color) in groups)
        {
            var m = plot.Add.Markers(xs, ys, ScottPlot.MarkerShape.FilledCircle, MarkerSize, ToColor(color));
            m.LegendText = name;
        }
        if (groups.Count > 0) plot.ShowLegend(ScottPlot.Edge.Right);
    }
}
