namespace Glassbox.RL.Envs;

/// <summary>
/// CliffWalking-v1 (Gymnasium's <c>CliffWalkingEnv</c>; Sutton &amp; Barto's Example 6.6): a 4x12 grid, start at the
/// bottom-left (state 36), goal at the bottom-right (state 47), and the cliff between them along the bottom row.
/// Actions: 0 up, 1 right, 2 down, 3 left; a move off the grid leaves the agent in place. Every step costs −1;
/// stepping into the cliff costs −100 and sends the agent back to the start <b>without</b> ending the episode.
/// Entering the goal ends it. The observation is row · 12 + column.
/// </summary>
/// <remarks>
/// <para>Deterministic by default (<c>is_slippery=False</c>, the dynamics of the old CliffWalking-v0): each (s, a)
/// has one outcome, probability 1.0, and a step still draws one <c>random()</c> from the generator. With
/// <c>isSlippery</c> the agent moves in the intended direction or in either perpendicular one, each with
/// probability 1/3, listed as three outcomes in the order (a − 1) mod 4, a, (a + 1) mod 4.</para>
/// <para>Rewards are integers. Gymnasium registers no time limit for it; the optimal path along the cliff edge
/// takes 13 steps (return −13).</para>
/// </remarks>
public sealed class CliffWalking : ToyTextEnv
{
    /// <summary>Grid rows.</summary>
    public const int Rows = 4;
    /// <summary>Grid columns.</summary>
    public const int Columns = 12;
    /// <summary>The start state (row 3, column 0).</summary>
    public const int StartState = 36;
    /// <summary>The goal state (row 3, column 11).</summary>
    public const int GoalState = 47;

    /// <summary>A cliff walk, deterministic unless <paramref name="isSlippery"/>.</summary>
    public CliffWalking(bool isSlippery = false) : base(BuildTable(isSlippery), StartDistribution()) => IsSlippery = isSlippery;

    /// <inheritdoc/>
    public override string Id => "CliffWalking-v1";

    /// <summary>Whether moves slip sideways.</summary>
    public bool IsSlippery { get; }

    /// <summary>Whether state <paramref name="state"/> is part of the cliff (bottom row, columns 1–10).</summary>
    public static bool IsCliff(int state) => state / Columns == Rows - 1 && state % Columns is > 0 and < Columns - 1;

    private static double[] StartDistribution()
    {
        var d = new double[Rows * Columns];
        d[StartState] = 1.0;
        return d;
    }

    private static Transition[][][] BuildTable(bool isSlippery)
    {
        var table = new Transition[Rows * Columns][][];
        for (int s = 0; s < table.Length; s++)
        {
            table[s] = new Transition[4][];
            for (int a = 0; a < 4; a++)
                table[s][a] = isSlippery
                    ? [Move(s, (a + 3) % 4, 1.0 / 3), Move(s, a, 1.0 / 3), Move(s, (a + 1) % 4, 1.0 / 3)]
                    : [Move(s, a, 1.0)];
        }
        return table;
    }

    private static Transition Move(int state, int action, double p)
    {
        int row = state / Columns, col = state % Columns;
        switch (action)
        {
            case 0: row = Math.Max(row - 1, 0); break;
            case 1: col = Math.Min(col + 1, Columns - 1); break;
            case 2: row = Math.Min(row + 1, Rows - 1); break;
            default: col = Math.Max(col - 1, 0); break;
        }
        int next = row * Columns + col;
        return IsCliff(next) ? new Transition(p, StartState, -100, false) : new Transition(p, next, -1, next == GoalState);
    }
}
