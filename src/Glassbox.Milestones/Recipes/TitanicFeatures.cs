using System.Globalization;
using Glassbox.ML;
using Glassbox.ML.Preprocessing;
using Glassbox.Data.Frame;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The Titanic feature pipeline as one fit/transform object, so cross-validation can fit it on each training fold
/// only. Everything learned from data lives here: the rare-title set, Age medians per title, the Embarked mode,
/// Fare medians per class, the category levels of every one-hot block, the ticket-sharing table, and the
/// standardisation means/scales, and the group survival rates (the only features that read the target).
/// Transform of unseen rows uses only those fitted values.
/// </summary>
/// <remarks>
/// Features (see docs/milestones/titanic.md for the reasoning): Sex, Pclass one-hot, Sex×Pclass one-hot, Title one-hot
/// (Mr/Mrs/Miss/Master/Rare), Age (title-median imputed) + AgeMissing flag + IsChild (&lt; 14), FamilySize,
/// IsAlone, SmallFamily (2–4), LargeFamily (≥ 5), log(1 + Fare) (class-median imputed), Embarked one-hot (mode
/// imputed), Deck one-hot (Cabin's letter; "U" unknown), HasCabin, TicketShared (other passengers of the fitted set
/// on the same ticket), LogFarePerPerson (the fare is per ticket: divided by the fitted passengers on it, the row
/// included), and — unless disabled — the group survival block: TicketSurvival and FamilySurvival (the survival rate
/// of the row's ticket group and of its surname + fare family among the fitted rows, target-encoded) and their
/// products with WomanOrBoy. All columns are finally standardised with the fitted mean/std (StandardScaler).
/// <para>
/// <b>Group survival without a leak.</b> The two rates are <see cref="TargetEncoder"/> encodings with smoothing
/// <see cref="GroupSmooth"/>: enc(g) = (Σ survived in g + m·ȳ) / (n_g + m). The fitted rows get the encoder's
/// <i>cross-fitted</i> output (each row's rate is computed from the other inner folds, never from its own label);
/// new rows get the rate from all fitted rows. A passenger with no group mate among the rows that may be used
/// (a singleton, or one whose mates are all unlabelled) gets ȳ, the neutral value. Inside cross-validation the
/// object is fitted on the training fold only, so a validation passenger's rate comes from training-fold mates —
/// exactly the situation of a test.csv passenger, whose family was split between Kaggle's train and test files.
/// </para>
/// </remarks>
internal sealed class TitanicFeatures(bool groupSurvival = true, ulong seed = 0)
{
    /// <summary>Smoothing m of the group rates: one known mate moves the rate 1/(1+m) = ½ of the way from ȳ to its label.</summary>
    public const double GroupSmooth = 1;

    /// <summary>Folds of the encoder's cross-fitting: 10, so a fitted row sees 90% of its mates (a new row sees all of them).</summary>
    public const int GroupCv = 10;

    private TargetEncoder? groupEncoder;
    private Dictionary<string, double> ticketCodes = [], familyCodes = [];
    private double[,] fittedGroupRates = new double[0, 2];
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

    /// <summary>
    /// Learns every data-dependent quantity from <paramref name="train"/> (and the group survival rates from its
    /// labels <paramref name="survived"/>) and returns its features [n, p], the group rates cross-fitted.
    /// </summary>
    public double[,] FitTransform(DataFrame train, long[] survived)
    {
        if (survived.Length != train.RowCount)
            throw new ArgumentException($"TitanicFeatures.FitTransform: {train.RowCount} rows but {survived.Length} labels");
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
        if (groupSurvival)
        {
            ticketCodes = []; familyCodes = [];
            var codes = GroupCodes(train, grow: true);
            groupEncoder = new TargetEncoder(smooth: GroupSmooth, cv: GroupCv, randomState: seed);
            fittedGroupRates = ToMatrix(groupEncoder.FitTransform(codes, Tensor.FromArray(survived.Select(v => (double)v).ToArray(), [survived.Length])));
        }
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

    /// <summary>
    /// The group keys of each row as the encoder's category codes [n, 2]: column 0 the ticket, column 1 the family
    /// (surname + exact fare: relatives on one booking paid one fare, while unrelated namesakes rarely did).
    /// <paramref name="grow"/> (fitting) numbers new keys; otherwise a key the fitted rows never had gets −1, a code
    /// the encoder has not seen, which it encodes as ȳ.
    /// </summary>
    private Tensor GroupCodes(DataFrame df, bool grow)
    {
        var codes = new double[df.RowCount * 2];
        for (int i = 0; i < df.RowCount; i++)
        {
            codes[2 * i] = Code(ticketCodes, TicketOf(df, i));
            codes[2 * i + 1] = Code(familyCodes, FamilyOf(df, i));
        }
        return Tensor.FromArray(codes, df.RowCount, 2);

        double Code(Dictionary<string, double> table, string key)
        {
            if (table.TryGetValue(key, out var c)) return c;
            if (!grow) return -1;
            return table[key] = table.Count;
        }
    }

    /// <summary>The unstandardised, cross-fitted group survival rates of the fitted rows [n, 2] (ticket, family).</summary>
    internal double[,] FittedGroupRates => fittedGroupRates;

    /// <summary>
    /// The unstandardised group survival rates of new rows [n, 2] (ticket, family): from the fitted rows' labels only.
    /// </summary>
    internal double[,] GroupRates(DataFrame rows) =>
        groupEncoder is null ? throw new InvalidOperationException("TitanicFeatures.GroupRates: fitted without group survival features")
            : ToMatrix(groupEncoder.Transform(GroupCodes(rows, grow: false)));

    private static double[,] ToMatrix(Tensor t)
    {
        var v = t.ToDoubleArray();
        int n = t.Shape[0], p = t.Shape[1];
        var m = new double[n, p];
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) m[i, j] = v[i * p + j];
        return m;
    }

    /// <summary>
    /// For each of <paramref name="rows"/>: does a passenger of <paramref name="known"/> share its ticket or its
    /// surname + fare? (Whether its group survival rate can be anything but neutral.)
    /// </summary>
    internal static bool[] HasGroupMate(DataFrame known, DataFrame rows)
    {
        var tickets = Enumerable.Range(0, known.RowCount).Select(i => TicketOf(known, i)).ToHashSet();
        var families = Enumerable.Range(0, known.RowCount).Select(i => FamilyOf(known, i)).ToHashSet();
        return Enumerable.Range(0, rows.RowCount).Select(i => tickets.Contains(TicketOf(rows, i)) || families.Contains(FamilyOf(rows, i))).ToArray();
    }

    /// <summary>"Surname|fare" from "Surname, Title. Given" and the exact fare (blank fare: its own text, "").</summary>
    internal static string FamilyOf(DataFrame df, int i)
    {
        var name = df.Strings("Name")[i] ?? "";
        int c = name.IndexOf(',');
        var fare = df.Numeric("Fare")[i];
        return (c >= 0 ? name[..c] : name).Trim() + "|" + (double.IsNaN(fare) ? "" : fare.ToString("R", CultureInfo.InvariantCulture));
    }

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
        double FareOf(int i) => double.IsNaN(fare[i]) ? fareByClass.GetValueOrDefault(pclass[i], fareAll) : fare[i];
        Add("LogFare", i => Math.Log(1 + FareOf(i)));
        foreach (var e in embarkedLevels) Add($"Embarked_{e}", i => (emb[i] ?? embarkedMode) == e ? 1 : 0);
        foreach (var d in deckLevels) Add($"Deck_{d}", i => Deck(df, i) == d ? 1 : 0);
        Add("HasCabin", i => string.IsNullOrEmpty(cabin[i]) ? 0 : 1);
        // others sharing the ticket within the fitted rows: a fitted row does not count itself, a new row is not in the table
        Add("TicketShared", i => Math.Min(ticketCounts.GetValueOrDefault(TicketOf(df, i)) - (fitted ? 1 : 0), 6));
        // Kaggle's Fare is the ticket's price: per person it separates a cheap group ticket from a dear single one.
        // Passengers on the ticket = the fitted ones on it, plus the row itself when it is new.
        Add("LogFarePerPerson", i => Math.Log(1 + FareOf(i) / (ticketCounts.GetValueOrDefault(TicketOf(df, i)) + (fitted ? 0 : 1))));
        if (groupSurvival)
        {
            var rates = fitted ? fittedGroupRates : GroupRates(df);
            // women and boys ("Master") are the passengers whose fate followed their group's; adult men mostly died anyway
            bool WomanOrBoy(int i) => sex[i] != "male" || titles[i] == "Master";
            Add("TicketSurvival", i => rates[i, 0]);
            Add("FamilySurvival", i => rates[i, 1]);
            Add("WomanOrBoy", i => WomanOrBoy(i) ? 1 : 0);
            Add("WomanOrBoy_x_TicketSurvival", i => WomanOrBoy(i) ? rates[i, 0] : 0);
            Add("WomanOrBoy_x_FamilySurvival", i => WomanOrBoy(i) ? rates[i, 1] : 0);
        }
        FeatureNames = names;
        var m = new double[n, cols.Count];
        for (int j = 0; j < cols.Count; j++)
            for (int i = 0; i < n; i++) m[i, j] = cols[j][i];
        return m;
    }
}
