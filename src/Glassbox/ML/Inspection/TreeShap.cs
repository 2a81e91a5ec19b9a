using Glassbox.ML.Ensemble;
using Glassbox.ML.Tree;

namespace Glassbox.ML.Inspection;

/// <summary>
/// Exact SHAP values of tree models (Lundberg, Erion &amp; Lee 2018, "Consistent individualized feature attribution
/// for tree ensembles", Algorithm 2 — the polynomial-time path algorithm, as the <c>shap</c> package's
/// <c>TreeExplainer(feature_perturbation="tree_path_dependent")</c> computes it).
/// </summary>
/// <remarks>
/// <para>
/// <b>What is explained.</b> For a model output f and a row x, the Shapley value of feature i is
/// φᵢ = Σ_{S ⊆ F∖{i}} |S|!·(M − |S| − 1)!/M! · (f_x(S ∪ {i}) − f_x(S)), M = |F| features, where f_x(S) = E[f(X) | X_S = x_S]
/// is read off the tree: at a split on a feature in S follow x's branch, at any other split take both branches weighted
/// by their covers (the training weight that reached them). The φᵢ are the unique attributions that are additive over
/// trees, give 0 to unused features, and satisfy efficiency: f_x(∅) + Σᵢ φᵢ = f(x), with f_x(∅) =
/// <see cref="ExpectedValue"/> the cover-weighted mean leaf value.
/// </para>
/// <para>
/// <b>The algorithm.</b> Enumerating S costs 2^M evaluations. Algorithm 2 instead walks the tree once per row, carrying
/// for the path from the root the list m of distinct features split on so far, each with z (the fraction of cover
/// flowing down this path when the feature is <i>not</i> in S: the product of child/parent cover ratios at its splits)
/// and o (1 if x follows this path at every split on it, else 0 — the case the feature <i>is</i> in S), and weights
/// w(k) = the summed Shapley weight |S|!(d − |S|)!/(d+1)! of all subsets of size k of the path's features, updated
/// as a polynomial when a feature is appended (EXTEND: w'(k+1) += o·w(k)·(k+1)/(d+1), w'(k) = z·w(k)·(d−k)/(d+1)).
/// At a leaf with value v, feature i of the path receives (Σ_k w₋ᵢ(k))·(oᵢ − zᵢ)·v, where w₋ᵢ is the weight list with i
/// removed (UNWIND, the exact inverse of EXTEND). A feature met twice on one path is unwound first and re-extended with
/// the products of its fractions, so each feature appears once. Cost O(L·D²) per row and output for L leaves and
/// depth D, instead of O(L·2^M).
/// </para>
/// <para>
/// <b>Outputs.</b> Regressors: the prediction (histogram boosting: the raw score, before the loss's inverse link —
/// for Poisson the log of the prediction). <see cref="DecisionTreeClassifier"/> and
/// <see cref="RandomForestClassifier"/>: the probability of each class (a forest averages its trees, so its values are
/// the trees' averaged). Gradient-boosting classifiers: the raw decision function (log-odds; one output for two classes,
/// one per class otherwise) — additivity holds in that space, not after the sigmoid or softmax.
/// </para>
/// <para>
/// <b>Covers.</b> CART-based models (trees, forests, <see cref="GradientBoostingClassifier"/>/<see cref="GradientBoostingRegressor"/>)
/// store each node's training weight and use it. Histogram boosting stores none, so a background set is required — pass
/// the training X; its rows reaching each node then reproduce the counts the trees were grown on. A background set
/// given for the other models replaces their stored covers the same way.
/// </para>
/// </remarks>
public sealed class TreeShap
{
    private readonly ShapTree[] trees;
    private readonly double[] baseValue;
    private readonly int nFeatures, maxDepth;

    /// <summary>Prepares the explainer.</summary>
    /// <param name="model">A fitted DecisionTree, RandomForest, GradientBoosting or HistGradientBoosting regressor or classifier.</param>
    /// <param name="background">Rows [n, p] whose passage through the trees defines the covers; required for histogram
    /// boosting, optional otherwise.</param>
    public TreeShap(IEstimator model, Tensor? background = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.IsFitted) throw new NotFittedException(model.GetType().Name, nameof(TreeShap));
        (trees, baseValue, nFeatures) = Build(model);
        if (background is not null)
        {
            var (b, n, p) = InspectionInput.Matrix(background, "TreeShap background");
            if (p != nFeatures) throw new ArgumentException($"TreeShap: background has {p} features, the model {nFeatures}", nameof(background));
            foreach (var t in trees) t.CoverFrom(b, n);
        }
        else if (model is HistGradientBoostingClassifier or HistGradientBoostingRegressor)
            throw new ArgumentException($"TreeShap: {model.GetType().Name} stores no node counts; pass its training X as background", nameof(background));
        maxDepth = trees.Length == 0 ? 0 : trees.Max(t => t.Depth());
        ExpectedValue = new double[baseValue.Length];
        for (int o = 0; o < baseValue.Length; o++) ExpectedValue[o] = baseValue[o];
        foreach (var t in trees)
            for (int nd = 0; nd < t.Left.Length; nd++)
                if (t.Left[nd] < 0 && t.Cover[0] > 0)
                    for (int c = 0; c < t.Outputs; c++) ExpectedValue[t.FirstOutput + c] += t.Cover[nd] / t.Cover[0] * t.Values[nd * t.Outputs + c];
    }

    /// <summary>f_x(∅) per output: the model's mean output under the covers (shap's <c>expected_value</c>).</summary>
    public double[] ExpectedValue { get; }

    /// <summary>The trees as the algorithm reads them (for the brute-force check of the tests).</summary>
    internal IReadOnlyList<ShapTree> Trees => trees;

    /// <summary>The output before any tree (0, or the boosting start F₀).</summary>
    internal IReadOnlyList<double> BaseValue => baseValue;

    /// <summary>Number of explained outputs (see the remarks).</summary>
    public int NOutputs => baseValue.Length;

    /// <summary>The model output TreeShap explains, per row [n, NOutputs] (the sum of the leaf values and the base).</summary>
    public Tensor Output(Tensor x)
    {
        var (a, n, p) = Rows(x);
        int k = NOutputs;
        var r = new double[n * k];
        for (int i = 0; i < n; i++)
        {
            for (int o = 0; o < k; o++) r[i * k + o] = baseValue[o];
            foreach (var t in trees)
            {
                int leaf = t.Leaf(a, i);
                for (int c = 0; c < t.Outputs; c++) r[i * k + t.FirstOutput + c] += t.Values[leaf * t.Outputs + c];
            }
        }
        return Tensor.FromArray(r, n, k);
    }

    /// <summary>SHAP values [n, n_features, NOutputs] of each row (<c>shap_values</c>); per row and output,
    /// Σ_features φ + <see cref="ExpectedValue"/> = <see cref="Output"/>.</summary>
    public Tensor ShapValues(Tensor x)
    {
        var (a, n, p) = Rows(x);
        int k = NOutputs;
        var phi = new double[n * p * k];
        Kernels.Par.For(n, 8, (s, len) =>
        {
            // level L of the recursion holds L + 1 entries at offset (L + 1)(L + 2)/2; L ≤ the tree depth
            var path = new PathElement[(maxDepth + 2) * (maxDepth + 3) / 2 + maxDepth + 3];
            for (int i = s; i < s + len; i++)
                foreach (var t in trees)
                    Recurse(t, a, i, phi.AsSpan(i * p * k, p * k), k, path, 0, 0, 0, 1, 1, -1);
        });
        return Tensor.FromArray(phi, [n, p, k]);
    }

    private (double[] A, int N, int P) Rows(Tensor x)
    {
        var (a, n, p) = InspectionInput.Matrix(x, "TreeShap");
        if (p != nFeatures) throw new ArgumentException($"TreeShap: X has {p} features, the model {nFeatures}", nameof(x));
        return (a, n, p);
    }

    /// <summary>An entry of the feature path: feature d, zero fraction z, one fraction o, path weight w.</summary>
    private struct PathElement
    {
        public int Feature;
        public double Zero, One, Weight;
    }

    /// <summary>
    /// The recursion of Algorithm 2 at <paramref name="node"/> (the layout of shap's <c>tree_shap_recursive</c>): this
    /// level's path lives in <paramref name="buffer"/> right after the parent's; it is the parent's path extended by the
    /// split that led here. A leaf credits every path feature; a split first unwinds an earlier split on the same feature,
    /// then recurses into the hot child (x's branch: z scaled by the cover ratio, o kept) and the cold one (o = 0).
    /// </summary>
    private static void Recurse(ShapTree t, double[] x, int row, Span<double> phi, int k, PathElement[] buffer, int node, int parentAt,
        int depth, double parentZero, double parentOne, int parentFeature)
    {
        int at = parentAt + depth + 1;
        var path = buffer.AsSpan(at, depth + 1);
        buffer.AsSpan(parentAt, depth + 1).CopyTo(path);
        Extend(path, depth, parentZero, parentOne, parentFeature);
        if (t.Left[node] < 0)
        {
            for (int i = 1; i <= depth; i++)
            {
                double scale = UnwoundPathSum(path, depth, i) * (path[i].One - path[i].Zero);
                int f = path[i].Feature * k + t.FirstOutput;
                for (int c = 0; c < t.Outputs; c++) phi[f + c] += scale * t.Values[node * t.Outputs + c];
            }
            return;
        }
        int split = t.Feature[node];
        bool left = t.GoesLeft(node, x, row);
        int hot = left ? t.Left[node] : t.Right[node], cold = left ? t.Right[node] : t.Left[node];
        double cover = t.Cover[node];
        double hotZero = cover > 0 ? t.Cover[hot] / cover : 0, coldZero = cover > 0 ? t.Cover[cold] / cover : 0;
        double inZero = 1, inOne = 1;
        int pi = 0;
        while (pi <= depth && path[pi].Feature != split) pi++;
        if (pi <= depth)
        {
            inZero = path[pi].Zero;
            inOne = path[pi].One;
            Unwind(path, depth, pi);
            depth--;
        }
        Recurse(t, x, row, phi, k, buffer, hot, at, depth + 1, hotZero * inZero, inOne, split);
        Recurse(t, x, row, phi, k, buffer, cold, at, depth + 1, coldZero * inZero, 0, split);
    }

    /// <summary>UNWIND: removes entry <paramref name="index"/> from a path of depth+1 entries, undoing its EXTEND on the
    /// weights (the division runs the recurrence backwards: by o where the feature was followed, else by z).</summary>
    private static void Unwind(Span<PathElement> path, int depth, int index)
    {
        double one = path[index].One, zero = path[index].Zero, next = path[depth].Weight;
        for (int i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                double tmp = path[i].Weight;
                path[i].Weight = next * (depth + 1) / ((i + 1) * one);
                next = tmp - path[i].Weight * zero * (depth - i) / (depth + 1);
            }
            else path[i].Weight = path[i].Weight * (depth + 1) / (zero * (depth - i));
        }
        for (int i = index; i < depth; i++)
        {
            path[i].Feature = path[i + 1].Feature;
            path[i].Zero = path[i + 1].Zero;
            path[i].One = path[i + 1].One;
        }
    }

    /// <summary>Σ of the weights UNWIND would leave after removing entry <paramref name="index"/>, without changing the path.</summary>
    private static double UnwoundPathSum(Span<PathElement> path, int depth, int index)
    {
        double one = path[index].One, zero = path[index].Zero, next = path[depth].Weight, total = 0;
        for (int i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                double tmp = next * (depth + 1) / ((i + 1) * one);
                total += tmp;
                next = path[i].Weight - tmp * zero * ((depth - i) / (double)(depth + 1));
            }
            else if (zero != 0) total += path[i].Weight / zero / ((depth - i) / (double)(depth + 1));
        }
        return total;
    }

    /// <summary>EXTEND: appends (feature, z, o) to a path of <paramref name="depth"/> entries and updates the weights.</summary>
    private static void Extend(Span<PathElement> path, int depth, double zero, double one, int feature)
    {
        path[depth] = new PathElement { Feature = feature, Zero = zero, One = one, Weight = depth == 0 ? 1 : 0 };
        for (int i = depth - 1; i >= 0; i--)
        {
            path[i + 1].Weight += one * path[i].Weight * (i + 1) / (depth + 1);
            path[i].Weight = zero * path[i].Weight * (depth - i) / (depth + 1);
        }
    }

    /// <summary>The trees, the base output (0, or the boosting start F₀) and the feature count of a supported model.</summary>
    private static (ShapTree[] Trees, double[] Base, int Features) Build(IEstimator model)
    {
        switch (model)
        {
            case DecisionTreeRegressor m:
                return ([ShapTree.FromCart(m.Tree, 1, false)], [0.0], m.NFeaturesIn);
            case DecisionTreeClassifier m:
                return ([ShapTree.FromCart(m.Tree, 1, true)], new double[m.Tree.NValues], m.NFeaturesIn);
            case RandomForestRegressor m:
                return (m.Trees.Select(t => ShapTree.FromCart(t, 1.0 / m.Trees.Count, false)).ToArray(), [0.0], m.NFeaturesIn);
            case RandomForestClassifier m:
                return (m.Trees.Select(t => ShapTree.FromCart(t, 1.0 / m.Trees.Count, true)).ToArray(), new double[m.Trees[0].NValues], m.NFeaturesIn);
            case GradientBoostingRegressor m:
                return (Boosted(m.FittedModel), (double[])m.FittedModel.Init.Clone(), m.NFeaturesIn);
            case GradientBoostingClassifier m:
                return (Boosted(m.FittedModel), (double[])m.FittedModel.Init.Clone(), m.NFeaturesIn);
            case HistGradientBoostingRegressor m:
                return (Hist(m.FittedTrees, m.NFeaturesIn), (double[])m.BaselinePrediction.Clone(), m.NFeaturesIn);
            case HistGradientBoostingClassifier m:
                return (Hist(m.FittedTrees, m.NFeaturesIn), (double[])m.BaselinePrediction.Clone(), m.NFeaturesIn);
            default:
                throw new NotSupportedException($"TreeShap: {model.GetType().Name} is not a tree model; supported are DecisionTree, RandomForest, GradientBoosting and HistGradientBoosting regressors and classifiers");
        }
    }

    private static ShapTree[] Boosted(GbModel g) =>
        g.Trees.SelectMany(stage => stage.Select((t, c) => ShapTree.FromCart(t, g.LearningRate, false, c))).ToArray();

    private static ShapTree[] Hist(HistTree[][] trees, int p) =>
        trees.SelectMany(it => it.Select((t, c) => ShapTree.FromHist(t, p, c))).ToArray();
}
