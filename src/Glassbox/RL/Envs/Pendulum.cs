using Glassbox.RL.Spaces;

namespace Glassbox.RL.Envs;

/// <summary>
/// Pendulum-v1: swing a frictionless pendulum up and hold it with a torque in [−2, 2]. Observation
/// (cos θ, sin θ, θ̇); reward <c>−(norm(θ)² + 0.1·θ̇² + 0.001·u²)</c>, where norm wraps θ into [−π, π).
/// </summary>
/// <remarks>
/// <para>Step (dt = 0.05, m = l = 1): <c>u = clip(a, −2, 2)</c>; cost as above; <c>θ̇' = clip(θ̇ + (3g/(2l)·sin θ +
/// 3/(m·l²)·u)·dt, −8, 8)</c>; <c>θ' = θ + θ̇'·dt</c>. θ is not wrapped in the state, only in the cost, where
/// <c>norm(θ) = ((θ + π) mod 2π) − π</c> with a floored modulo (the remainder takes the divisor's sign, unlike C#'s
/// <c>%</c>, so negative angles need the correction). Reset: θ = <c>uniform(−π, π)</c>, then θ̇ = <c>uniform(−1, 1)</c>.</para>
/// <para>Numerics: by default (<see cref="NumpyPromotion.Legacy"/>, NumPy 1.x) every term is computed in double from
/// the float32 action, which reproduces the reference trajectories exactly. With <see cref="NumpyPromotion.Nep50"/>
/// the action's terms <c>0.001·u²</c> and <c>3/(m·l²)·u</c> are rounded to float32, as NumPy 2 computes them.</para>
/// <para>The squares are <see cref="Math.Pow(double, double)"/>, not <c>x·x</c>: Gymnasium writes <c>x ** 2</c> on NumPy
/// scalars, which calls the C library's <c>pow</c>, and <c>pow(x, 2)</c> is not always the correctly rounded
/// <c>x·x</c> (on seed 0, step 13 of the reference run the reward differs in the last bit). .NET's
/// <see cref="Math.Pow(double, double)"/> calls the same C function on Linux.</para>
/// </remarks>
public sealed class Pendulum : Env<float[], float[]>
{
    private const double MaxSpeed = 8, MaxTorque = 2.0, Dt = 0.05, Mass = 1.0, Len = 1.0;
    private readonly double g;
    private readonly NumpyPromotion promotion;
    private double theta, thetaDot;

    /// <summary>Creates the environment with gravity <paramref name="g"/> (Gymnasium's default 10.0).</summary>
    public Pendulum(double g = 10.0, NumpyPromotion promotion = NumpyPromotion.Legacy)
    {
        this.g = g;
        this.promotion = promotion;
    }

    /// <inheritdoc/>
    public override string Id => "Pendulum-v1";

    /// <inheritdoc/>
    public override Space<float[]> ObservationSpace { get; } = new Box([-1f, -1f, -8f], [1f, 1f, 8f]);

    /// <inheritdoc/>
    public override Space<float[]> ActionSpace { get; } = new Box(-2f, 2f, 1);

    /// <summary>The double state (θ, θ̇).</summary>
    public (double Theta, double ThetaDot) State => (theta, thetaDot);

    /// <summary>The last torque applied after clipping (null before the first step of an episode).</summary>
    public float? LastTorque { get; private set; }

    /// <inheritdoc/>
    protected override ResetResult<float[]> ResetCore()
    {
        theta = NpRandom.Uniform(-Math.PI, Math.PI);
        thetaDot = NpRandom.Uniform(-1.0, 1.0);
        LastTorque = null;
        return new(Observe(), EnvInfo.Empty);
    }

    /// <inheritdoc/>
    protected override StepResult<float[]> StepCore(float[] action)
    {
        float u32 = Math.Clamp(action[0], (float)-MaxTorque, (float)MaxTorque);
        LastTorque = u32;
        double an = AngleNormalize(theta);
        double costs, torqueTerm;
        if (promotion == NumpyPromotion.Legacy)
        {
            double u = u32;
            costs = Math.Pow(an, 2) + 0.1 * Math.Pow(thetaDot, 2) + 0.001 * Math.Pow(u, 2);
            torqueTerm = 3.0 / (Mass * (Len * Len)) * u;
        }
        else
        {
            float uSq = MathF.Pow(u32, 2f);
            costs = Math.Pow(an, 2) + 0.1 * Math.Pow(thetaDot, 2) + (double)((float)0.001 * uSq);
            torqueTerm = (float)(3.0 / (Mass * (Len * Len))) * u32;
        }
        double newThetaDot = thetaDot + (3 * g / (2 * Len) * Math.Sin(theta) + torqueTerm) * Dt;
        newThetaDot = Math.Clamp(newThetaDot, -MaxSpeed, MaxSpeed);
        double newTheta = theta + newThetaDot * Dt;
        theta = newTheta;
        thetaDot = newThetaDot;
        return new(Observe(), -costs, false, false, EnvInfo.Empty);
    }

    /// <summary><c>((x + π) mod 2π) − π</c> with Python's floored modulo.</summary>
    internal static double AngleNormalize(double x) => PyMod(x + Math.PI, 2 * Math.PI) - Math.PI;

    /// <summary>NumPy's float remainder: <c>fmod</c>, then moved by the divisor when the signs differ.</summary>
    internal static double PyMod(double a, double b)
    {
        double m = a % b;
        if (m != 0) { if ((b < 0) != (m < 0)) m += b; }
        else m = b < 0 ? -0.0 : 0.0;
        return m;
    }

    private float[] Observe() => [(float)Math.Cos(theta), (float)Math.Sin(theta), (float)thetaDot];
}
