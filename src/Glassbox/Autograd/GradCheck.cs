namespace Glassbox.Autograd;

/// <summary>
/// Compares autograd's analytic gradients with finite differences (<c>torch.autograd.gradcheck</c>).
/// </summary>
/// <remarks>
/// <para>
/// For f: ℝⁿ → ℝᵐ, row i of the Jacobian is found analytically by back-propagating the one-hot vector eᵢ
/// from the output; column j numerically by the central difference
/// (f(x + ε·eⱼ) − f(x − ε·eⱼ)) / 2ε, whose error is O(ε²). In float64 with ε = 1e-6 the two agree to
/// about 1e-9 for smooth functions, so a mismatch beyond atol + rtol·|numeric| is a wrong derivative, not noise.
/// </para>
/// <para>Inputs must be float64 leaves; the ones that require grad are checked. Non-differentiable points
/// (relu at 0, abs at 0, ties in max) must be avoided by the caller's choice of inputs.</para>
/// </remarks>
public static class GradCheck
{
    /// <summary>Outcome of a gradient check.</summary>
    /// <param name="Passed">True if every Jacobian entry agreed.</param>
    /// <param name="MaxAbsError">Largest |analytic − numeric| over all entries.</param>
    /// <param name="Message">Where the first disagreement was, or "ok".</param>
    public sealed record Result(bool Passed, double MaxAbsError, string Message);

    /// <summary>
    /// Checks every input that requires grad. Returns the result rather than throwing, so tests can report
    /// the worst error; use <see cref="Assert"/> to throw on failure.
    /// </summary>
    public static Result Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-7, double rtol = 1e-5)
    {
        foreach (var x in inputs)
            if (x.RequiresGrad && x.DType != DType.Float64)
                throw new ArgumentException($"GradCheck: inputs that require grad must be float64 (got {x.DType.TorchName()}); float32 finite differences are too noisy to check against");

        Tensor y;
        using (GradMode.EnableGrad()) y = f(inputs);
        int m = y.Numel;
        // analytic Jacobian, one backward per output element
        var analytic = new List<double[,]>();
        var checkedInputs = inputs.Where(x => x.RequiresGrad).ToArray();
        foreach (var x in checkedInputs) analytic.Add(new double[m, x.Numel]);
        for (int i = 0; i < m; i++)
        {
            foreach (var x in checkedInputs) x.Grad = null;
            var seed = Tensor.Zeros(y.ShapeToArray(), y.DType);
            seed.SetFlat(i, 1.0);
            if (y.RequiresGrad) y.Backward(seed, retainGraph: true);
            for (int k = 0; k < checkedInputs.Length; k++)
            {
                var gx = checkedInputs[k].Grad?.ToDoubleArray();
                for (int j = 0; j < checkedInputs[k].Numel; j++) analytic[k][i, j] = gx?[j] ?? 0.0;
            }
        }
        foreach (var x in checkedInputs) x.Grad = null;

        double maxErr = 0;
        string? firstFailure = null;
        using var _ = GradMode.NoGrad();
        for (int k = 0; k < checkedInputs.Length; k++)
        {
            var x = checkedInputs[k];
            var data = x.Data<double>();
            var offsets = Strided.Offsets(x.Offset, x.ShapeArray, x.strides);
            for (int j = 0; j < x.Numel; j++)
            {
                // Perturb the storage directly: this is measurement, not an op, so it must not bump versions.
                int p = offsets[j];
                double orig = data[p];
                data[p] = orig + eps; var plus = f(inputs).ToDoubleArray();
                data[p] = orig - eps; var minus = f(inputs).ToDoubleArray();
                data[p] = orig;
                for (int i = 0; i < m; i++)
                {
                    double num = (plus[i] - minus[i]) / (2 * eps);
                    double ana = analytic[k][i, j];
                    double err = Math.Abs(ana - num);
                    if (double.IsNaN(err)) err = double.IsNaN(ana) && double.IsNaN(num) ? 0 : double.PositiveInfinity;
                    maxErr = Math.Max(maxErr, err);
                    if (firstFailure is null && err > atol + rtol * Math.Abs(num))
                        firstFailure = $"input {Array.IndexOf(inputs, x)} element {j}, output element {i}: analytic {ana:G10} vs numeric {num:G10}";
                }
            }
        }
        return new Result(firstFailure is null, maxErr, firstFailure ?? "ok");
    }

    /// <summary>Like <see cref="Check"/> but throws <see cref="InvalidOperationException"/> with the details on failure.</summary>
    public static void Assert(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-7, double rtol = 1e-5)
    {
        var r = Check(f, inputs, eps, atol, rtol);
        if (!r.Passed) throw new InvalidOperationException($"GradCheck failed: {r.Message} (max abs error {r.MaxAbsError:G3})");
    }
    /// <summary>
    /// Second-order gradient check (<c>torch.autograd.gradgradcheck</c>): checks, by finite differences, the Jacobian of
    /// the first-order vector-Jacobian product (x, v) ↦ vᵀ·∂f/∂x computed with <c>createGraph</c> — with respect to the
    /// inputs (the second derivatives) and to v (which must reproduce the first derivatives through the graph form of
    /// every backward). A backward that treats a function of the inputs as a constant, or whose graph form drifts from
    /// its fast form, fails here even when the first-order check passes.
    /// </summary>
    /// <param name="f">The function; called with the inputs, in grad mode.</param>
    /// <param name="inputs">float64 tensors; those that require grad are differentiated.</param>
    /// <param name="gradOutput">v, shaped like f's output; null draws a seeded standard normal (as PyTorch's random
    /// grad_outputs), so that no symmetry of a one-vector hides an error.</param>
    /// <param name="eps">Finite-difference step.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="seed">Seed for the random v.</param>
    public static Result CheckSecondOrder(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor? gradOutput = null, double eps = 1e-6, double atol = 1e-7, double rtol = 1e-5, ulong seed = 0)
    {
        foreach (var x in inputs)
            if (x.RequiresGrad && x.DType != DType.Float64)
                throw new ArgumentException($"GradCheck: inputs that require grad must be float64 (got {x.DType.TorchName()}); float32 finite differences are too noisy to check against");
        Tensor y;
        using (GradMode.EnableGrad()) y = f(inputs);
        if (!y.RequiresGrad) throw new ArgumentException("GradCheck.CheckSecondOrder: the output does not depend on any input that requires grad");
        var v = (gradOutput ?? Tensor.Randn(y.ShapeToArray(), DType.Float64, new Generator(seed))).To(DType.Float64).Detach().Clone().RequiresGrad_();
        if (!ShapeUtil.SameShape(v.ShapeArray, y.ShapeArray))
            throw new ArgumentException($"GradCheck.CheckSecondOrder: gradOutput shape {ShapeUtil.Format(v.ShapeArray)} does not match the output shape {ShapeUtil.Format(y.ShapeArray)}");
        int n = inputs.Length;
        Tensor Vjp(Tensor[] all)
        {
            using var _ = GradMode.EnableGrad();
            var ins = all[..n];
            var wrt = ins.Where(x => x.RequiresGrad).ToArray();
            var grads = Autograd.Grad([f(ins)], wrt, [all[n]], createGraph: true, allowUnused: true);
            // An input the output ignores has gradient 0 at every order.
            return Tensor.Cat(grads.Select((g, i) => (g ?? Tensor.ZerosLike(wrt[i])).Reshape(-1)).ToArray());
        }
        return Check(Vjp, [.. inputs, v], eps, atol, rtol);
    }

    /// <summary>Like <see cref="CheckSecondOrder"/> but throws <see cref="InvalidOperationException"/> with the details on failure.</summary>
    /// <param name="f">The function.</param>
    /// <param name="inputs">float64 inputs.</param>
    /// <param name="gradOutput">v, or null for a seeded random one.</param>
    /// <param name="eps">Finite-difference step.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="seed">Seed for the random v.</param>
    public static void AssertSecondOrder(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor? gradOutput = null, double eps = 1e-6, double atol = 1e-7, double rtol = 1e-5, ulong seed = 0)
    {
        var r = CheckSecondOrder(f, inputs, gradOutput, eps, atol, rtol, seed);
        if (!r.Passed) throw new InvalidOperationException($"GradCheck (second order) failed: {r.Message} (max abs error {r.MaxAbsError:G3}); input {inputs.Length} is the output gradient v");
    }
}
