using Glassbox.RL.Spaces;

namespace Glassbox.RL.Envs;

/// <summary>
/// Acrobot-v1 (Sutton, 1996; dynamics from Sutton &amp; Barto's book, as Gymnasium implements them): two links hang
/// from a pivot, torque −1, 0 or +1 (actions 0, 1, 2) acts on the joint between them, and the goal is to swing the
/// tip above one link length over the pivot: <c>−cos θ1 − cos(θ1 + θ2) &gt; 1</c>. Reward −1 per step, 0 on the
/// terminating step. Observation (cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2).
/// </summary>
/// <remarks>
/// <para>Step: one classical Runge–Kutta step of length 0.2 over the state augmented with the torque (its derivative
/// is 0), using the book's equations (the "book", not the "nips" variant); then both angles are wrapped into
/// [−π, π] by repeatedly adding or subtracting 2π, θ̇1 is clamped to ±4π and θ̇2 to ±9π. Every product is written in
/// Gymnasium's source order, and its <c>x ** 2</c> on NumPy scalars is the C library's <c>pow(x, 2)</c>, which is not
/// always the correctly rounded <c>x·x</c>; <see cref="Math.Pow(double, double)"/> calls the same function.</para>
/// <para>Reset draws θ1, θ2, θ̇1, θ̇2 from <c>uniform(−0.1, 0.1)</c> and rounds them to float32 (Gymnasium stores
/// the reset state as float32; from the first step on the state is double). The reset observation's cosines and
/// sines are therefore of float32 angles, which NumPy computes with its own single-precision routines; those are
/// not always correctly rounded (over [−0.1, 0.1] about 0.07% of cosines and 0.03% of sines are one float32 step from
/// the rounded double value). This port takes the double <see cref="Math.Cos"/>/<see cref="Math.Sin"/> of the float32
/// angle and rounds it: always the correctly rounded float32 (the double error is far below half a float32 step),
/// equal to NumPy's for every recorded seed, and it does not depend on which single-precision library .NET would
/// call for <see cref="MathF.Cos"/>. Only that first observation can differ, rarely, by one float32 step.</para>
/// </remarks>
public sealed class Acrobot : Env<float[], int>
{
    private const double Dt = 0.2;
    private const double M1 = 1.0, M2 = 1.0, L1 = 1.0, Lc1 = 0.5, Lc2 = 0.5, I1 = 1.0, I2 = 1.0, G = 9.8;
    private const double MaxVel1 = 4 * Math.PI, MaxVel2 = 9 * Math.PI;
    private static readonly double[] AvailTorque = [-1.0, 0.0, 1.0];
    private readonly double[] state = new double[4];
    // the RK4 scratch, reused so a step allocates only the observation
    private readonly double[] y0 = new double[5], k1 = new double[5], k2 = new double[5], k3 = new double[5], k4 = new double[5], tmp = new double[5];

    /// <inheritdoc/>
    public override string Id => "Acrobot-v1";

    /// <inheritdoc/>
    public override Space<float[]> ObservationSpace { get; } =
        new Box([-1f, -1f, -1f, -1f, -(float)MaxVel1, -(float)MaxVel2], [1f, 1f, 1f, 1f, (float)MaxVel1, (float)MaxVel2]);

    /// <inheritdoc/>
    public override Space<int> ActionSpace { get; } = new Discrete(3);

    /// <summary>The state (θ1, θ2, θ̇1, θ̇2), a copy.</summary>
    public double[] State => (double[])state.Clone();

    /// <inheritdoc/>
    protected override ResetResult<float[]> ResetCore()
    {
        for (int i = 0; i < 4; i++) state[i] = (float)NpRandom.Uniform(-0.1, 0.1);
        return new(Observe(), EnvInfo.Empty);
    }

    /// <inheritdoc/>
    protected override StepResult<float[]> StepCore(int action)
    {
        state.CopyTo(y0, 0);
        y0[4] = AvailTorque[action];
        const double h = Dt - 0, h2 = h / 2.0;
        Derivs(y0, k1);
        for (int i = 0; i < 5; i++) tmp[i] = y0[i] + h2 * k1[i];
        Derivs(tmp, k2);
        for (int i = 0; i < 5; i++) tmp[i] = y0[i] + h2 * k2[i];
        Derivs(tmp, k3);
        for (int i = 0; i < 5; i++) tmp[i] = y0[i] + h * k3[i];
        Derivs(tmp, k4);
        for (int i = 0; i < 4; i++) state[i] = y0[i] + h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        state[0] = Wrap(state[0], -Math.PI, Math.PI);
        state[1] = Wrap(state[1], -Math.PI, Math.PI);
        state[2] = Math.Min(Math.Max(state[2], -MaxVel1), MaxVel1);
        state[3] = Math.Min(Math.Max(state[3], -MaxVel2), MaxVel2);
        bool terminated = -Math.Cos(state[0]) - Math.Cos(state[1] + state[0]) > 1.0;
        return new(Observe(), terminated ? 0.0 : -1.0, terminated, false, EnvInfo.Empty);
    }

    /// <summary>The book's equations of motion: d/dt (θ1, θ2, θ̇1, θ̇2, torque).</summary>
    private static void Derivs(double[] s, double[] ds)
    {
        double a = s[4], theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
        double d1 = M1 * Math.Pow(Lc1, 2) + M2 * (Math.Pow(L1, 2) + Math.Pow(Lc2, 2) + 2 * L1 * Lc2 * Math.Cos(theta2)) + I1 + I2;
        double d2 = M2 * (Math.Pow(Lc2, 2) + L1 * Lc2 * Math.Cos(theta2)) + I2;
        double phi2 = M2 * Lc2 * G * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -M2 * L1 * Lc2 * Math.Pow(dtheta2, 2) * Math.Sin(theta2)
                      - 2 * M2 * L1 * Lc2 * dtheta2 * dtheta1 * Math.Sin(theta2)
                      + (M1 * Lc1 + M2 * L1) * G * Math.Cos(theta1 - Math.PI / 2)
                      + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - M2 * L1 * Lc2 * Math.Pow(dtheta1, 2) * Math.Sin(theta2) - phi2)
                          / (M2 * Math.Pow(Lc2, 2) + I2 - Math.Pow(d2, 2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        ds[0] = dtheta1; ds[1] = dtheta2; ds[2] = ddtheta1; ds[3] = ddtheta2; ds[4] = 0.0;
    }

    /// <summary>Moves <paramref name="x"/> into [m, M] by whole periods M − m, one period at a time (Gymnasium's <c>wrap</c>).</summary>
    internal static double Wrap(double x, double m, double M)
    {
        double diff = M - m;
        while (x > M) x -= diff;
        while (x < m) x += diff;
        return x;
    }

    private float[] Observe() =>
        [(float)Math.Cos(state[0]), (float)Math.Sin(state[0]), (float)Math.Cos(state[1]), (float)Math.Sin(state[1]), (float)state[2], (float)state[3]];
}
