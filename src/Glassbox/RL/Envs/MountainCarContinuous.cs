using Glassbox.RL.Spaces;

namespace Glassbox.RL.Envs;

/// <summary>
/// MountainCarContinuous-v0: the mountain car with a continuous force a ∈ [−1, 1]. Reward <c>−0.1·a²</c> per step,
/// plus 100 on reaching x ≥ 0.45 with v ≥ 0 (which terminates).
/// </summary>
/// <remarks>
/// <para>Step: <c>v += a·0.0015 − 0.0025·cos(3x)</c>; clamp v to ±0.07; <c>x += v</c>; clamp x to [−1.2, 0.6]; zero a
/// leftward velocity at the left wall. Unlike the discrete car, Gymnasium stores the state as float32 after every
/// step, so each step starts from float32 values (the first starts from the double state reset draws:
/// x = <c>uniform(−0.6, −0.4)</c>, v = 0). The reward's <c>a²</c> is the C library's <c>pow(a, 2)</c>, as Python's
/// <c>math.pow</c>.</para>
/// <para>Numerics: with <see cref="NumpyPromotion.Legacy"/> (NumPy 1.x, the default and the reference files) the
/// step is double throughout. With <see cref="NumpyPromotion.Nep50"/> (NumPy 2) the float32 action and the float32
/// state pull the Python constants down to float32: <c>a·0.0015</c>, its difference with the cosine term,
/// <c>3x</c>, the velocity and position updates and the comparisons with the bounds and the goal are float32
/// operations, while a bound assigned by a clamp is a Python float (double). Each difference is one float32
/// rounding; they accumulate to about 1e-4 over a few hundred steps.</para>
/// </remarks>
public sealed class MountainCarContinuous : Env<float[], float[]>
{
    private const double MinPosition = -1.2, MaxPosition = 0.6, MaxSpeed = 0.07, GoalPosition = 0.45, Power = 0.0015;
    private readonly double goalVelocity;
    private readonly NumpyPromotion promotion;
    private double position, velocity;
    private bool stateIsFloat32;

    /// <summary>Creates the environment (<paramref name="goalVelocity"/>: Gymnasium's default 0).</summary>
    public MountainCarContinuous(double goalVelocity = 0, NumpyPromotion promotion = NumpyPromotion.Legacy)
    {
        this.goalVelocity = goalVelocity;
        this.promotion = promotion;
    }

    /// <inheritdoc/>
    public override string Id => "MountainCarContinuous-v0";

    /// <inheritdoc/>
    public override Space<float[]> ObservationSpace { get; } = new Box([-1.2f, -0.07f], [0.6f, 0.07f]);

    /// <inheritdoc/>
    public override Space<float[]> ActionSpace { get; } = new Box(-1f, 1f, 1);

    /// <summary>The state (x, v): double after reset, float32 values after each step.</summary>
    public (double Position, double Velocity) State => (position, velocity);

    /// <inheritdoc/>
    protected override ResetResult<float[]> ResetCore()
    {
        position = NpRandom.Uniform(-0.6, -0.4);
        velocity = 0;
        stateIsFloat32 = false;
        return new(Observe(), EnvInfo.Empty);
    }

    /// <inheritdoc/>
    protected override StepResult<float[]> StepCore(float[] action)
    {
        float force = Math.Min(Math.Max(action[0], -1f), 1f);
        bool terminated = promotion == NumpyPromotion.Legacy ? StepLegacy(force) : StepNep50(force);
        double reward = terminated ? 100.0 : 0.0;
        reward -= Math.Pow(action[0], 2) * 0.1;
        position = (float)position;
        velocity = (float)velocity;
        stateIsFloat32 = true;
        return new(Observe(), reward, terminated, false, EnvInfo.Empty);
    }

    private bool StepLegacy(double force)
    {
        velocity += force * Power - 0.0025 * Math.Cos(3 * position);
        if (velocity > MaxSpeed) velocity = MaxSpeed;
        if (velocity < -MaxSpeed) velocity = -MaxSpeed;
        position += velocity;
        if (position > MaxPosition) position = MaxPosition;
        if (position < MinPosition) position = MinPosition;
        if (position == MinPosition && velocity < 0) velocity = 0;
        return position >= GoalPosition && velocity >= goalVelocity;
    }

    // NumPy 2 rules, tracking each variable's type: float32 (a NumPy float32 scalar), or double (a float64 scalar or a
    // Python float). A Python float meeting a float32 value is rounded to float32 first ("weak" scalars).
    private bool StepNep50(float force)
    {
        double cos3 = Math.Cos(stateIsFloat32 ? 3f * (float)position : 3 * position);
        float term = force * (float)Power - (float)(0.0025 * cos3);
        bool velF32 = stateIsFloat32;
        if (velF32) velocity = (float)velocity + term;
        else velocity += term;
        if (Greater(velocity, velF32, MaxSpeed)) { velocity = MaxSpeed; velF32 = false; }
        if (Less(velocity, velF32, -MaxSpeed)) { velocity = -MaxSpeed; velF32 = false; }
        bool posF32 = stateIsFloat32;
        if (posF32) position = (float)position + (float)velocity;
        else position += velocity;
        if (Greater(position, posF32, MaxPosition)) { position = MaxPosition; posF32 = false; }
        if (Less(position, posF32, MinPosition)) { position = MinPosition; posF32 = false; }
        if ((posF32 ? (float)position == (float)MinPosition : position == MinPosition) && velocity < 0) velocity = 0;
        bool atGoal = posF32 ? (float)position >= (float)GoalPosition : position >= GoalPosition;
        return atGoal && velocity >= goalVelocity;
    }

    private static bool Greater(double x, bool isF32, double bound) => isF32 ? (float)x > (float)bound : x > bound;

    private static bool Less(double x, bool isF32, double bound) => isF32 ? (float)x < (float)bound : x < bound;

    private float[] Observe() => [(float)position, (float)velocity];
}
