namespace Glassbox.Text;

/// <summary>What <see cref="BpeTrainer.Train(byte[], int, int)"/> learned, with the statistics of the run.</summary>
/// <param name="Tokenizer">The trained tokenizer (ids 0..255 single bytes, then one per merge).</param>
/// <param name="MergeCounts">How often each merge's pair occurred in the corpus when it was chosen, in merge order
/// (non-increasing: a pair that contains a new token occurs at most as often as the merge that made it).</param>
/// <param name="TokenCounts">Length of the training corpus in tokens after 0, 1, 2, … merges: element 0 is the byte
/// count and element k the count with the first k merges, so CorpusBytes / TokenCounts[k] is the compression
/// (bytes per token) at vocabulary size 256 + k.</param>
/// <param name="CorpusBytes">Training corpus size in bytes.</param>
/// <param name="DistinctPieces">Number of distinct pre-tokenised pieces the corpus had.</param>
public sealed record BpeTrainingResult(BpeTokenizer Tokenizer, IReadOnlyList<long> MergeCounts, IReadOnlyList<long> TokenCounts,
    long CorpusBytes, int DistinctPieces)
{
    /// <summary>Bytes per token on the training corpus with the whole vocabulary.</summary>
    public double BytesPerToken => TokenCounts[^1] == 0 ? 0 : (double)CorpusBytes / TokenCounts[^1];
}
