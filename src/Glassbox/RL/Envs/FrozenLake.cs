namespace Glassbox.RL.Envs;

/// <summary>
/// FrozenLake-v1 (Gymnasium's <c>FrozenLakeEnv</c>): walk from S to G across a frozen lake without falling into a
/// hole. Tiles: <c>S</c> start, <c>F</c> frozen, <c>H</c> hole (the episode ends, reward 0), <c>G</c> goal (the
/// episode ends, reward 1). Actions: 0 left, 1 down, 2 right, 3 up; a move off the map leaves the agent in place.
/// The observation is row · ncol + column.
/// </summary>
/// <remarks>
/// <para>Slippery ice (the default): the agent moves in the intended direction with probability
/// <c>successRate</c> = 1/3 and in each of the two perpendicular directions with (1 − successRate)/2 — in floating
/// point 0.33333333333333337, 0.3333333333333333, 0.33333333333333337 for the directions (a − 1) mod 4, a,
/// (a + 1) mod 4, listed in that order as three separate outcomes even when two lead to the same tile (a corner).
/// From a hole or the goal every action is a self-loop with reward 0 flagged terminal; it is never taken, because
/// an episode ends on entering such a tile.</para>
/// <para>Rewards follow <c>rewardSchedule</c> = (goal, hole, frozen) = (1, 0, 0) and are integers, as Gymnasium's.
/// Registered time limits: 100 steps for the 4x4 map, 200 for 8x8 (<see cref="Gym.MakeFrozenLake"/> applies them).</para>
/// </remarks>
public sealed class FrozenLake : ToyTextEnv
{
    /// <summary>The 4x4 map of Gymnasium's <c>map_name="4x4"</c>.</summary>
    public static IReadOnlyList<string> Map4x4 { get; } = ["SFFF", "FHFH", "FFFH", "HFFG"];

    /// <summary>The 8x8 map of Gymnasium's <c>map_name="8x8"</c>.</summary>
    public static IReadOnlyList<string> Map8x8 { get; } =
        ["SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"];

    private readonly string[] desc;

    /// <summary>A FrozenLake on a named map (<c>"4x4"</c> or <c>"8x8"</c>) or on a map of your own.</summary>
    /// <param name="mapName">"4x4" or "8x8"; ignored when <paramref name="desc"/> is given.</param>
    /// <param name="isSlippery">Whether moves slip sideways.</param>
    /// <param name="desc">Rows of S/F/H/G characters, all of one length, with at least one S.</param>
    /// <param name="successRate">Probability of moving as intended on slippery ice, in (0, 1].</param>
    /// <param name="rewardSchedule">Rewards for entering the goal, a hole and a frozen tile.</param>
    public FrozenLake(string mapName = "4x4", bool isSlippery = true, IReadOnlyList<string>? desc = null, double successRate = 1.0 / 3.0,
        (double Goal, double Hole, double Frozen)? rewardSchedule = null)
        : this(Resolve(mapName, desc), isSlippery, successRate, rewardSchedule ?? (1, 0, 0)) { }

    private FrozenLake(string[] desc, bool isSlippery, double successRate, (double Goal, double Hole, double Frozen) rewards)
        : base(BuildTable(desc, isSlippery, successRate, rewards), StartDistribution(desc))
    {
        this.desc = desc;
        IsSlippery = isSlippery;
        Id = desc.Length == 8 && desc.SequenceEqual(Map8x8) ? "FrozenLake8x8-v1" : "FrozenLake-v1";
    }

    /// <inheritdoc/>
    public override string Id { get; }

    /// <summary>Whether moves slip sideways.</summary>
    public bool IsSlippery { get; }

    /// <summary>The map, one string per row.</summary>
    public IReadOnlyList<string> Desc => desc;

    /// <summary>Rows of the map.</summary>
    public int Rows => desc.Length;

    /// <summary>Columns of the map.</summary>
    public int Columns => desc[0].Length;

    /// <summary>The tile letter of state <paramref name="state"/>.</summary>
    public char TileAt(int state) => desc[state / Columns][state % Columns];

    private static string[] Resolve(string mapName, IReadOnlyList<string>? desc)
    {
        if (desc is null)
            return mapName switch
            {
                "4x4" => [.. Map4x4],
                "8x8" => [.. Map8x8],
                _ => throw new ArgumentException($"FrozenLake-v1: unknown map_name '{mapName}'; use \"4x4\", \"8x8\" or pass desc", nameof(mapName)),
            };
        var rows = desc.ToArray();
        if (rows.Length == 0 || rows[0].Length == 0) throw new ArgumentException("FrozenLake-v1: the map is empty", nameof(desc));
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r] is null || rows[r].Length != rows[0].Length)
                throw new ArgumentException($"FrozenLake-v1: map row {r} has length {rows[r]?.Length ?? 0}, row 0 has {rows[0].Length}", nameof(desc));
            int bad = rows[r].AsSpan().IndexOfAnyExcept("SFHG");
            if (bad >= 0) throw new ArgumentException($"FrozenLake-v1: map row {r} has '{rows[r][bad]}' at column {bad}; tiles are S, F, H and G", nameof(desc));
        }
        if (!rows.Any(r => r.Contains('S'))) throw new ArgumentException("FrozenLake-v1: the map has no start tile S", nameof(desc));
        return rows;
    }

    private static double[] StartDistribution(string[] desc)
    {
        int cols = desc[0].Length;
        var d = new double[desc.Length * cols];
        int starts = desc.Sum(r => r.Count(c => c == 'S'));
        for (int s = 0; s < d.Length; s++) if (desc[s / cols][s % cols] == 'S') d[s] = 1.0 / starts;
        return d;
    }

    private static Transition[][][] BuildTable(string[] desc, bool isSlippery, double successRate, (double Goal, double Hole, double Frozen) rewards)
    {
        if (!(successRate > 0 && successRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(successRate), $"FrozenLake-v1: success_rate must lie in (0, 1], got {successRate}");
        int rows = desc.Length, cols = desc[0].Length;
        double side = (1 - successRate) / 2;
        var table = new Transition[rows * cols][][];
        for (int s = 0; s < table.Length; s++)
        {
            int row = s / cols, col = s % cols;
            char tile = desc[row][col];
            table[s] = new Transition[4][];
            for (int a = 0; a < 4; a++)
            {
                if (tile is 'G' or 'H') table[s][a] = [new Transition(1.0, s, 0, true)];
                else if (!isSlippery) table[s][a] = [Move(row, col, a)];
                else table[s][a] = [Move(row, col, (a + 3) % 4, side), Move(row, col, a, successRate), Move(row, col, (a + 1) % 4, side)];
            }
        }
        return table;

        Transition Move(int row, int col, int action, double p = 1.0)
        {
            switch (action)
            {
                case 0: col = Math.Max(col - 1, 0); break;
                case 1: row = Math.Min(row + 1, rows - 1); break;
                case 2: col = Math.Min(col + 1, cols - 1); break;
                default: row = Math.Max(row - 1, 0); break;
            }
            char next = desc[row][col];
            double reward = next == 'G' ? rewards.Goal : next == 'H' ? rewards.Hole : rewards.Frozen;
            return new Transition(p, row * cols + col, reward, next is 'G' or 'H');
        }
    }
}
