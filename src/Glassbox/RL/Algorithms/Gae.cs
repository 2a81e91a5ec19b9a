namespace Glassbox.RL.Algorithms;

/// <summary>
/// Generalised advantage estimation (Schulman et al., 2016) over a rollout of T steps from N parallel environments,
/// exactly as CleanRL's PPO computes it.
/// </summary>
/// <remarks>
/// <para>
/// With the TD error δ_t = r_t + γ·(1 − d_{t+1})·V(s_{t+1}) − V(s_t), the estimator is
/// Â_t = Σ_{l≥0} (γλ)^l · δ_{t+l}, truncated at the end of the episode, computed backwards as
/// Â_t = δ_t + γλ·(1 − d_{t+1})·Â_{t+1}. The return target of the value function is R_t = Â_t + V(s_t).
/// λ interpolates between the one-step TD advantage (λ = 0: low variance, biased by V) and the Monte Carlo return
/// minus a baseline (λ = 1: unbiased, high variance).
/// </para>
/// <para>
/// <b>Done flags.</b> d_t is the flag stored <i>with</i> observation s_t: it says that s_t is the first observation
/// of a new episode (the previous step ended one, and the environment was reset). So (1 − d_{t+1}) cuts the sum at an
/// episode boundary. After the last step the bootstrap uses V(s_T) and d_T of the observation the rollout stopped at.
/// This treats a time-limit truncation like a termination, as CleanRL's <c>ppo.py</c> does (<c>next_done =
/// terminations | truncations</c>): a small bias that the recipe's reported results include.
/// </para>
/// Arrays are row-major [T, N] (step-major), as the rollout buffers are filled.
/// </remarks>
public static class Gae
{
    /// <summary>
    /// Fills <paramref name="advantages"/> and <paramref name="returns"/> ([T·N] each) from rewards, values and done
    /// flags ([T·N]) and the bootstrap value and done flag of the next observation ([N]).
    /// </summary>
    public static void Compute(ReadOnlySpan<double> rewards, ReadOnlySpan<double> values, ReadOnlySpan<bool> dones, ReadOnlySpan<double> nextValue,
        ReadOnlySpan<bool> nextDone, double gamma, double lambda, Span<double> advantages, Span<double> returns)
    {
        int n = nextValue.Length;
        if (n == 0 || nextDone.Length != n || rewards.Length % n != 0 || values.Length != rewards.Length || dones.Length != rewards.Length
            || advantages.Length != rewards.Length || returns.Length != rewards.Length)
            throw new ArgumentException($"Gae.Compute: expected [T*N] rewards/values/dones/advantages/returns and [N] next values/dones, got {rewards.Length}, {values.Length}, {dones.Length}, {advantages.Length}, {returns.Length} and {nextValue.Length}, {nextDone.Length}");
        int steps = rewards.Length / n;
        for (int e = 0; e < n; e++)
        {
            double last = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                int i = t * n + e;
                double nextNonTerminal, nextV;
                if (t == steps - 1) { nextNonTerminal = nextDone[e] ? 0 : 1; nextV = nextValue[e]; }
                else { nextNonTerminal = dones[i + n] ? 0 : 1; nextV = values[i + n]; }
                double delta = rewards[i] + gamma * nextV * nextNonTerminal - values[i];
                last = delta + gamma * lambda * nextNonTerminal * last;
                advantages[i] = last;
                returns[i] = last + values[i];
            }
        }
    }
}
