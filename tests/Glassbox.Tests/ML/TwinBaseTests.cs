using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Neighbors;
using Glassbox.ML.Tree;
using Glassbox.Testing;

namespace Glassbox.Tests.ML;

/// <summary>
/// The classifier/regressor twins share one generic base class per model family, and every hyperparameter both
/// constructors take with the same type is declared once, on that family's bases — so its doc comment and its
/// constraint entry cannot drift apart between the two estimators.
/// </summary>
public class TwinBaseTests
{
    /// <summary>Each pair, its family base, and how many hyperparameters the two share (counted from the constructors,
    /// which follow sklearn's signatures).</summary>
    public static TheoryData<Type, Type, Type, int> Twins() => new()
    {
        // criterion, max_depth, min_samples_split, min_samples_leaf, max_features, random_state, min_impurity_decrease,
        // ccp_alpha, max_leaf_nodes (class_weight is the classifier's only)
        { typeof(DecisionTreeClassifier), typeof(DecisionTreeRegressor), typeof(DecisionTreeBase<>), 9 },
        // the nine CART ones plus n_estimators, bootstrap, oob_score, n_jobs, max_samples
        { typeof(RandomForestClassifier), typeof(RandomForestRegressor), typeof(ForestBase<>), 14 },
        // everything but loss (a different enum per twin) and the regressor's alpha
        { typeof(GradientBoostingClassifier), typeof(GradientBoostingRegressor), typeof(GradientBoostingBase<>), 14 },
        // everything but the regressor's loss and quantile
        { typeof(HistGradientBoostingClassifier), typeof(HistGradientBoostingRegressor), typeof(HistGradientBoostingBase<>), 13 },
        { typeof(KNeighborsClassifier), typeof(KNeighborsRegressor), typeof(KNeighborsBase<>), 5 },
    };

    /// <summary>Each pair with one shared hyperparameter and a value outside its range.</summary>
    public static TheoryData<Type, Type, string, object> OutOfRange() => new()
    {
        { typeof(DecisionTreeClassifier), typeof(DecisionTreeRegressor), "MinSamplesLeaf", 0 },
        { typeof(RandomForestClassifier), typeof(RandomForestRegressor), "NEstimators", 0 },
        { typeof(GradientBoostingClassifier), typeof(GradientBoostingRegressor), "LearningRate", 0.0 },
        { typeof(HistGradientBoostingClassifier), typeof(HistGradientBoostingRegressor), "MaxBins", 1 },
        { typeof(KNeighborsClassifier), typeof(KNeighborsRegressor), "LeafSize", 0 },
    };

    private static Dictionary<string, Type> Params(Type t) =>
        t.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters()
            .ToDictionary(p => char.ToUpperInvariant(p.Name![0]) + p.Name[1..], p => p.ParameterType);

    private static Type? GenericDefinition(Type? t) => t is { IsGenericType: true } ? t.GetGenericTypeDefinition() : null;

    [Theory, MemberData(nameof(Twins))]
    public void SharedHyperparametersAreDeclaredOnceOnTheFamilyBase(Type classifier, Type regressor, Type family, int shared)
    {
        Assert.Equal(family, GenericDefinition(classifier.BaseType));
        Assert.Equal(family, GenericDefinition(regressor.BaseType));
        Assert.True(typeof(IProbabilisticClassifier).IsAssignableFrom(classifier), $"{classifier.Name} is a probabilistic classifier");
        Assert.True(typeof(IRegressor).IsAssignableFrom(regressor), $"{regressor.Name} is a regressor");
        var c = Params(classifier);
        var r = Params(regressor);
        var both = c.Keys.Where(k => r.TryGetValue(k, out var rt) && rt == c[k]).ToList();
        Assert.Equal(shared, both.Count);
        foreach (var name in both)
        {
            var onClassifier = classifier.GetProperty(name)!.DeclaringType!;
            var onRegressor = regressor.GetProperty(name)!.DeclaringType!;
            Assert.True(onClassifier.IsAbstract && onClassifier.IsGenericType, $"{classifier.Name}.{name} is declared on {onClassifier.Name}, not on a family base");
            Assert.Equal(onClassifier.GetGenericTypeDefinition(), GenericDefinition(onRegressor));
        }
    }

    [Theory, MemberData(nameof(OutOfRange))]
    public void BothTwinsEnforceTheSharedConstraintEntryAlike(Type classifier, Type regressor, string name, object bad)
    {
        string Message(Type t, DataKind kind)
        {
            var (x, y) = EstimatorChecks.Data(kind);
            var ctor = t.GetConstructors().MaxBy(c => c.GetParameters().Length)!;
            var defaults = (IEstimator)ctor.Invoke(ctor.GetParameters().Select(p => p.DefaultValue).ToArray());
            var e = defaults.Clone(new Dictionary<string, object?> { [name] = bad });
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => e.Fit(x, y));
            Assert.Equal(name, error.ParamName);
            Assert.StartsWith($"{t.Name}: hyperparameter {name} must be ", error.Message);
            return error.Message[t.Name.Length..];
        }
        Assert.Equal(Message(classifier, DataKind.Classification), Message(regressor, DataKind.Regression));
    }
}
