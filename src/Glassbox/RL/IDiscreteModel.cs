namespace Glassbox.RL;

/// <summary>
/// A finite MDP's full transition model — Gymnasium toy-text's <c>env.P[s][a]</c>, a list of
/// (probability, next state, reward, terminated) — for dynamic programming.
/// </summary>
public interface IDiscreteModel
{
    /// <summary>Number of states (<c>nS</c>).</summary>
    int StateCount { get; }

    /// <summary>Number of actions (<c>nA</c>).</summary>
    int ActionCount { get; }

    /// <summary>The outcomes of taking <paramref name="action"/> in <paramref name="state"/>, in Gymnasium's order.
    /// The probabilities sum to 1; an outcome may repeat a next state (Gymnasium lists duplicates separately).</summary>
    IReadOnlyList<Transition> Transitions(int state, int action);
}
