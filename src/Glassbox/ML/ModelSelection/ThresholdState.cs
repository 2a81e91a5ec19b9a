namespace Glassbox.ML.ModelSelection;

/// <summary>Model-file reading shared by the threshold classifiers.</summary>
internal static class ThresholdState
{
    /// <summary>Reads the fitted inner classifier saved under "estimator" and checks it is one the predictions can use:
    /// fitted on the same features, with the same classes and the scores the response method needs.</summary>
    public static IEstimator LoadEstimator(ModelState state, long[] classes, IEstimator declared, ResponseMethod? method)
    {
        var e = state.GetEstimator("estimator");
        if (!e.IsFitted || e is not IClassifier c || !c.Classes.ToArray<long>().SequenceEqual(classes))
            throw state.Invalid("estimator", $"expected a fitted classifier over the classes [{string.Join(", ", classes)}]");
        if (!BinaryResponse.Supports(e, method ?? BinaryResponse.Resolve(declared, null)))
            throw state.Invalid("estimator", $"{e.GetType().Name} lacks the {BinaryResponse.Resolve(declared, method)} the threshold cuts");
        if (e is IJsonEstimator je && je.FeaturesIn != state.NFeaturesIn)
            throw state.Invalid("estimator", $"expected {state.NFeaturesIn} input features, got {je.FeaturesIn}");
        return e;
    }
}
