using System.Diagnostics;
using Glassbox.NN;

namespace Glassbox.Milestones.Bench;

/// <summary>One measurement of <c>glassbox bench attention</c>.</summary>
/// <param name="T">Sequence length (L = S = T).</param>
/// <param name="Causal">Whether the causal mask was applied.</param>
/// <param name="Backend">"fused" or "composed".</param>
/// <param name="Seconds">Mean seconds of one forward + backward.</param>
/// <param name="Gflops">Useful floating-point work per second (see <see cref="AttentionBenchmark.Flops"/>).</param>
/// <param name="SavedMb">Managed memory the forward leaves alive for the backward (output included), in MiB.</param>
/// <param name="AllocatedMb">Managed memory allocated by one forward + backward, in MiB.</param>
public readonly record struct AttentionBenchResult(int T, bool Causal, string Backend, double Seconds, double Gflops, double SavedMb, double AllocatedMb);

/// <summary>
/// The Glassbox side of <c>glassbox bench attention</c> (twin: tools/reference/bench_attention_torch.py):
/// <see cref="F.ScaledDotProductAttention"/> forward + backward on float32 q, k, v of shape [8, T, 64]
/// (batch·heads = 8, head dim 64), fused kernel against the composed graph.
/// </summary>
/// <remarks>
/// <para>Timing: one warm-up call, then calls are repeated until at least 3 and 1 s; the mean is reported. The backward
/// is seeded with an upstream gradient of ones.</para>
/// <para>Memory: "saved" is the growth of the live managed heap (after a full collection) from before the forward to
/// after it, while the output and its graph are alive — what a training step must hold per attention layer until the
/// backward runs: the composed graph keeps the [T, T] scores and weights per head, the fused kernel one log-sum-exp per
/// row. "allocated" is every managed byte allocated by one forward + backward, short-lived buffers included.</para>
/// </remarks>
public static class AttentionBenchmark
{
    /// <summary>Batch·heads of every configuration.</summary>
    public const int BatchHeads = 8;
    /// <summary>Head dimension of every configuration.</summary>
    public const int HeadDim = 64;

    /// <summary>
    /// Useful work of one forward + backward, counted as PyTorch's side counts it: the forward's two T×T×d products
    /// (QKᵀ and PV) and the backward's four (dV, dP, dQ, dK), 2 flops per multiply-add — 12·BH·T²·d, halved when causal.
    /// The fused backward's recomputation of the scores (and its second dP) is not counted as useful work.
    /// </summary>
    public static double Flops(int t, bool causal) => 12.0 * BatchHeads * t * (double)t * HeadDim * (causal ? 0.5 : 1.0);

    /// <summary>Measures one configuration.</summary>
    public static AttentionBenchResult Run(int t, bool causal, bool fused, ulong seed = 0)
    {
        var gen = new Generator(seed);
        var q = Tensor.Randn([BatchHeads, t, HeadDim], generator: gen).RequiresGrad_();
        var k = Tensor.Randn([BatchHeads, t, HeadDim], generator: gen).RequiresGrad_();
        var v = Tensor.Randn([BatchHeads, t, HeadDim], generator: gen).RequiresGrad_();
        var ones = Tensor.Ones([BatchHeads, t, HeadDim], DType.Float32);
        var previous = F.AttentionBackend;
        F.AttentionBackend = fused ? AttentionBackend.Fused : AttentionBackend.Composed;
        try
        {
            void Once()
            {
                var y = F.ScaledDotProductAttention(q, k, v, isCausal: causal);
                y.Backward(ones);
                q.Grad = null; k.Grad = null; v.Grad = null;
            }
            Once();
            // Memory held between forward and backward.
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var held = F.ScaledDotProductAttention(q, k, v, isCausal: causal);
            long saved = GC.GetTotalMemory(forceFullCollection: true) - before;
            held.Backward(ones);
            q.Grad = null; k.Grad = null; v.Grad = null;
            held = null;
            long alloc0 = GC.GetTotalAllocatedBytes(precise: true);
            Once();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - alloc0;
            int reps = 0;
            var sw = Stopwatch.StartNew();
            while (reps < 3 || sw.Elapsed.TotalSeconds < 1.0) { Once(); reps++; }
            double secs = sw.Elapsed.TotalSeconds / reps;
            return new AttentionBenchResult(t, causal, fused ? "fused" : "composed", secs, Flops(t, causal) / secs / 1e9,
                saved / 1048576.0, allocated / 1048576.0);
        }
        finally { F.AttentionBackend = previous; }
    }
}
