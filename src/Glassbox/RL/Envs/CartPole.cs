using Glassbox.RL.Spaces;

namespace Glassbox.RL.Envs;

/// <summary>
/// CartPole-v1 (Barto, Sutton &amp; Anderson, 1983, as Gymnasium implements it): push a cart left (0) or right (1)
/// with force 10 N to keep a hinged pole upright. Reward +1 every step, including the one that terminates.
/// </summary>
/// <remarks>
/// <para>Dynamics (Florian's corrected equations, Euler step τ = 0.02 s), in this order and in double:
/// <c>temp = (F + m_p·l·θ̇²·sin θ) / (m_c + m_p)</c>;
/// <c>θ̈ = (g·sin θ − cos θ·temp) / (l·(4/3 − m_p·cos²θ / (m_c + m_p)))</c>;
/// <c>ẍ = temp − m_p·l·θ̈·cos θ / (m_c + m_p)</c>; then <c>x += τ·ẋ</c>, <c>ẋ += τ·ẍ</c>, <c>θ += τ·θ̇</c>,
/// <c>θ̇ += τ·θ̈</c>, each using the values before the update. g = 9.8, m_c = 1, m_p = 0.1, l = 0.5 (half the pole).</para>
/// <para>Terminates when |x| &gt; 2.4 or |θ| &gt; 12° (2π·12/360 rad). The state stays in double between steps; the
/// observation is its float32 cast. Reset draws x, ẋ, θ, θ̇ from <c>uniform(−0.05, 0.05)</c> in that order.
/// Bit-identical to Gymnasium's trajectories: the operation order above is the source's, and .NET's
/// <see cref="Math.Sin"/>/<see cref="Math.Cos"/> call the same C library NumPy calls on Linux.</para>
/// </remarks>
public sealed class CartPole : Env<float[], int>
{
    private const double Gravity = 9.8, MassCart = 1.0, MassPole = 0.1, Length = 0.5, ForceMag = 10.0, Tau = 0.02;
    private const double TotalMass = MassPole + MassCart, PoleMassLength = MassPole * Length;
    private const double XThreshold = 2.4;
    private static readonly double ThetaThreshold = 12 * 2 * Math.PI / 360;
    private readonly double[] state = new double[4];
    private readonly bool suttonBartoReward;

    /// <summary>Creates the environment; <paramref name="suttonBartoReward"/> gives reward 0 per step and −1 on
    /// termination instead (Gymnasium's <c>sutton_barto_reward</c>).</summary>
    public CartPole(bool suttonBartoReward = false)
    {
        this.suttonBartoReward = suttonBartoReward;
        float thetaBound = (float)(ThetaThreshold * 2);
        ObservationSpace = new Box([-4.8f, float.NegativeInfinity, -thetaBound, float.NegativeInfinity],
                                   [4.8f, float.PositiveInfinity, thetaBound, float.PositiveInfinity]);
    }

    /// <inheritdoc/>
    public override string Id => "CartPole-v1";

    /// <inheritdoc/>
    public override Space<float[]> ObservationSpace { get; }

    /// <inheritdoc/>
    public override Space<int> ActionSpace { get; } = new Discrete(2);

    /// <summary>The double state (x, ẋ, θ, θ̇), a copy.</summary>
    public double[] State => (double[])state.Clone();

    /// <inheritdoc/>
    protected override ResetResult<float[]> ResetCore()
    {
        for (int i = 0; i < 4; i++) state[i] = NpRandom.Uniform(-0.05, 0.05);
        return new(Observe(), EnvInfo.Empty);
    }

    /// <inheritdoc/>
    protected override StepResult<float[]> StepCore(int action)
    {
        double x = state[0], xDot = state[1], theta = state[2], thetaDot = state[3];
        double force = action == 1 ? ForceMag : -ForceMag;
        double cosTheta = Math.Cos(theta), sinTheta = Math.Sin(theta);
        double temp = (force + PoleMassLength * (thetaDot * thetaDot) * sinTheta) / TotalMass;
        double thetaAcc = (Gravity * sinTheta - cosTheta * temp) / (Length * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;
        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
        state[0] = x; state[1] = xDot; state[2] = theta; state[3] = thetaDot;
        bool terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThreshold || theta > ThetaThreshold;
        double reward = suttonBartoReward ? (terminated ? -1.0 : 0.0) : 1.0;
        return new(Observe(), reward, terminated, false, EnvInfo.Empty);
    }

    private float[] Observe() => [(float)state[0], (float)state[1], (float)state[2], (float)state[3]];
}
