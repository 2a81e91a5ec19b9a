namespace Glassbox.RL;

/// <summary>
/// What Gymnasium's <c>RecordEpisodeStatistics</c> reports when an episode ends: the undiscounted return
/// (<c>r</c>), the number of steps (<c>l</c>) and the wall-clock seconds since the reset (<c>t</c>).
/// </summary>
public readonly record struct EpisodeStatistics(double Return, int Length, double Seconds);
