using Glassbox.Onnx.Proto;
using static Glassbox.Onnx.Proto.AttributeProto;

namespace Glassbox.Onnx;

/// <summary>
/// One binary tree as the exporter reads it: per node the left and right child (−1 for a leaf), the split feature,
/// the float64 threshold of the rule "go left when x ≤ threshold", and the side a NaN takes.
/// </summary>
/// <param name="Left">Left child per node, −1 at leaves.</param>
/// <param name="Right">Right child per node, −1 at leaves.</param>
/// <param name="Feature">Split feature per node (ignored at leaves).</param>
/// <param name="Threshold">Split threshold per node (ignored at leaves).</param>
/// <param name="MissingLeft">Per node, whether NaN goes left; null when NaN is not a value the model defines (it then
/// goes right in the file, as "NaN ≤ t" is false).</param>
internal sealed record TreeNodes(int[] Left, int[] Right, int[] Feature, double[] Threshold, bool[]? MissingLeft);

/// <summary>
/// Collects trees into the attributes of one ONNX-ML <c>TreeEnsembleRegressor</c> node (domain <c>ai.onnx.ml</c>):
/// the parallel <c>nodes_*</c> arrays (one entry per node of every tree), and the <c>target_*</c> arrays (one entry per
/// leaf and target it adds to).
/// </summary>
/// <remarks>
/// <para><b>The threshold rule.</b> Glassbox's trees send x left when x ≤ t with a float64 t (a CART threshold is the
/// midpoint of two float32 feature values; a histogram-boosting threshold is a bin edge between float64 values). The
/// file's thresholds are float32 and its input is float32. For a float32 x, "x ≤ t" holds exactly when
/// "x ≤ t↓", where t↓ is the largest float32 not above t: every float32 at or below t is at or below t↓, and every
/// float32 above t↓ is above t. So each node is written as <c>BRANCH_LEQ</c> with t↓ — not with t rounded to
/// nearest, which can round up past a float32 feature value and send it left where Glassbox sends it right (the
/// midpoint of two adjacent float32 values always rounds to one of them). With this rule the file and Glassbox take
/// the same path for every float32 input, including inputs exactly on a threshold and ±∞.</para>
/// <para><b>Missing values.</b> <c>nodes_missing_value_tracks_true</c> = 1 sends NaN to the true (left) branch, which is
/// how a histogram-boosting node whose <c>missing_go_to_left</c> is set is written. Otherwise NaN goes to the false
/// (right) branch, as the comparison NaN ≤ t↓ is false.</para>
/// </remarks>
internal sealed class TreeEnsembleBuilder
{
    private readonly List<long> treeIds = [], nodeIds = [], featureIds = [], trueIds = [], falseIds = [], missingTrue = [];
    private readonly List<float> values = [];
    private readonly List<string> modes = [];
    private readonly List<long> targetTree = [], targetNode = [], targetId = [];
    private readonly List<float> targetWeight = [];
    private int trees;

    /// <summary>The largest float32 not above <paramref name="t"/> (−∞ below every finite float32, float.MaxValue above it).</summary>
    public static float FloatAtOrBelow(double t)
    {
        float f = (float)t;
        return f > t ? MathF.BitDecrement(f) : f;
    }

    /// <summary>Adds one tree; <paramref name="leafWeights"/> gives, for a leaf node, the (target, weight) pairs it adds.</summary>
    public void Add(TreeNodes tree, Func<int, IEnumerable<(int Target, double Weight)>> leafWeights)
    {
        int id = trees++;
        for (int node = 0; node < tree.Left.Length; node++)
        {
            treeIds.Add(id);
            nodeIds.Add(node);
            bool leaf = tree.Left[node] == -1;
            if (leaf)
            {
                modes.Add("LEAF");
                featureIds.Add(0); values.Add(0f); trueIds.Add(0); falseIds.Add(0); missingTrue.Add(0);
                foreach (var (target, weight) in leafWeights(node))
                {
                    targetTree.Add(id); targetNode.Add(node); targetId.Add(target); targetWeight.Add((float)weight);
                }
                continue;
            }
            modes.Add("BRANCH_LEQ");
            featureIds.Add(tree.Feature[node]);
            values.Add(FloatAtOrBelow(tree.Threshold[node]));
            trueIds.Add(tree.Left[node]);
            falseIds.Add(tree.Right[node]);
            missingTrue.Add(tree.MissingLeft is { } m && m[node] ? 1 : 0);
        }
    }

    /// <summary>Number of trees added.</summary>
    public int TreeCount => trees;

    /// <summary>
    /// Adds the <c>TreeEnsembleRegressor</c> node on <paramref name="input"/> [N, features] → [N, nTargets]; returns its
    /// output's name. <paramref name="aggregate"/> is "SUM" or "AVERAGE", <paramref name="postTransform"/> "NONE",
    /// "LOGISTIC" or "SOFTMAX"; <paramref name="baseValues"/> (one per target, or null) are added to the aggregate
    /// before the transform.
    /// </summary>
    public string Emit(OnnxGraphBuilder g, string input, string nodeName, int nTargets, string aggregate, string postTransform, double[]? baseValues)
    {
        var attributes = new List<AttributeProto>
        {
            Int("n_targets", nTargets),
            String("aggregate_function", aggregate),
            String("post_transform", postTransform),
            Ints("nodes_treeids", [.. treeIds]),
            Ints("nodes_nodeids", [.. nodeIds]),
            Ints("nodes_featureids", [.. featureIds]),
            Floats("nodes_values", [.. values]),
            Strings("nodes_modes", [.. modes]),
            Ints("nodes_truenodeids", [.. trueIds]),
            Ints("nodes_falsenodeids", [.. falseIds]),
            Ints("nodes_missing_value_tracks_true", [.. missingTrue]),
            Ints("target_treeids", [.. targetTree]),
            Ints("target_nodeids", [.. targetNode]),
            Ints("target_ids", [.. targetId]),
            Floats("target_weights", [.. targetWeight]),
        };
        if (baseValues is not null) attributes.Add(Floats("base_values", Array.ConvertAll(baseValues, v => (float)v)));
        var output = g.Fresh($"{nodeName}/TreeEnsembleRegressor");
        g.Graph.Nodes.Add(new NodeProto("TreeEnsembleRegressor", output, [input], [output], [.. attributes], OnnxExporter.MlDomain));
        return output;
    }
}
