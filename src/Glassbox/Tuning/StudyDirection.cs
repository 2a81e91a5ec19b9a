namespace Glassbox.Tuning;

/// <summary>Whether a study looks for the smallest or the largest objective value (Optuna's <c>StudyDirection</c>).</summary>
public enum StudyDirection
{
    /// <summary>Smaller is better (losses, errors).</summary>
    Minimize,

    /// <summary>Larger is better (accuracies, scores).</summary>
    Maximize,
}
