namespace Glassbox.Models;

/// <summary>
/// A decoded sequence: its tokens (without the start token; with the end token when it finished), the summed
/// log-probability of those tokens, and the length-normalised score that beam search ranks by.
/// </summary>
public sealed record Hypothesis(IReadOnlyList<int> Tokens, double LogProb, double Score, bool Finished);
