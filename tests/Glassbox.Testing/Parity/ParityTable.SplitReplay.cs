using System.Text.Json.Nodes;
using Glassbox.ML.ModelSelection;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// Seeded splits against sklearn (split_replay.json): train_test_split (plain and stratified) and shuffled
    /// KFold / StratifiedKFold replay NumPy's MT19937 stream, so every returned row index must be identical (tolerance 0),
    /// order included for train_test_split.
    /// </summary>
    private static List<ParityRow> SplitReplayRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var kind = c["kind"]!.GetValue<string>();
            var yName = c["y"]!.GetValue<string>();
            var y = Fixtures.Tensor(root["y_" + yName]);
            int n = y.Shape[0];
            ulong seed = c["seed"]!.GetValue<ulong>();
            Tensor Idx(IEnumerable<int> a) => Tensor.FromArray(a.Select(v => (double)v).ToArray(), [a.Count()]);
            if (kind == "train_test_split")
            {
                double ts = c["test_size"]!.GetValue<double>();
                bool strat = c["stratify"]!.GetValue<bool>();
                var rowsIdx = Tensor.FromArray(Enumerable.Range(0, n).Select(v => (double)v).ToArray(), [n]);
                var (tr, te, _, _) = CrossValidation.TrainTestSplit(rowsIdx, null, ts, seed, strat ? y : null);
                var desc = $"train_test_split ({yName}, n={n}, test_size={ts}, random_state={seed}, stratify={(strat ? "y" : "None")})";
                rows.Add(Row(desc, "train rows", tr, Fixtures.Tensor(c["train"]).To(DType.Float64), 0));
                rows.Add(Row(desc, "test rows", te, Fixtures.Tensor(c["test"]).To(DType.Float64), 0));
                continue;
            }
            int k = c["n_splits"]!.GetValue<int>();
            ICrossValidator cv = kind == "KFold" ? new KFold(k, true, seed) : new StratifiedKFold(k, true, seed);
            var folds = cv.Split(n, y).ToArray();
            var expected = ((JsonArray)c["tests"]!).ToArray();
            var d = $"{kind} ({yName}, n_splits={k}, shuffle=True, random_state={seed})";
            for (int f = 0; f < k; f++)
                rows.Add(Row(d, $"fold {f} test rows", Idx(folds[f].Test), Fixtures.Tensor(expected[f]).To(DType.Float64), 0));
        }
        return rows;
    }
}
