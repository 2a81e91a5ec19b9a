namespace Glassbox.RL.Envs;

/// <summary>
/// Which NumPy type-promotion rule an environment reproduces where Gymnasium's source mixes float32 values (actions,
/// stored state) with Python float constants. Only Pendulum-v1 and MountainCarContinuous-v0 differ between the two.
/// </summary>
public enum NumpyPromotion
{
    /// <summary>
    /// NumPy 1.x (the default, and what the reference trajectories record): an operation between two scalars
    /// promotes to the wider type, so a float32 action times a Python float is computed in double. Every step is plain
    /// IEEE double arithmetic in source order; float32 appears only where Gymnasium stores or returns it.
    /// </summary>
    Legacy,

    /// <summary>
    /// NumPy 2 (NEP 50, "weak" Python scalars): a Python float meeting a float32 value is cast to float32 and the
    /// operation is rounded to float32. The affected torque/force terms differ from <see cref="Legacy"/> by float32
    /// rounding, which grows to about 1e-4 over 200 steps.
    /// </summary>
    Nep50,
}
