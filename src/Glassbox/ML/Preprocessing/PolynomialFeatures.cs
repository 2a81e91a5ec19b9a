using Glassbox.ML.Options;

namespace Glassbox.ML.Preprocessing;

/// <summary>
/// All monomials of the features up to <see cref="Degree"/> (<c>sklearn.preprocessing.PolynomialFeatures</c>), in
/// sklearn's column order: by degree, then lexicographically by feature index (itertools
/// <c>combinations_with_replacement</c>, or <c>combinations</c> when <see cref="InteractionOnly"/>). For features
/// (a, b) and degree 2: 1, a, b, a², ab, b².
/// </summary>
public sealed class PolynomialFeatures : Transformer<PolynomialFeatures>
{
    private int[][] combos = [];

    /// <summary>Creates the transformer.</summary>
    /// <param name="degree">Maximum total degree ≥ 0 (<c>degree</c>).</param>
    /// <param name="interactionOnly">Only products of distinct features (<c>interaction_only</c>).</param>
    /// <param name="includeBias">Include the constant column 1 (<c>include_bias</c>).</param>
    public PolynomialFeatures(int degree = 2, bool interactionOnly = false, bool includeBias = true)
    {
        Degree = degree; InteractionOnly = interactionOnly; IncludeBias = includeBias;
    }

    /// <summary>Maximum degree (<c>degree</c>).</summary>
    public int Degree { get; }
    /// <summary>Whether only distinct-feature products are produced (<c>interaction_only</c>).</summary>
    public bool InteractionOnly { get; }
    /// <summary>Whether the bias column is produced (<c>include_bias</c>).</summary>
    public bool IncludeBias { get; }

    /// <summary>Exponent of each input feature in each output column, int64 [n_output, n_features] (<c>powers_</c>).</summary>
    public Tensor Powers
    {
        get
        {
            var c = Learned(combos, nameof(Powers));
            int p = NFeaturesIn;
            var r = new long[c.Length * p];
            for (int o = 0; o < c.Length; o++) foreach (var j in c[o]) r[o * p + j]++;
            return Tensor.FromArray(r, c.Length, p);
        }
    }

    /// <inheritdoc/>
    protected override ParamTable Constraints => new() { { nameof(Degree), Is.Int(min: 0) } };

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int p = x.Shape[1];
        var list = new List<int[]>();
        for (int d = IncludeBias ? 0 : 1; d <= Degree; d++) Combine(list, new int[d], 0, 0, p);
        combos = list.ToArray();
    }

    private void Combine(List<int[]> list, int[] cur, int pos, int start, int p)
    {
        if (pos == cur.Length) { list.Add((int[])cur.Clone()); return; }
        for (int j = start; j < p; j++)
        {
            cur[pos] = j;
            Combine(list, cur, pos + 1, InteractionOnly ? j + 1 : j, p);
        }
    }

    /// <summary>The monomial columns [n_samples, n_output].</summary>
    public override Tensor Transform(Tensor x)
    {
        var xm = CheckInput(x, nameof(Transform));
        int n = xm.Shape[0], p = xm.Shape[1], m = combos.Length;
        var a = Input.Raw(xm);
        var r = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int o = 0; o < m; o++)
            {
                double v = 1;
                foreach (var j in combos[o]) v *= a[i * p + j];
                r[i * m + o] = v;
            }
        return Input.Matrix(r, n, m);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState s)
    {
        s.Set("combo_lengths", Tensor.FromArray(combos.Select(c => (long)c.Length).ToArray(), [combos.Length]));
        s.Set("combo_features", Tensor.FromArray(combos.SelectMany(c => c.Select(j => (long)j)).ToArray(), [combos.Sum(c => c.Length)]));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState s)
    {
        var lens = s.GetLongs("combo_lengths", -1, 0, int.MaxValue);
        var feats = s.GetLongs("combo_features", -1, 0, s.NFeaturesIn - 1);
        if (lens.Sum() != feats.Length)
            throw s.Invalid("combo_features", $"holds {feats.Length} feature indices but combo_lengths add up to {lens.Sum()}");
        int o = 0;
        combos = lens.Select(l => { var c = feats[o..(o + (int)l)].Select(v => (int)v).ToArray(); o += (int)l; return c; }).ToArray();
    }
}
