using Glassbox.ML.Calibration;
using Glassbox.ML.Cluster;
using Glassbox.ML.Decomposition;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Imbalance;
using Glassbox.ML.Isotonic;
using Glassbox.ML.Linear;
using Glassbox.ML.Manifold;
using Glassbox.ML.Mixture;
using Glassbox.ML.ModelSelection;
using Glassbox.ML.NaiveBayes;
using Glassbox.ML.Neighbors;
using Glassbox.ML.Preprocessing;
using Glassbox.ML.Svm;
using Glassbox.ML.Tree;

namespace Glassbox.ML;

/// <summary>
/// The estimators a model file may name: a fixed table from name to type, and the only way <see cref="ModelFile"/>
/// turns the file's <c>"type"</c> string into a type.
/// </summary>
/// <remarks>
/// <para>
/// Why a table and not <c>Type.GetType</c>: resolving a type name taken from a file lets the file pick any type in
/// any loaded assembly and run its public constructor with arguments from the file — a file naming
/// <c>System.Net.Sockets.TcpClient</c> with a host and port would open a connection. With the table, a name that is
/// not listed is rejected by a dictionary lookup, before any reflection on it, so nothing outside the list can be
/// touched.
/// </para>
/// <para>
/// Files are written with the short name (<c>"Ridge"</c>). The full type name (<c>"Glassbox.ML.Linear.Ridge"</c>),
/// which files written before the table used, is read as an alias of the same entry. Every public concrete subclass
/// of <see cref="Estimator{TSelf}"/> in this library must be listed here (a test checks it by reflection); the
/// search estimators are listed so that their files get a precise error ("cannot be loaded") rather than "unknown".
/// </para>
/// </remarks>
public static class EstimatorRegistry
{
    private static readonly Type[] Types =
    [
        typeof(LinearRegression), typeof(Ridge), typeof(Lasso), typeof(ElasticNet), typeof(LogisticRegression),
        typeof(GaussianNB), typeof(MultinomialNB), typeof(BernoulliNB),
        typeof(KNeighborsClassifier), typeof(KNeighborsRegressor),
        typeof(StandardScaler), typeof(MinMaxScaler), typeof(RobustScaler), typeof(PolynomialFeatures), typeof(SimpleImputer),
        typeof(OneHotEncoder), typeof(OrdinalEncoder), typeof(TargetEncoder),
        typeof(Pipeline),
        typeof(SVC), typeof(SVR), typeof(LinearSVC),
        typeof(KMeans), typeof(MiniBatchKMeans), typeof(GaussianMixture), typeof(PCA), typeof(TSNE),
        typeof(DecisionTreeClassifier), typeof(DecisionTreeRegressor),
        typeof(RandomForestClassifier), typeof(RandomForestRegressor),
        typeof(GradientBoostingClassifier), typeof(GradientBoostingRegressor),
        typeof(HistGradientBoostingClassifier), typeof(HistGradientBoostingRegressor),
        typeof(GridSearchCV), typeof(RandomizedSearchCV),
        typeof(IsotonicRegression), typeof(CalibratedClassifierCV), typeof(StackingClassifier), typeof(StackingRegressor),
        typeof(FixedThresholdClassifier), typeof(TunedThresholdClassifierCV),
        typeof(RandomOverSampler), typeof(RandomUnderSampler), typeof(Smote),
    ];

    private static readonly Dictionary<string, Type> ByName = BuildIndex();

    private static Dictionary<string, Type> BuildIndex()
    {
        var d = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var t in Types)
        {
            d.Add(t.Name, t);
            d.Add(t.FullName!, t);
        }
        return d;
    }

    /// <summary>Every registered estimator type, in table order.</summary>
    public static IReadOnlyList<Type> All => Types;

    /// <summary>The name written to model files for <paramref name="type"/> (its short name), or null if it is not registered.</summary>
    public static string? NameOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return ByName.TryGetValue(type.Name, out var t) && t == type ? type.Name : null;
    }

    /// <summary>
    /// Looks up the estimator type of a model file's <c>"type"</c> string: a short name or the full type name of a
    /// registered estimator, compared exactly (case-sensitive). Anything else, including assembly-qualified names,
    /// is not found.
    /// </summary>
    public static bool TryGetType(string name, out Type type)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ByName.TryGetValue(name, out var t)) { type = t; return true; }
        type = typeof(void);
        return false;
    }
}
