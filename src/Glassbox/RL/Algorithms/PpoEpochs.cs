using Glassbox.Optim;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// The optimisation half of one PPO iteration, shared by <see cref="Ppo"/> (discrete actions) and
/// <see cref="PpoContinuous"/> (Gaussian actions): K epochs over the N·T rollout samples in shuffled minibatches, each
/// minibatch one <see cref="Ppo.Loss"/> evaluation, a backward pass, a global-norm gradient clip and one optimiser step,
/// with CleanRL's early stop when the last minibatch's approximate KL exceeds <see cref="PpoOptions.TargetKl"/>.
/// </summary>
/// <remarks>
/// Only the policy differs between the two agents, so it enters as an <see cref="Evaluate"/> delegate: given a minibatch of
/// observations [B, obs] and the actions taken ([B] indices or [B, d] vectors) it returns log π_θ(a|s) [B], the
/// entropy H[π_θ(·|s)] [B] and V_θ(s) [B], all carrying the graph. The order of the random draws (one Fisher–Yates
/// shuffle per epoch) is part of a seed's learning curve, so it must not change.
/// </remarks>
internal static class PpoEpochs
{
    /// <summary>log π_θ(a|s), H[π_θ(·|s)] and V_θ(s) of a minibatch.</summary>
    internal delegate (Tensor LogProb, Tensor Entropy, Tensor Value) Evaluate(Tensor observations, Tensor actions);

    /// <summary>
    /// Runs the epochs over one rollout and returns the iteration's diagnostics. <paramref name="observations"/> and
    /// <paramref name="actions"/> are the rollout tensors (rows = samples); <paramref name="oldLogProb"/>,
    /// <paramref name="oldValue"/>, <paramref name="advantages"/> and <paramref name="returns"/> hold one entry a sample.
    /// </summary>
    internal static PpoUpdateStats Run(Evaluate evaluate, Optimizer optimizer, Tensor[] parameters, Generator generator, int[] indices,
        Tensor observations, Tensor actions, float[] oldLogProb, double[] oldValue, double[] advantages, double[] returns,
        PpoOptions o, int iteration, long totalSteps, double lr)
    {
        int batch = o.BatchSize, mb = o.MinibatchSize;
        PpoLossTerms last = default;
        double clipFracSum = 0;
        int minibatches = 0;
        using (new TensorScope())
        {
            var bLogp = Tensor.FromArray(oldLogProb, batch);
            var bAdv = Tensor.FromArray(Array.ConvertAll(advantages, v => (float)v), batch);
            var bRet = Tensor.FromArray(Array.ConvertAll(returns, v => (float)v), batch);
            var bVal = Tensor.FromArray(Array.ConvertAll(oldValue, v => (float)v), batch);
            bool stop = false;
            for (int epoch = 0; epoch < o.UpdateEpochs && !stop; epoch++)
            {
                Ppo.Shuffle(indices, generator);
                for (int start = 0; start < batch; start += mb)
                {
                    using var scope = new TensorScope();
                    var idx = Tensor.FromArray(indices[start..(start + mb)], mb);
                    var (logProb, entropy, value) = evaluate(observations.IndexSelect(0, idx), actions.IndexSelect(0, idx));
                    var terms = Ppo.Loss(logProb, entropy, value, bLogp.IndexSelect(0, idx),
                        bAdv.IndexSelect(0, idx), bVal.IndexSelect(0, idx), bRet.IndexSelect(0, idx), o);
                    optimizer.ZeroGrad();
                    terms.Loss.Backward();
                    ClipGrad.Norm(parameters, o.MaxGradNorm);
                    optimizer.Step();
                    last = terms;
                    clipFracSum += terms.ClipFraction;
                    minibatches++;
                }
                if (o.TargetKl is double kl && last.ApproxKl > kl) stop = true;
            }
        }
        return new PpoUpdateStats(iteration, totalSteps, lr, last.PolicyLoss, last.ValueLoss, last.Entropy, last.ApproxKl,
            clipFracSum / Math.Max(1, minibatches), Ppo.ExplainedVariance(oldValue, returns));
    }
}
