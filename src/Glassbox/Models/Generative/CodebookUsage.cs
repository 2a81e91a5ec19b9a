namespace Glassbox.Models.Generative;

/// <summary>
/// How evenly a codebook is used, from the number of vectors assigned to each of its K codes.
/// </summary>
/// <param name="Perplexity">exp(H), H = −Σ_k p_k log p_k with p_k = n_k / Σ_j n_j (0·log 0 = 0): the number of equally
/// used codes that would give the same entropy — K for uniform use, 1 when a single code takes every vector.</param>
/// <param name="UsedShare">The share of the K codes chosen at least once, in [0, 1].</param>
/// <param name="Used">The number of codes chosen at least once.</param>
/// <param name="NumCodes">K.</param>
public sealed record CodebookUsage(double Perplexity, double UsedShare, int Used, int NumCodes)
{
    /// <summary>The usage statistics of per-code counts (e.g. summed over a whole test set).</summary>
    /// <exception cref="ArgumentException">The counts are empty, negative, or all zero.</exception>
    public static CodebookUsage FromCounts(IReadOnlyList<long> counts)
    {
        if (counts.Count == 0) throw new ArgumentException("CodebookUsage: no codes");
        if (counts.Any(c => c < 0)) throw new ArgumentException("CodebookUsage: a count is negative");
        double total = counts.Sum();
        if (total == 0) throw new ArgumentException("CodebookUsage: no vector was assigned to any code");
        double entropy = 0;
        foreach (long c in counts)
            if (c > 0) { double p = c / total; entropy -= p * Math.Log(p); }
        int used = counts.Count(c => c > 0);
        return new CodebookUsage(Math.Exp(entropy), (double)used / counts.Count, used, counts.Count);
    }
}
