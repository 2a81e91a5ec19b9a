using Glassbox.ML.Options;
using System.Numerics.Tensors;

namespace Glassbox.ML.Svm;

/// <summary>
/// Linear support vector classification (<c>sklearn.svm.LinearSVC</c>, liblinear's L2-regularised SVC solved in the
/// dual): per class c (one-vs-rest), min_w ½‖w‖² + C Σᵢ ℓ(yᵢ wᵀx̃ᵢ) with ℓ the squared hinge max(0, 1 − m)² (default)
/// or the hinge max(0, 1 − m), and x̃ = [x, intercept_scaling].
/// </summary>
/// <remarks>
/// <para>
/// Solver: dual coordinate descent (Hsieh, Chang, Lin, Keerthi &amp; Sundararajan 2008; liblinear's
/// <c>solve_l2r_l1l2_svc</c>): α ∈ [0, U] with U = C (hinge) or ∞ (squared hinge, whose dual adds αᵢ²/(4C) via
/// D_ii = 1/(2C)); each pass visits the active variables in a random order, takes the exact one-variable step
/// αᵢ ← clip(αᵢ − Gᵢ/Q̄ᵢᵢ) with Gᵢ = yᵢwᵀx̃ᵢ − 1 + Dᵢᵢαᵢ and keeps w = Σ yᵢαᵢx̃ᵢ; variables at a bound whose
/// projected gradient points outwards beyond last pass's extremes are shrunk; it stops when
/// max PG − min PG ≤ tol on the full set.
/// </para>
/// <para>
/// The intercept is the weight of the constant feature <see cref="InterceptScaling"/>, so it is penalised like the
/// other weights, exactly as liblinear (intercept_ = InterceptScaling·w_last). The visiting order comes from
/// Glassbox's generator, not liblinear's, so results agree with sklearn to the solver tolerance (the primal
/// optimum is unique).
/// </para>
/// <para>
/// <b>Sample weights</b> (<c>fit(X, y, sample_weight)</c>, as liblinear): sample i's loss term gets Cᵢ = C·wᵢ, i.e.
/// min ½‖w‖² + Σᵢ C·wᵢ·ℓ(yᵢwᵀx̃ᵢ); in the dual D_ii = 1/(2Cᵢ) (squared hinge) or αᵢ ≤ Cᵢ (hinge). Rows of weight 0
/// drop out of the problem (their term vanishes), which is also what sklearn's fit gives.
/// </para>
/// <para>
/// <b>Class weights</b> (<c>class_weight</c>, see <see cref="ClassWeights"/>) scale Cᵢ further, exactly as liblinear
/// does: with two classes each row's Cᵢ is multiplied by its own class's weight; with K ≥ 3 classes the one-vs-rest
/// problem of class c multiplies the Cᵢ of class c's rows by w_c and leaves the other rows' at C·wᵢ — liblinear gives
/// the "rest" side the plain C, not the weights of the classes it pools.
/// </para>
/// </remarks>
public sealed class LinearSVC : Classifier<LinearSVC>, IDecisionFunction
{
    private double[] coef = [], intercept = [];
    private int nIter;

    /// <summary>Creates the estimator.</summary>
    /// <param name="loss">The margin loss (<c>loss</c>, see <see cref="HingeLoss"/>).</param>
    /// <param name="tol">Stopping tolerance on the projected-gradient spread (<c>tol</c>).</param>
    /// <param name="c">Inverse regularisation C &gt; 0 (<c>C</c>).</param>
    /// <param name="fitIntercept">Append the constant feature (<c>fit_intercept</c>).</param>
    /// <param name="interceptScaling">Value of the constant feature (<c>intercept_scaling</c>).</param>
    /// <param name="maxIter">Passes over the data (<c>max_iter</c>).</param>
    /// <param name="randomState">Seed of the visiting order; null draws one from <see cref="Generator.Default"/> (<c>random_state</c>).</param>
    /// <param name="classWeight">Per-class factors on C: null, <see cref="ClassWeight.Balanced"/> (n/(k·n_c)) or
    /// {label: weight} (<c>class_weight</c>; how liblinear applies them with K ≥ 3 classes is in the remarks).</param>
    public LinearSVC(HingeLoss loss = HingeLoss.SquaredHinge, double tol = 1e-4, double c = 1.0, bool fitIntercept = true, double interceptScaling = 1.0,
        int maxIter = 1000, int? randomState = null, ClassWeight? classWeight = null)
    {
        Loss = loss; Tol = tol; C = c; FitIntercept = fitIntercept; InterceptScaling = interceptScaling; MaxIter = maxIter; RandomState = randomState;
        ClassWeight = classWeight;
    }

    /// <summary>Loss (<c>loss</c>).</summary>
    public HingeLoss Loss { get; }
    /// <summary>Tolerance (<c>tol</c>).</summary>
    public double Tol { get; }
    /// <summary>Inverse regularisation (<c>C</c>).</summary>
    public double C { get; }
    /// <summary>Whether to learn an intercept (<c>fit_intercept</c>).</summary>
    public bool FitIntercept { get; }
    /// <summary>Constant feature value (<c>intercept_scaling</c>).</summary>
    public double InterceptScaling { get; }
    /// <summary>Pass cap (<c>max_iter</c>).</summary>
    public int MaxIter { get; }
    /// <summary>Seed (<c>random_state</c>).</summary>
    public int? RandomState { get; }
    /// <summary>Per-class factors on C (<c>class_weight</c>).</summary>
    public ClassWeight? ClassWeight { get; }

    /// <summary>Weights [1, n_features] for two classes, else [n_classes, n_features] (<c>coef_</c>).</summary>
    public Tensor Coef => Input.Matrix(Learned(coef, nameof(Coef)), intercept.Length, coef.Length / intercept.Length);
    /// <summary>Intercepts [1] or [n_classes] (<c>intercept_</c>).</summary>
    public Tensor Intercept => Input.Vector(Learned(intercept, nameof(Intercept)));
    /// <summary>Largest pass count over the one-vs-rest problems (<c>n_iter_</c>).</summary>
    public int NIter => Learned(nIter, nameof(NIter));

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(Loss), Is.Defined<HingeLoss>() },
        { nameof(Tol), Is.Real(0, minOpen: true) },
        { nameof(C), Is.Real(0, minOpen: true) },
        { nameof(MaxIter), Is.Int(min: 1) },
        { nameof(ClassWeight), Is.Where<ClassWeight>(w => ClassWeights.IsValid(w), ClassWeights.Allowed).OrNull() },
    };

    /// <summary>The table, then InterceptScaling, which matters only with an intercept.</summary>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (FitIntercept && !(InterceptScaling > 0)) OutOfRange(nameof(InterceptScaling), InterceptScaling, "> 0");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], d = x.Shape[1];
        var yi = EncodeTargets(y, n);
        int k = ClassLabels.Length, m = k == 2 ? 1 : k;
        int w = FitIntercept ? d + 1 : d;
        var a = Input.Raw(x);
        var xt = new double[n * w];
        for (int i = 0; i < n; i++)
        {
            a.AsSpan(i * d, d).CopyTo(xt.AsSpan(i * w, d));
            if (FitIntercept) xt[i * w + d] = InterceptScaling;
        }
        var rng = new Generator(RandomState is int s ? (ulong)s : Generator.Default.NextUInt64());
        coef = new double[m * d];
        intercept = new double[m];
        nIter = 0;
        var cw = ClassWeights.Compute(ClassWeight, ClassLabels, yi, GetType().Name);
        for (int c = 0; c < m; c++)
        {
            int pos = k == 2 ? 1 : c;
            var ys = new sbyte[n];
            for (int i = 0; i < n; i++) ys[i] = (sbyte)(yi[i] == pos ? 1 : -1);
            var (wv, it) = DualCd(xt, n, w, ys, rng, RowWeights(SampleWeight, cw, yi, k == 2 ? -1 : c));
            nIter = Math.Max(nIter, it);
            wv.AsSpan(0, d).CopyTo(coef.AsSpan(c * d, d));
            intercept[c] = FitIntercept ? InterceptScaling * wv[d] : 0;
        }
    }

    /// <summary>The factor on C of each row of one binary problem: its sample weight times, with two classes
    /// (<paramref name="ovrClass"/> = −1), its class's weight, else (problem of class <paramref name="ovrClass"/>) w_c
    /// for that class's rows only — liblinear's rule. Null when neither weights nor class weights are given.</summary>
    private static double[]? RowWeights(double[]? sw, double[]? cw, int[] yi, int ovrClass)
    {
        if (cw is null) return sw;
        var r = new double[yi.Length];
        for (int i = 0; i < r.Length; i++)
        {
            double f = ovrClass < 0 ? cw[yi[i]] : yi[i] == ovrClass ? cw[ovrClass] : 1.0;
            r[i] = (sw is null ? 1.0 : sw[i]) * f;
        }
        return r;
    }

    /// <summary>liblinear's <c>solve_l2r_l1l2_svc</c> for one binary problem; returns w and the pass count. With
    /// sample weights <paramref name="sw"/> each row has its own Cᵢ = C·wᵢ (D_ii = 1/(2Cᵢ), or the bound Uᵢ = Cᵢ), and
    /// rows of weight 0 are left out, which is the fit without them.</summary>
    private (double[] W, int Iter) DualCd(double[] x, int n, int w, sbyte[] y, Generator rng, double[]? sw)
    {
        bool l2 = Loss == HingeLoss.SquaredHinge;
        var wv = new double[w];
        var alpha = new double[n];
        var qd = new double[n];
        var diag = new double[n];
        var upper = new double[n];
        var index = new int[n];
        int rows = 0;
        for (int i = 0; i < n; i++)
        {
            if (sw is not null && !(sw[i] > 0)) continue;
            double ci = sw is null ? C : C * sw[i];
            diag[i] = l2 ? 0.5 / ci : 0;
            upper[i] = l2 ? double.PositiveInfinity : ci;
            var xi = x.AsSpan(i * w, w);
            qd[i] = diag[i] + TensorPrimitives.Dot<double>(xi, xi);
            index[rows++] = i;
        }
        n = rows;
        int active = n, iter = 0;
        double pgMaxOld = double.PositiveInfinity, pgMinOld = double.NegativeInfinity;
        while (iter < MaxIter)
        {
            double pgMax = double.NegativeInfinity, pgMin = double.PositiveInfinity;
            for (int i = 0; i < active; i++)
            {
                int j = i + rng.NextInt(active - i);
                (index[i], index[j]) = (index[j], index[i]);
            }
            for (int s = 0; s < active; s++)
            {
                int i = index[s];
                var xi = x.AsSpan(i * w, w);
                double g = y[i] * TensorPrimitives.Dot<double>(wv, xi) - 1 + alpha[i] * diag[i];
                double pg = 0;
                if (alpha[i] == 0)
                {
                    if (g > pgMaxOld) { active--; (index[s], index[active]) = (index[active], index[s]); s--; continue; }
                    if (g < 0) pg = g;
                }
                else if (alpha[i] == upper[i])
                {
                    if (g < pgMinOld) { active--; (index[s], index[active]) = (index[active], index[s]); s--; continue; }
                    if (g > 0) pg = g;
                }
                else pg = g;
                pgMax = Math.Max(pgMax, pg);
                pgMin = Math.Min(pgMin, pg);
                if (Math.Abs(pg) > 1e-12)
                {
                    double old = alpha[i];
                    alpha[i] = Math.Min(Math.Max(alpha[i] - g / qd[i], 0.0), upper[i]);
                    TensorPrimitives.MultiplyAdd(xi, (alpha[i] - old) * y[i], wv, wv);
                }
            }
            iter++;
            if (pgMax - pgMin <= Tol)
            {
                if (active == n) break;
                active = n;
                pgMaxOld = double.PositiveInfinity; pgMinOld = double.NegativeInfinity;
                continue;
            }
            pgMaxOld = pgMax <= 0 ? double.PositiveInfinity : pgMax;
            pgMinOld = pgMin >= 0 ? double.NegativeInfinity : pgMin;
        }
        return (wv, iter);
    }

    /// <summary>x·w_c + b_c: [n] for two classes (positive favours <c>Classes[1]</c>), else [n, k] (<c>decision_function</c>).</summary>
    public Tensor DecisionFunction(Tensor x)
    {
        var xm = CheckInput(x, nameof(DecisionFunction));
        int n = xm.Shape[0], d = xm.Shape[1], m = intercept.Length;
        var a = Input.Raw(xm);
        var z = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < m; c++) z[i * m + c] = TensorPrimitives.Dot<double>(a.AsSpan(i * d, d), coef.AsSpan(c * d, d)) + intercept[c];
        return m == 1 ? Input.Vector(z) : Input.Matrix(z, n, m);
    }

    /// <summary>Classes[1] where the decision is &gt; 0 (two classes), else the arg-max class (<c>predict</c>).</summary>
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
        int classes = ClassLabels.Length, m = classes == 2 ? 1 : classes;
        coef = state.GetVector("coef", checked(m * state.NFeaturesIn), finite: true);
        intercept = state.GetVector("intercept", m, finite: true);
        nIter = state.GetInt("n_iter", 0);
    }
}
