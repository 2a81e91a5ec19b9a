namespace Glassbox.Models;

/// <summary>
/// Decoding an autoregressive model one sequence at a time: greedy (the most likely token at every step) and beam
/// search (the k most likely prefixes at every step), over any model written as a <see cref="DecodeStep{TState}"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Beam search.</b> Each of the k live prefixes is extended by every token; of all k·V extensions the k with the
/// highest summed log-probability are kept (ties go to the lower beam, then the lower token id, so the search is
/// deterministic). An extension ending in the end token is finished and set aside; the others stay live. The search
/// stops when k hypotheses have finished, none is live, or <c>maxLength</c> tokens have been produced; the answer is
/// the finished hypothesis (or, when none finished, the live one) with the best length-normalised score.
/// </para>
/// <para>
/// <b>Length normalisation.</b> Summed log-probabilities only fall as a sequence grows, so an unnormalised search
/// prefers short outputs. The score is log P / |y|^α with |y| the number of tokens including the end token
/// (α = <c>lengthPenalty</c>; 0 ranks by log P, 1 by the mean log-probability per token — the form of Hugging Face's
/// <c>length_penalty</c>; GNMT's ((5 + |y|)/6)^α is a smoother variant).
/// </para>
/// <para>
/// With k = 1 the search keeps exactly the argmax extension at every step and stops when it is the end token, which is
/// greedy decoding: the two give the same tokens and log-probability (a test checks it).
/// </para>
/// </remarks>
public static class SequenceSearch
{
    /// <summary>Greedy decoding from <paramref name="initial"/>, feeding <paramref name="startToken"/> first; stops at <paramref name="endToken"/> or after <paramref name="maxLength"/> tokens.</summary>
    public static Hypothesis Greedy<TState>(TState initial, DecodeStep<TState> step, int startToken, int endToken, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), $"greedy search: maxLength must be at least 1, got {maxLength}");
        var tokens = new List<int>();
        double logProb = 0;
        int token = startToken;
        var state = initial;
        while (tokens.Count < maxLength)
        {
            var (lp, next) = step(token, state);
            token = ArgMax(lp);
            logProb += lp[token];
            tokens.Add(token);
            state = next;
            if (token == endToken) break;
        }
        bool finished = tokens[^1] == endToken;
        return new Hypothesis(tokens, logProb, logProb, finished);
    }

    /// <summary>Beam search of width <paramref name="beamWidth"/>; returns the best hypothesis (see the class remarks).</summary>
    public static Hypothesis Beam<TState>(TState initial, DecodeStep<TState> step, int startToken, int endToken, int maxLength, int beamWidth, double lengthPenalty = 1.0)
        => BeamAll(initial, step, startToken, endToken, maxLength, beamWidth, lengthPenalty)[0];

    /// <summary>Beam search returning every finished hypothesis (or the live ones when none finished), best score first.</summary>
    public static IReadOnlyList<Hypothesis> BeamAll<TState>(TState initial, DecodeStep<TState> step, int startToken, int endToken, int maxLength, int beamWidth, double lengthPenalty = 1.0)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (beamWidth < 1) throw new ArgumentOutOfRangeException(nameof(beamWidth), $"beam search: beamWidth must be at least 1, got {beamWidth}");
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), $"beam search: maxLength must be at least 1, got {maxLength}");
        if (lengthPenalty < 0 || double.IsNaN(lengthPenalty)) throw new ArgumentOutOfRangeException(nameof(lengthPenalty), $"beam search: lengthPenalty must be non-negative, got {lengthPenalty}");
        var live = new List<(List<int> Tokens, double LogProb, TState State)> { ([], 0.0, initial) };
        var finished = new List<Hypothesis>();
        for (int length = 1; length <= maxLength && live.Count > 0 && finished.Count < beamWidth; length++)
        {
            var candidates = new List<(int Beam, int Token, double LogProb)>();
            var nextStates = new TState[live.Count];
            for (int b = 0; b < live.Count; b++)
            {
                var (tokens, lp0, state) = live[b];
                var (lp, next) = step(tokens.Count == 0 ? startToken : tokens[^1], state);
                nextStates[b] = next;
                for (int t = 0; t < lp.Length; t++)
                    if (!double.IsNegativeInfinity(lp[t]) && !double.IsNaN(lp[t])) candidates.Add((b, t, lp0 + lp[t]));
            }
            // Stable sort on the score alone keeps (beam, token) order among ties.
            var best = candidates.OrderByDescending(c => c.LogProb).Take(beamWidth - finished.Count).ToList();
            var nextLive = new List<(List<int>, double, TState)>();
            foreach (var (b, t, lp) in best)
            {
                var tokens = new List<int>(live[b].Tokens) { t };
                if (t == endToken) finished.Add(new Hypothesis(tokens, lp, Normalise(lp, tokens.Count, lengthPenalty), true));
                else nextLive.Add((tokens, lp, nextStates[b]));
            }
            live = nextLive;
        }
        var pool = finished.Count > 0 ? finished
            : live.Select(h => new Hypothesis(h.Tokens, h.LogProb, Normalise(h.LogProb, h.Tokens.Count, lengthPenalty), false)).ToList();
        return pool.OrderByDescending(h => h.Score).ToList();
    }

    private static double Normalise(double logProb, int length, double alpha) => alpha == 0 ? logProb : logProb / Math.Pow(length, alpha);

    private static int ArgMax(double[] v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
