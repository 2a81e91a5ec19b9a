namespace Glassbox.RL.Algorithms;

/// <summary>Shape and dtype checks of a replay minibatch, shared by the off-policy learners.</summary>
internal static class OffPolicyChecks
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the algorithm and the offending shapes.</summary>
    public static void Batch(string owner, DType dtype, Tensor obs, Tensor actions, Tensor rewards, Tensor nextObs, Tensor terminated)
    {
        ArgumentNullException.ThrowIfNull(obs);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(nextObs);
        ArgumentNullException.ThrowIfNull(terminated);
        int b = obs.NDim == 2 ? obs.Shape[0] : -1;
        bool ok = b > 0 && actions.NDim == 2 && actions.Shape[0] == b && rewards.NDim == 1 && rewards.Shape[0] == b
            && ShapeUtil.SameShape(nextObs.ShapeArray, obs.ShapeArray) && terminated.NDim == 1 && terminated.Shape[0] == b;
        if (!ok)
            throw new ArgumentException($"{owner}.Update: expected observations [B, obs], actions [B, A], rewards [B], next observations [B, obs], terminated [B]; got "
                + $"{ShapeUtil.Format(obs.ShapeArray)}, {ShapeUtil.Format(actions.ShapeArray)}, {ShapeUtil.Format(rewards.ShapeArray)}, {ShapeUtil.Format(nextObs.ShapeArray)}, {ShapeUtil.Format(terminated.ShapeArray)}");
        foreach (var t in new[] { obs, actions, rewards, nextObs, terminated })
            if (t.DType != dtype)
                throw new ArgumentException($"{owner}.Update: every minibatch tensor must be {dtype.TorchName()} (the networks' dtype), got {t.DType.TorchName()}");
    }
}
