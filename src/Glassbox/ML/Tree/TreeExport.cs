using System.Globalization;
using System.Text;

namespace Glassbox.ML.Tree;

/// <summary>
/// Text rendering of a fitted tree, character for character <c>sklearn.tree.export_text</c> (1.2):
/// <code>
/// |--- petal_width &lt;= 0.80
/// |   |--- class: 0
/// |--- petal_width &gt;  0.80
/// |   |--- value: [1.50]        (regression)
/// </code>
/// The left branch is written "&lt;=", the right one "&gt;  " (two spaces); numbers with <c>decimals</c> digits,
/// rounded half-to-even on the exact binary value as Python's format does; subtrees below <c>max_depth</c> are
/// replaced by "truncated branch of depth d".
/// </summary>
public static class TreeExport
{
    /// <summary>
    /// Renders <paramref name="tree"/>. <paramref name="classLabels"/> is null for a regression tree; features are named
    /// "feature_j" unless <paramref name="featureNames"/> is given.
    /// </summary>
    public static string Text(TreeStructure tree, IReadOnlyList<string>? featureNames, IReadOnlyList<long>? classLabels,
        int maxDepth = 10, int spacing = 3, int decimals = 2, bool showWeights = false)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (featureNames is not null && featureNames.Count != tree.NFeatures)
            throw new ArgumentException($"ExportText: featureNames must contain {tree.NFeatures} elements, got {featureNames.Count}");
        if (maxDepth < 0) throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, "ExportText: maxDepth must be ≥ 0");
        if (spacing <= 0) throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "ExportText: spacing must be > 0");
        if (decimals < 0) throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "ExportText: decimals must be ≥ 0");
        var sb = new StringBuilder();
        string fmt = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        string Num(double v) => v.ToString(fmt, CultureInfo.InvariantCulture);
        string Name(int f) => featureNames is null ? "feature_" + f.ToString(CultureInfo.InvariantCulture) : featureNames[f];

        void Leaf(int node, string indent)
        {
            var v = tree.NodeValue(node);
            bool classification = classLabels is not null;
            string val = "";
            if (showWeights || !classification) val = "[" + string.Join(", ", v.ToArray().Select(Num)) + "]";
            if (classification)
            {
                int best = 0;
                for (int c = 1; c < v.Length; c++) if (v[c] > v[best]) best = c;
                val += " class: " + classLabels![best].ToString(CultureInfo.InvariantCulture);
                sb.Append(indent).Append(showWeights ? " weights: " : "").Append(val).Append('\n');
            }
            else sb.Append(indent).Append(" value: ").Append(val).Append('\n');
        }

        void Recurse(int node, int depth)
        {
            var unit = "|" + new string(' ', spacing);
            var indent = string.Concat(Enumerable.Repeat(unit, depth));
            indent = indent[..^spacing] + new string('-', spacing);
            if (depth <= maxDepth + 1)
            {
                if (tree.left[node] != -1)
                {
                    string name = Name(tree.feature[node]), thr = Num(tree.threshold[node]);
                    sb.Append(indent).Append(' ').Append(name).Append(" <= ").Append(thr).Append('\n');
                    Recurse(tree.left[node], depth + 1);
                    sb.Append(indent).Append(' ').Append(name).Append(" >  ").Append(thr).Append('\n');
                    Recurse(tree.right[node], depth + 1);
                }
                else Leaf(node, indent);
            }
            else
            {
                int sub = tree.SubtreeDepth(node);
                if (sub == 1) Leaf(node, indent);
                else sb.Append(indent).Append(" truncated branch of depth ").Append(sub.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        Recurse(0, 1);
        return sb.ToString();
    }
}
