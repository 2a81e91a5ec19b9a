using Glassbox.RL.Spaces;

namespace Glassbox.RL.Envs;

/// <summary>
/// MountainCar-v0 (Moore, 1990, as Gymnasium implements it): an underpowered car in a valley must rock back and
/// forth to reach the flag at x ≥ 0.5. Actions: 0 push left, 1 no push, 2 push right. Reward −1 per step.
/// </summary>
/// <remarks>
/// Step, in double: <c>v += (a − 1)·0.001 + cos(3x)·(−0.0025)</c>; <c>v = clip(v, ±0.07)</c>; <c>x += v</c>;
/// <c>x = clip(x, −1.2, 0.6)</c>; at the left wall a leftward velocity is zeroed. Terminates when x ≥ 0.5 and v ≥ 0.
/// The state stays in double; observations are float32 casts. Reset: x = <c>uniform(−0.6, −0.4)</c>, v = 0.
/// No float32 value ever meets a Python float here, so NumPy 1.x and 2 agree.
/// </remarks>
public sealed class MountainCar : Env<float[], int>
{
    private const double MinPosition = -1.2, MaxPosition = 0.6, MaxSpeed = 0.07, GoalPosition = 0.5, Force = 0.001, Gravity = 0.0025;
    private readonly double goalVelocity;
    private double position, velocity;

    /// <summary>Creates the environment; <paramref name="goalVelocity"/> is the least velocity at the flag that counts (Gymnasium's default 0).</summary>
    public MountainCar(double goalVelocity = 0) => this.goalVelocity = goalVelocity;

    /// <inheritdoc/>
    public override string Id => "MountainCar-v0";

    /// <inheritdoc/>
    public override Space<float[]> ObservationSpace { get; } = new Box([-1.2f, -0.07f], [0.6f, 0.07f]);

    /// <inheritdoc/>
    public override Space<int> ActionSpace { get; } = new Discrete(3);

    /// <summary>The double state (x, v).</summary>
    public (double Position, double Velocity) State => (position, velocity);

    /// <inheritdoc/>
    protected override ResetResult<float[]> ResetCore()
    {
        position = NpRandom.Uniform(-0.6, -0.4);
        velocity = 0;
        return new(Observe(), EnvInfo.Empty);
    }

    /// <inheritdoc/>
    protected override StepResult<float[]> StepCore(int action)
    {
        velocity += (action - 1) * Force + Math.Cos(3 * position) * -Gravity;
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        position += velocity;
        position = Math.Clamp(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0;
        bool terminated = position >= GoalPosition && velocity >= goalVelocity;
        return new(Observe(), -1.0, terminated, false, EnvInfo.Empty);
    }

    private float[] Observe() => [(float)position, (float)velocity];
}
