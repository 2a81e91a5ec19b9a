namespace Glassbox.RL.Envs;

/// <summary>
/// Taxi-v4 with default arguments (Gymnasium's <c>TaxiEnv</c>; the dynamics of the former Taxi-v3, Dietterich's
/// taxi problem): a 5x5 grid with walls, four stands R(0,0), G(0,4), Y(4,0), B(4,3), a passenger waiting at one of
/// them and a destination at another. Actions: 0 south, 1 north, 2 east, 3 west, 4 pick up, 5 drop off.
/// </summary>
/// <remarks>
/// <para>State = ((row · 5 + column) · 5 + passenger) · 4 + destination, with passenger 0–3 a stand and 4 in the
/// taxi; 500 states. Rewards (integers): −1 per step, −10 for an illegal pick-up or drop-off, +20 for delivering
/// the passenger, which ends the episode. Dropping the passenger at another stand leaves them there.</para>
/// <para>Start: one of the 300 states with the passenger at a stand and a different destination, uniformly
/// (weight 1/300 each, drawn by one categorical sample over all 500 states in state order). Every step has a single
/// outcome of probability 1.0. <c>info</c> holds <c>prob</c> and <c>action_mask</c>, at reset and every step:
/// 1 for each action that would change the state (a move not into a wall or the border, a legal pick-up or
/// drop-off). Registered time limit: 200 steps.</para>
/// </remarks>
public sealed class Taxi : ToyTextEnv
{
    private static readonly string[] Map =
    [
        "+---------+",
        "|R: | : :G|",
        "| : | : : |",
        "| : : : : |",
        "| | : | : |",
        "|Y| : |B: |",
        "+---------+",
    ];

    /// <summary>The four stands (row, column): R, G, Y, B.</summary>
    public static IReadOnlyList<(int Row, int Column)> Stands { get; } = [(0, 0), (0, 4), (4, 0), (4, 3)];

    /// <summary>Taxi with Gymnasium's default arguments.</summary>
    public Taxi() : base(BuildTable(), StartDistribution()) { }

    /// <inheritdoc/>
    public override string Id => "Taxi-v4";

    /// <summary>Packs (taxi row, taxi column, passenger location 0–4, destination 0–3) into a state index.</summary>
    public static int Encode(int row, int column, int passenger, int destination) => ((row * 5 + column) * 5 + passenger) * 4 + destination;

    /// <summary>Unpacks a state index.</summary>
    public static (int Row, int Column, int Passenger, int Destination) Decode(int state) =>
        (state / 100, state / 20 % 5, state / 4 % 5, state % 4);

    /// <summary>The action mask of <paramref name="state"/>: 1 where the action changes the state.</summary>
    public static int[] ActionMask(int state)
    {
        var (row, col, pass, dest) = Decode(state);
        var mask = new int[6];
        if (row < 4) mask[0] = 1;
        if (row > 0) mask[1] = 1;
        if (col < 4 && Map[row + 1][2 * col + 2] == ':') mask[2] = 1;
        if (col > 0 && Map[row + 1][2 * col] == ':') mask[3] = 1;
        if (pass < 4 && Stands[pass] == (row, col)) mask[4] = 1;
        if (pass == 4 && Stands.Contains((row, col))) mask[5] = 1;
        return mask;
    }

    /// <inheritdoc/>
    protected override EnvInfo InfoFor(int state, double probability) => new() { Prob = probability, ActionMask = ActionMask(state) };

    private static double[] StartDistribution()
    {
        var d = new double[500];
        for (int s = 0; s < 500; s++)
        {
            var (_, _, pass, dest) = Decode(s);
            if (pass < 4 && pass != dest) d[s] = 1;
        }
        double total = d.Sum();
        for (int s = 0; s < 500; s++) d[s] /= total;
        return d;
    }

    private static Transition[][][] BuildTable()
    {
        var table = new Transition[500][][];
        for (int s = 0; s < 500; s++)
        {
            var (row, col, pass, dest) = Decode(s);
            table[s] = new Transition[6][];
            for (int a = 0; a < 6; a++)
            {
                int newRow = row, newCol = col, newPass = pass;
                double reward = -1;
                bool terminated = false;
                switch (a)
                {
                    case 0: newRow = Math.Min(row + 1, 4); break;
                    case 1: newRow = Math.Max(row - 1, 0); break;
                    case 2: if (Map[row + 1][2 * col + 2] == ':') newCol = Math.Min(col + 1, 4); break;
                    case 3: if (Map[row + 1][2 * col] == ':') newCol = Math.Max(col - 1, 0); break;
                    case 4:
                        if (pass < 4 && Stands[pass] == (row, col)) newPass = 4;
                        else reward = -10;
                        break;
                    default:
                        int stand = IndexOfStand(row, col);
                        if (pass == 4 && stand == dest) { newPass = dest; terminated = true; reward = 20; }
                        else if (pass == 4 && stand >= 0) newPass = stand;
                        else reward = -10;
                        break;
                }
                table[s][a] = [new Transition(1.0, Encode(newRow, newCol, newPass, dest), reward, terminated)];
            }
        }
        return table;
    }

    private static int IndexOfStand(int row, int col)
    {
        for (int i = 0; i < Stands.Count; i++) if (Stands[i] == (row, col)) return i;
        return -1;
    }
}
