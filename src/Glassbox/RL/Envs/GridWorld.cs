namespace Glassbox.RL.Envs;

/// <summary>
/// A configurable grid world for teaching dynamic programming and TD learning: a rows × columns grid with walls,
/// terminal cells that pay a reward on entry, a cost per step and slippery moves. Actions: 0 up, 1 right, 2 down,
/// 3 left. The observation is row · columns + column.
/// </summary>
/// <remarks>
/// <para>Rewards: every move pays <c>stepReward</c> (so −1 counts steps, and the Russell–Norvig world's −0.04 is a
/// small living cost); entering a terminal cell adds that cell's reward and ends the episode. This is the
/// convention of Russell &amp; Norvig's U(s) = R(s) + γ max_a Σ P(s'|s, a) U(s') with U(terminal) = its reward, so
/// their published utilities come out exactly. A move into a wall or off the grid leaves the agent where it was
/// (and still costs the step).</para>
/// <para>Slip: with probability 1 − <c>slip</c> the agent moves as intended, and with <c>slip</c>/2 in each
/// perpendicular direction; outcomes are listed in the order (a − 1) mod 4, a, (a + 1) mod 4 (only the intended one
/// when <c>slip</c> = 0). Wall and terminal cells have every action as a terminating self-loop of reward 0, so their
/// values are 0 and they are never stepped from. Starts at <c>start</c> (the top-left cell by default).</para>
/// </remarks>
public sealed class GridWorld : ToyTextEnv
{
    private readonly HashSet<(int, int)> walls;
    private readonly Dictionary<(int, int), double> terminals;

    /// <summary>A grid world.</summary>
    /// <param name="rows">Grid rows (≥ 1).</param>
    /// <param name="columns">Grid columns (≥ 1).</param>
    /// <param name="terminals">Terminal cells and the reward for entering each (on top of the step reward); the bottom-right cell with reward 0 when null.</param>
    /// <param name="walls">Blocked cells.</param>
    /// <param name="stepReward">Reward of every move that does not enter a terminal cell.</param>
    /// <param name="slip">Probability in [0, 1) of moving perpendicular to the intended direction (split evenly between the two).</param>
    /// <param name="start">The start cell; (0, 0) when null.</param>
    public GridWorld(int rows, int columns, IReadOnlyDictionary<(int Row, int Column), double>? terminals = null,
        IEnumerable<(int Row, int Column)>? walls = null, double stepReward = -1, double slip = 0, (int Row, int Column)? start = null)
        : this(rows, columns, Validate(rows, columns, terminals, walls, slip, start), stepReward, slip) { }

    private GridWorld(int rows, int columns, (Dictionary<(int, int), double> Terminals, HashSet<(int, int)> Walls, (int, int) Start) layout,
        double stepReward, double slip)
        : base(BuildTable(rows, columns, layout.Terminals, layout.Walls, stepReward, slip), StartDistribution(rows, columns, layout.Start))
    {
        Rows = rows;
        Columns = columns;
        terminals = layout.Terminals;
        walls = layout.Walls;
        StepReward = stepReward;
        Slip = slip;
        Start = layout.Start;
    }

    /// <summary>
    /// Russell &amp; Norvig's 4x3 world (AIMA Figure 17.1) as 3 rows × 4 columns: a wall at (1, 1), +1 at (0, 3),
    /// −1 at (1, 3), living cost −0.04, moves as intended with probability 0.8 and sideways with 0.1 each, start at
    /// the bottom-left (2, 0).
    /// </summary>
    public static GridWorld RussellNorvig() =>
        new(3, 4, new Dictionary<(int, int), double> { [(0, 3)] = 1.0, [(1, 3)] = -1.0 }, [(1, 1)], stepReward: -0.04, slip: 0.2, start: (2, 0));

    /// <inheritdoc/>
    public override string Id => "GridWorld";

    /// <summary>Grid rows.</summary>
    public int Rows { get; }
    /// <summary>Grid columns.</summary>
    public int Columns { get; }
    /// <summary>Reward of every non-terminal move.</summary>
    public double StepReward { get; }
    /// <summary>Probability of slipping sideways.</summary>
    public double Slip { get; }
    /// <summary>The start cell.</summary>
    public (int Row, int Column) Start { get; }

    /// <summary>Whether cell (row, column) is blocked.</summary>
    public bool IsWall(int row, int column) => walls.Contains((row, column));

    /// <summary>The reward for entering (row, column) if it is terminal, else null.</summary>
    public double? TerminalReward(int row, int column) => terminals.TryGetValue((row, column), out double r) ? r : null;

    private static (Dictionary<(int, int), double>, HashSet<(int, int)>, (int, int)) Validate(int rows, int columns,
        IReadOnlyDictionary<(int Row, int Column), double>? terminals, IEnumerable<(int Row, int Column)>? walls, double slip, (int Row, int Column)? start)
    {
        if (rows < 1 || columns < 1) throw new ArgumentOutOfRangeException(nameof(rows), $"GridWorld: the grid must be at least 1x1, got {rows}x{columns}");
        if (!(slip >= 0 && slip < 1)) throw new ArgumentOutOfRangeException(nameof(slip), $"GridWorld: slip must lie in [0, 1), got {slip}");
        void Inside((int R, int C) cell, string what)
        {
            if (cell.R < 0 || cell.R >= rows || cell.C < 0 || cell.C >= columns)
                throw new ArgumentException($"GridWorld: {what} ({cell.R}, {cell.C}) is outside the {rows}x{columns} grid");
        }
        var t = new Dictionary<(int, int), double>();
        foreach (var (cell, reward) in terminals ?? new Dictionary<(int Row, int Column), double> { [(rows - 1, columns - 1)] = 0.0 })
        {
            Inside(cell, "terminal cell");
            t[cell] = reward;
        }
        var w = new HashSet<(int, int)>();
        foreach (var cell in walls ?? [])
        {
            Inside(cell, "wall");
            if (t.ContainsKey(cell)) throw new ArgumentException($"GridWorld: ({cell.Row}, {cell.Column}) is both a wall and a terminal cell");
            w.Add(cell);
        }
        var s = start ?? (0, 0);
        Inside(s, "start cell");
        if (w.Contains(s) || t.ContainsKey(s)) throw new ArgumentException($"GridWorld: the start cell ({s.Row}, {s.Column}) is a wall or terminal");
        return (t, w, s);
    }

    private static double[] StartDistribution(int rows, int columns, (int Row, int Column) start)
    {
        var d = new double[rows * columns];
        d[start.Row * columns + start.Column] = 1.0;
        return d;
    }

    private static Transition[][][] BuildTable(int rows, int columns, Dictionary<(int, int), double> terminals, HashSet<(int, int)> walls,
        double stepReward, double slip)
    {
        var table = new Transition[rows * columns][][];
        for (int s = 0; s < table.Length; s++)
        {
            var cell = (s / columns, s % columns);
            table[s] = new Transition[4][];
            for (int a = 0; a < 4; a++)
            {
                if (walls.Contains(cell) || terminals.ContainsKey(cell)) table[s][a] = [new Transition(1.0, s, 0, true)];
                else if (slip == 0) table[s][a] = [Move(cell, a, 1.0)];
                else table[s][a] = [Move(cell, (a + 3) % 4, slip / 2), Move(cell, a, 1 - slip), Move(cell, (a + 1) % 4, slip / 2)];
            }
        }
        return table;

        Transition Move((int Row, int Column) from, int action, double p)
        {
            var (row, col) = from;
            switch (action)
            {
                case 0: row--; break;
                case 1: col++; break;
                case 2: row++; break;
                default: col--; break;
            }
            if (row < 0 || row >= rows || col < 0 || col >= columns || walls.Contains((row, col))) (row, col) = from;
            return terminals.TryGetValue((row, col), out double r)
                ? new Transition(p, row * columns + col, stepReward + r, true)
                : new Transition(p, row * columns + col, stepReward, false);
        }
    }
}
