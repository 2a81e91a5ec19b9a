namespace Glassbox.ML.Preprocessing;

/// <summary>Per-feature sorted category values, shared by <see cref="OneHotEncoder"/> and <see cref="OrdinalEncoder"/>.</summary>
internal static class CategoryTable
{
    /// <summary>The sorted distinct values of each column (<c>categories_</c> with categories="auto").</summary>
    public static double[][] Learn(double[] a, int n, int p, string estimator)
    {
        var cats = new double[p][];
        for (int j = 0; j < p; j++)
        {
            var set = new SortedSet<double>();
            for (int i = 0; i < n; i++)
            {
                double v = a[i * p + j];
                if (double.IsNaN(v)) throw new ArgumentException($"{estimator}.Fit: feature {j} contains NaN; impute missing values first");
                set.Add(v);
            }
            cats[j] = set.ToArray();
        }
        return cats;
    }

    /// <summary>Flattens for the model file: counts, then all values.</summary>
    public static void Save(ModelState s, double[][] cats)
    {
        s.Set("category_counts", Tensor.FromArray(cats.Select(c => (long)c.Length).ToArray(), [cats.Length]));
        var all = cats.SelectMany(c => c).ToArray();
        s.Set("category_values", Input.Vector(all));
    }

    public static double[][] Load(ModelState s)
    {
        var counts = s.GetLongs("category_counts", s.NFeaturesIn, 0, int.MaxValue);
        var all = s.GetVector("category_values");
        if (counts.Sum() != all.Length)
            throw s.Invalid("category_values", $"holds {all.Length} values but category_counts add up to {counts.Sum()}");
        var cats = new double[counts.Length][];
        int o = 0;
        for (int j = 0; j < counts.Length; j++) { cats[j] = all[o..(o + (int)counts[j])]; o += (int)counts[j]; }
        return cats;
    }
}
