namespace Glassbox.Data;

/// <summary>
/// A small dataset shipped inside the library (scikit-learn's <c>Bunch</c> from <c>load_iris()</c> etc.):
/// a float64 design matrix, targets, and names. Deconstructs as <c>var (X, y) = BuiltinDatasets.LoadIris();</c>
/// like <c>return_X_y=True</c>.
/// </summary>
/// <param name="Name">Dataset name, e.g. <c>"iris"</c>.</param>
/// <param name="X">Features, float64 [n_samples, n_features] (<c>bunch.data</c>).</param>
/// <param name="Y">Targets, [n_samples]: int64 class indices for classification, float64 for regression (<c>bunch.target</c>).</param>
/// <param name="FeatureNames">One name per column of <paramref name="X"/> (<c>bunch.feature_names</c>).</param>
/// <param name="TargetNames">Class names indexed by label, empty for regression (<c>bunch.target_names</c>).</param>
public sealed record BuiltinDataset(string Name, Tensor X, Tensor Y, IReadOnlyList<string> FeatureNames, IReadOnlyList<string> TargetNames)
{
    /// <summary>Number of samples.</summary>
    public int Count => X.Size(0);

    /// <summary>Splits into (X, y), as scikit-learn's <c>return_X_y=True</c>.</summary>
    public void Deconstruct(out Tensor x, out Tensor y) { x = X; y = Y; }
}
