using System.Diagnostics;

namespace Glassbox.RL.Wrappers;

/// <summary>
/// Adds <see cref="EnvInfo.Episode"/> (return, length, seconds) to the info of the step that ends an episode, and
/// keeps the last <see cref="BufferLength"/> returns and lengths (Gymnasium's <c>RecordEpisodeStatistics</c>).
/// </summary>
/// <remarks>Wrap each sub-environment with it before building a vector environment: the final step's info (which the
/// NEXT_STEP autoreset returns unchanged) then carries the finished episode's statistics.</remarks>
public sealed class RecordEpisodeStatistics<TObs, TAct> : Wrapper<TObs, TAct>
{
    private readonly Queue<double> returns = new();
    private readonly Queue<int> lengths = new();
    private readonly Stopwatch clock = new();
    private double episodeReturn;
    private int episodeLength;

    /// <summary>Wraps <paramref name="inner"/>, keeping the statistics of the last <paramref name="bufferLength"/> episodes.</summary>
    public RecordEpisodeStatistics(IEnv<TObs, TAct> inner, int bufferLength = 100) : base(inner)
    {
        if (bufferLength < 1) throw new ArgumentOutOfRangeException(nameof(bufferLength), bufferLength, $"RecordEpisodeStatistics({inner.Id}): bufferLength must be at least 1, got {bufferLength}");
        BufferLength = bufferLength;
    }

    /// <summary>How many finished episodes <see cref="ReturnQueue"/> and <see cref="LengthQueue"/> keep.</summary>
    public int BufferLength { get; }

    /// <summary>Returns of the most recent finished episodes, oldest first.</summary>
    public IReadOnlyCollection<double> ReturnQueue => returns;

    /// <summary>Lengths of the most recent finished episodes, oldest first.</summary>
    public IReadOnlyCollection<int> LengthQueue => lengths;

    /// <summary>Number of episodes finished since construction.</summary>
    public int EpisodeCount { get; private set; }

    /// <inheritdoc/>
    public override ResetResult<TObs> Reset(long? seed = null)
    {
        var r = Inner.Reset(seed);
        episodeReturn = 0;
        episodeLength = 0;
        clock.Restart();
        return r;
    }

    /// <inheritdoc/>
    public override StepResult<TObs> Step(TAct action)
    {
        var r = Inner.Step(action);
        episodeReturn += r.Reward;
        episodeLength++;
        if (r.Terminated || r.Truncated)
        {
            var stats = new EpisodeStatistics(episodeReturn, episodeLength, Math.Round(clock.Elapsed.TotalSeconds, 6));
            returns.Enqueue(episodeReturn);
            lengths.Enqueue(episodeLength);
            if (returns.Count > BufferLength) { returns.Dequeue(); lengths.Dequeue(); }
            EpisodeCount++;
            r = r with { Info = r.Info with { Episode = stats } };
        }
        return r;
    }
}
