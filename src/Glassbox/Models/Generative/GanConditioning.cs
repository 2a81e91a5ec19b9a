namespace Glassbox.Models.Generative;

/// <summary>Shared checks of the GAN modules' optional class labels.</summary>
internal static class GanConditioning
{
    /// <summary>
    /// Checks that labels are given exactly when the module is conditional, and that they are [N] integers in
    /// [0, <paramref name="numClasses"/>); returns them as int64.
    /// </summary>
    public static Tensor? Check(string module, Tensor? labels, int numClasses, int batch)
    {
        if (numClasses == 0)
        {
            if (labels is not null) throw new ArgumentException($"{module}: the module is unconditional (numClasses 0) but labels were given");
            return null;
        }
        if (labels is null) throw new ArgumentException($"{module}: the module is conditional on {numClasses} classes; labels [N] are required");
        if (labels.NDim != 1 || labels.DType.IsFloatingPoint() || labels.Size(0) != batch)
            throw new ArgumentException($"{module}: expected integer labels of shape [{batch}], got {labels.DType.TorchName()} {ShapeUtil.Format(labels.ShapeArray)}");
        var l = labels.To(DType.Int64);
        foreach (long v in l.ToArray<long>())
            if (v < 0 || v >= numClasses) throw new ArgumentException($"{module}: label {v} is outside [0, {numClasses})");
        return l;
    }

    /// <summary>
    /// Radford et al.'s initialisation: every convolution, transposed convolution and linear weight ~ N(0, 0.02), every
    /// batch-norm scale ~ N(1, 0.02), every bias and batch-norm shift 0; embeddings keep N(0, 1).
    /// </summary>
    public static void DcganInit(NN.Module module, Generator? generator)
    {
        using var _ = Autograd.GradMode.NoGrad();
        foreach (var (name, sub) in module.NamedModules())
        {
            switch (sub)
            {
                case NN.Conv2d or NN.ConvTranspose2d or NN.Linear:
                    foreach (var (pname, p) in sub.NamedParameters(recurse: false))
                        if (pname == "weight") NN.Init.Normal(p, 0, 0.02, generator);
                        else NN.Init.Zeros(p);
                    break;
                case NN.BatchNorm2d or NN.BatchNorm1d:
                    foreach (var (pname, p) in sub.NamedParameters(recurse: false))
                        if (pname == "weight") NN.Init.Normal(p, 1, 0.02, generator);
                        else NN.Init.Zeros(p);
                    break;
            }
        }
    }
}
