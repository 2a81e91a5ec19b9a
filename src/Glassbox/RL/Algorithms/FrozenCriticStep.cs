using Glassbox.Optim;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// One optimiser step of an actor whose loss runs through critics that must not learn from it: the actor updates of
/// <see cref="Ddpg"/> (L_μ = −mean Q(s, μ(s))), <see cref="Td3"/> (the same with Q₁) and <see cref="Sac"/>
/// (L_π = mean(α·log π(ã|s) − min Q(s, ã))).
/// </summary>
/// <remarks>
/// The critics' weights are marked as not requiring gradients for the duration of the step: backward then carries the
/// gradient through their action input only, skips their weight gradients entirely (less work) and cannot leave stale
/// gradients in them for the critics' own next step. The flags are restored even when the loss throws.
/// </remarks>
internal static class FrozenCriticStep
{
    /// <summary>Builds the loss with <paramref name="criticParameters"/> frozen, steps <paramref name="actorOptimizer"/>, returns the loss value.</summary>
    internal static double Run(Optimizer actorOptimizer, Tensor[] criticParameters, Func<Tensor> loss)
    {
        foreach (var p in criticParameters) p.RequiresGrad = false;
        try
        {
            var l = loss();
            actorOptimizer.ZeroGrad();
            l.Backward();
            actorOptimizer.Step();
            return l.Item();
        }
        finally
        {
            foreach (var p in criticParameters) p.RequiresGrad = true;
        }
    }
}
