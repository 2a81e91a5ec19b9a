using Glassbox.ML;
using Glassbox.Data.Frame;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The Titanic feature pipeline as one fit/transform object, so cross-validation can fit it on each training fold
/// only. Everything learned from data lives here: the rare-title set, Age medians per title, the Embarked mode,
/// Fare medians per class, the category levels of every one-hot block, the ticket-sharing table, and the
/// standardisation means/scales. Transform of unseen rows uses only those fitted values.
/// </summary>
/// <remarks>
/// Features (see docs/titanic.md for the reasoning): Sex, Pclass one-hot, Sex×Pclass one-hot, Title one-hot
/// (Mr/Mrs/Miss/Master/Rare), Age (title-median imputed) + AgeMissing flag + IsChild (&lt; 14), FamilySize,
/// IsAlone, SmallFamily (2–4), LargeFamily (≥ 5), log(1 + Fare) (class-median imputed), Embarked one-hot (mode
/// imputed), Deck one-hot (Cabin's letter; "U" unknown), HasCabin, TicketShared (other passengers of the fitted set
/// on the same ticket). All columns are finally standardised with the fitted mean/std (StandardScaler).
/// </remarks>
internal sealed class TitanicFeatures
{
    private const int RareTitleMinCount = 8; // titles rarer than this in the fitted rows are pooled as "Rare"
    private HashSet<string> commonTitles = [];
    private Dictionary<string, double> ageByTitle = [];
    private double ageAll;
    private string embarkedMode = "S";
    private Dictionary<double, double> fareByClass = [];
    private double fareAll;
    private string[] embarkedLevels = [], deckLevels = [], titleLevels = [];
    private Dictionary<string, int> ticketCounts = [];
    private double[] mu = [], sd = [];

    /// <summary>Names of the output columns, in order.</summary>
    public List<string> FeatureNames { get; private set; } = [];

    /// <summary>Learns every data-dependent quantity from <paramref name="train"/> and returns its features [n, p].</summary>
    public double[,] FitTransform(DataFrame train)
    {
        var titlesRaw = RawTitles(train);
        commonTitles = titlesRaw.GroupBy(t => t).Where(g => g.Count() >= RareTitleMinCount).Select(g => g.Key).ToHashSet();
        var titles = titlesRaw.Select(PoolTitle).ToArray();
        titleLevels = titles.Distinct().Order(StringComparer.Ordinal).ToArray();
        var age = train.Numeric("Age");
        ageAll = age.Median();
        ageByTitle = titles.Select((t, i) => (t, a: age[i])).Where(p => !double.IsNaN(p.a)).GroupBy(p => p.t)
            .ToDictionary(g => g.Key, g => NumericColumn.MedianOf(g.Select(p => p.a)));
        var emb = (StringColumn)train["Embarked"];
        embarkedMode = train.ValueCounts("Embarked").FirstOrDefault().Value ?? "S";
        embarkedLevels = Enumerable.Range(0, train.RowCount).Select(i => emb[i] ?? embarkedMode).Distinct().Order(StringComparer.Ordinal).ToArray();
        var fare = train.Numeric("Fare"); var pclass = train.Numeric("Pclass");
        fareAll = fare.Median();
        fareByClass = Enumerable.Range(0, train.RowCount).Where(i => !double.IsNaN(fare[i])).GroupBy(i => pclass[i])
            .ToDictionary(g => g.Key, g => NumericColumn.MedianOf(g.Select(i => fare[i])));
        deckLevels = Enumerable.Range(0, train.RowCount).Select(i => Deck(train, i)).Distinct().Order(StringComparer.Ordinal).ToArray();
        ticketCounts = Enumerable.Range(0, train.RowCount).Select(i => TicketOf(train, i)).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        var raw = Build(train, titles, fitted: true);
        int n = raw.GetLength(0), p = raw.GetLength(1);
        mu = new double[p]; sd = new double[p];
        for (int j = 0; j < p; j++)
        {
            double m = 0; for (int i = 0; i < n; i++) m += raw[i, j]; m /= n;
            double v = 0; for (int i = 0; i < n; i++) v += (raw[i, j] - m) * (raw[i, j] - m);
            mu[j] = m; sd[j] = Math.Sqrt(v / n) is var s && s > 0 ? s : 1; // constant columns: scale 1, like sklearn
        }
        return Standardise(raw);
    }

    /// <summary>Features of new rows with the fitted quantities only.</summary>
    public double[,] Transform(DataFrame rows) => Standardise(Build(rows, RawTitles(rows).Select(PoolTitle).ToArray(), fitted: false));

    private double[,] Standardise(double[,] raw)
    {
        int n = raw.GetLength(0), p = raw.GetLength(1);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) raw[i, j] = (raw[i, j] - mu[j]) / sd[j];
        return raw;
    }

    private string PoolTitle(string t) => commonTitles.Contains(t) ? t : "Rare";

    /// <summary>
    /// Title from "Surname, Title. Given names": the text between the first ", " and the following ".";
    /// French/rare spellings folded to their English equivalents before counting (Mlle/Ms → Miss, Mme → Mrs).
    /// </summary>
    internal static string[] RawTitles(DataFrame df)
    {
        var names = df.Strings("Name");
        return Enumerable.Range(0, df.RowCount).Select(i =>
        {
            var s = names[i] ?? "";
            int c = s.IndexOf(", ", StringComparison.Ordinal), d = c < 0 ? -1 : s.IndexOf('.', c);
            var t = c >= 0 && d > c ? s[(c + 2)..d].Trim() : "";
            return t switch { "Mlle" or "Ms" => "Miss", "Mme" => "Mrs", "" => "Rare", _ => t };
        }).ToArray();
    }

    private static string Deck(DataFrame df, int i)
    {
        var cabin = df.Strings("Cabin")[i];
        if (string.IsNullOrEmpty(cabin)) return "U";
        char c = cabin[0];
        return c is 'T' ? "U" : c.ToString(); // one passenger on "T" (the boat deck): too rare to learn from
    }

    private static string TicketOf(DataFrame df, int i) => df.Strings("Ticket")[i] ?? "";

    private double[,] Build(DataFrame df, string[] titles, bool fitted)
    {
        int n = df.RowCount;
        var names = new List<string>();
        var cols = new List<double[]>();
        void Add(string name, Func<int, double> f) { names.Add(name); cols.Add(Enumerable.Range(0, n).Select(f).ToArray()); }
        var sex = df.Strings("Sex"); var pclass = df.Numeric("Pclass"); var age = df.Numeric("Age");
        var sib = df.Numeric("SibSp"); var par = df.Numeric("Parch"); var fare = df.Numeric("Fare");
        var emb = df.Strings("Embarked"); var cabin = df.Strings("Cabin");
        Add("IsMale", i => sex[i] == "male" ? 1 : 0);
        foreach (var c in new[] { 1.0, 2, 3 }) Add($"Pclass_{c}", i => pclass[i] == c ? 1 : 0);
        foreach (var c in new[] { 1.0, 2, 3 }) Add($"Female_Pclass_{c}", i => sex[i] != "male" && pclass[i] == c ? 1 : 0);
        foreach (var t in titleLevels) Add($"Title_{t}", i => titles[i] == t ? 1 : 0);
        double AgeOf(int i) => double.IsNaN(age[i]) ? ageByTitle.GetValueOrDefault(titles[i], ageAll) : age[i];
        Add("Age", AgeOf);
        Add("AgeMissing", i => double.IsNaN(age[i]) ? 1 : 0);
        Add("IsChild", i => AgeOf(i) < 14 ? 1 : 0);
        double Fam(int i) => sib[i] + par[i] + 1;
        Add("FamilySize", Fam);
        Add("IsAlone", i => Fam(i) == 1 ? 1 : 0);
        Add("SmallFamily", i => Fam(i) is >= 2 and <= 4 ? 1 : 0);
        Add("LargeFamily", i => Fam(i) >= 5 ? 1 : 0);
        Add("LogFare", i => Math.Log(1 + (double.IsNaN(fare[i]) ? fareByClass.GetValueOrDefault(pclass[i], fareAll) : fare[i])));
        foreach (var e in embarkedLevels) Add($"Embarked_{e}", i => (emb[i] ?? embarkedMode) == e ? 1 : 0);
        foreach (var d in deckLevels) Add($"Deck_{d}", i => Deck(df, i) == d ? 1 : 0);
        Add("HasCabin", i => string.IsNullOrEmpty(cabin[i]) ? 0 : 1);
        // others sharing the ticket within the fitted rows: a fitted row does not count itself, a new row is not in the table
        Add("TicketShared", i => Math.Min(ticketCounts.GetValueOrDefault(TicketOf(df, i)) - (fitted ? 1 : 0), 6));
        FeatureNames = names;
        var m = new double[n, cols.Count];
        for (int j = 0; j < cols.Count; j++)
            for (int i = 0; i < n; i++) m[i, j] = cols[j][i];
        return m;
    }
}
