using Glassbox.ML.Optimization;
using Glassbox.ML.Options;

namespace Glassbox.ML.Linear;

/// <summary>
/// Logistic regression (<c>sklearn.linear_model.LogisticRegression</c>): binary (one sigmoid) or multinomial
/// (softmax over K ≥ 3 classes), minimising sklearn's objective C·Σᵢ log-loss + penalty(W), intercepts unpenalised.
/// </summary>
/// <remarks>
/// <para>
/// Penalties: "l2" ½‖W‖²; "l1" ‖W‖₁; "elasticnet" ρ‖W‖₁ + ½(1 − ρ)‖W‖² with ρ = <see cref="L1Ratio"/>; "none".
/// Smooth problems ("l2", "none") are solved by <see cref="Lbfgs"/> (sklearn's default lbfgs solver; Tol is its
/// gtol); the others by accelerated proximal gradient (<see cref="ProximalGradient"/>, where sklearn uses saga;
/// Tol bounds the gradient mapping). Same minimiser, so coefficients agree with a converged sklearn fit.
/// </para>
/// <para>
/// Multinomial intercepts are only defined up to a common shift (softmax is shift-invariant and b is unpenalised);
/// like sklearn's solvers, which start at 0 and never move the sum, we report the ones summing to zero.
/// </para>
/// </remarks>
public sealed class LogisticRegression : ProbabilisticClassifier<LogisticRegression>, IDecisionFunction
{
    private double[] coef = [];
    private double[] intercept = [];
    private int nIter;

    /// <summary>Creates the estimator.</summary>
    /// <param name="penalty">The regularisation term (<c>penalty</c>, see <see cref="Linear.Penalty"/>).</param>
    /// <param name="c">Inverse regularisation strength C &gt; 0 (<c>C</c>).</param>
    /// <param name="fitIntercept">Whether to learn intercepts.</param>
    /// <param name="maxIter">Iteration cap.</param>
    /// <param name="tol">Stopping tolerance on the (composite) gradient's largest component.</param>
    /// <param name="l1Ratio">ρ ∈ [0, 1] for <see cref="Penalty.Elasticnet"/> (<c>l1_ratio</c>).</param>
    /// <param name="classWeight">Per-class weights on the loss terms: null, <see cref="Options.ClassWeight.Balanced"/> or
    /// {label: weight} (<c>class_weight</c>, see <see cref="ClassWeights"/>).</param>
    public LogisticRegression(Penalty penalty = Penalty.L2, double c = 1.0, bool fitIntercept = true, int maxIter = 100, double tol = 1e-4, double? l1Ratio = null,
        ClassWeight? classWeight = null)
    {
        Penalty = penalty; C = c; FitIntercept = fitIntercept; MaxIter = maxIter; Tol = tol; L1Ratio = l1Ratio; ClassWeight = classWeight;
    }

    /// <summary>Class weights (<c>class_weight</c>).</summary>
    public ClassWeight? ClassWeight { get; }

    /// <summary>The penalty (<c>penalty</c>).</summary>
    public Penalty Penalty { get; }
    /// <summary>Inverse regularisation strength (<c>C</c>).</summary>
    public double C { get; }
    /// <summary>Whether to learn intercepts (<c>fit_intercept</c>).</summary>
    public bool FitIntercept { get; }
    /// <summary>Iteration cap (<c>max_iter</c>).</summary>
    public int MaxIter { get; }
    /// <summary>Stopping tolerance (<c>tol</c>).</summary>
    public double Tol { get; }
    /// <summary>Elastic-net mixing ρ (<c>l1_ratio</c>); required for <see cref="Penalty.Elasticnet"/>.</summary>
    public double? L1Ratio { get; }

    /// <summary>Weights [1, n_features] for two classes, [n_classes, n_features] otherwise (<c>coef_</c>).</summary>
    public Tensor Coef => Tensor.FromArray(Learned(coef, nameof(Coef)), [intercept.Length, coef.Length / Math.Max(intercept.Length, 1)]);

    /// <summary>Intercepts [1] or [n_classes] (<c>intercept_</c>).</summary>
    public Tensor Intercept => Input.Vector(Learned(intercept, nameof(Intercept)));

    /// <summary>Optimiser iterations (<c>n_iter_</c>).</summary>
    public int NIter => Learned(nIter, nameof(NIter));

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(Penalty), Is.Defined<Penalty>() },
        { nameof(C), Is.Real(0, minOpen: true) },
        { nameof(MaxIter), Is.Int(min: 1) },
        { nameof(Tol), Is.Real(0) },
        { nameof(ClassWeight), Is.Where<ClassWeight>(w => ClassWeights.IsValid(w), ClassWeights.Allowed).OrNull() },
    };

    /// <summary>The table, then L1Ratio, which only the elastic net needs.</summary>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (Penalty == Penalty.Elasticnet && !(L1Ratio is double r && r >= 0 && r <= 1)) OutOfRange(nameof(L1Ratio), L1Ratio, "in [0, 1] when Penalty is \"elasticnet\"");
    }

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var yi = EncodeTargets(y, n);
        int classes = ClassLabels.Length, k = classes == 2 ? 1 : classes;
        double rho = Penalty switch { Penalty.L1 => 1, Penalty.Elasticnet => L1Ratio!.Value, _ => 0 };
        // C·Σℓ + ½(1 − ρ)‖W‖², plus ρ‖W‖₁ handled by the proximal step
        // sklearn: sample_weight *= class_weight[y]; each ℓᵢ in C·Σwᵢℓᵢ carries both
        var w = ClassWeights.PerSample(ClassWeights.Compute(ClassWeight, ClassLabels, yi, GetType().Name), yi);
        if (SampleWeight is { } sw)
        {
            if (w is null) w = (double[])sw.Clone();
            else for (int i = 0; i < n; i++) w[i] *= sw[i];
        }
        var loss = new LogisticLoss(Input.Raw(x), n, p, yi, k, FitIntercept, C, Penalty == Penalty.None ? 0 : 1 - rho, w);
        var theta0 = new double[loss.Size];
        Objective f = loss.Evaluate;
        OptimizationResult res;
        if (rho == 0) res = Lbfgs.Minimize(f, theta0, MaxIter, Tol);
        else
        {
            var mask = new bool[loss.Size];
            for (int i = 0; i < k * p; i++) mask[i] = true;
            res = ProximalGradient.Minimize(f, theta0, rho, mask, MaxIter, Tol);
        }
        nIter = res.Iterations;
        coef = res.X[..(k * p)];
        intercept = res.X[(k * p)..];
        if (k > 1 && FitIntercept)
        {
            double mean = intercept.Average();
            for (int q = 0; q < k; q++) intercept[q] -= mean;
        }
    }

    /// <summary>
    /// z = X·Wᵀ + b: [n_samples] for two classes (positive favours <c>Classes[1]</c>), else [n_samples, n_classes]
    /// (<c>decision_function</c>).
    /// </summary>
    public Tensor DecisionFunction(Tensor x)
    {
        var xm = CheckInput(x, nameof(DecisionFunction));
        int n = xm.Shape[0], p = xm.Shape[1], k = intercept.Length;
        var a = Input.Raw(xm);
        var z = new double[n * k];
        for (int i = 0; i < n; i++)
            for (int q = 0; q < k; q++) z[i * k + q] = DenseMath.Dot(a.AsSpan(i * p, p), coef.AsSpan(q * p, p)) + intercept[q];
        return k == 1 ? Input.Vector(z) : Input.Matrix(z, n, k);
    }

    /// <summary>[1 − σ(z), σ(z)] for two classes, softmax(z) otherwise (<c>predict_proba</c>).</summary>
    public override Tensor PredictProba(Tensor x)
    {
        var z = Input.Raw(DecisionFunction(x));
        int k = intercept.Length, n = z.Length / k, kk = Math.Max(k, 2);
        var pr = new double[n * kk];
        for (int i = 0; i < n; i++)
        {
            if (k == 1)
            {
                double zi = z[i];
                double s = zi >= 0 ? 1 / (1 + Math.Exp(-zi)) : Math.Exp(zi) / (1 + Math.Exp(zi));
                pr[2 * i] = 1 - s; pr[2 * i + 1] = s;
                continue;
            }
            double m = double.NegativeInfinity, sum = 0;
            for (int q = 0; q < k; q++) m = Math.Max(m, z[i * k + q]);
            for (int q = 0; q < k; q++) { pr[i * k + q] = Math.Exp(z[i * k + q] - m); sum += pr[i * k + q]; }
            for (int q = 0; q < k; q++) pr[i * k + q] /= sum;
        }
        return Input.Matrix(pr, n, kk);
    }

    /// <summary>Labels: Classes[1] where z &gt; 0 (binary), else the arg-max class (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x)
    {
        var z = DecisionFunction(x);
        if (intercept.Length > 1) return LabelsOfArgmax(z);
        var zs = Input.Raw(z);
        var r = new long[zs.Length];
        for (int i = 0; i < r.Length; i++) r[i] = ClassLabels[zs[i] > 0 ? 1 : 0];
        return Tensor.FromArray(r, [r.Length]);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        base.SaveState(state);
        state.Set("coef", Input.Vector(coef)); state.Set("intercept", Input.Vector(intercept)); state.Set("n_iter", nIter);
    }

    /// <inheritdoc/>
    protected override int MinLoadedClasses => 2;

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        base.LoadState(state);
        int classes = ClassLabels.Length, k = classes == 2 ? 1 : classes, p = state.NFeaturesIn;
        coef = state.GetVector("coef", checked(k * p), finite: true);
        intercept = state.GetVector("intercept", k, finite: true);
        nIter = state.GetInt("n_iter", 0);
    }
}
