using Glassbox.ML.Options;

namespace Glassbox.ML.Svm;

/// <summary>
/// C-support vector classification (<c>sklearn.svm.SVC</c>, libsvm's C-SVC): for each pair of classes, the dual
/// min_α ½αᵀQα − 1ᵀα s.t. yᵀα = 0, 0 ≤ α ≤ C with Q_ij = yᵢyⱼK(xᵢ, xⱼ), solved by <see cref="SmoSolver"/>;
/// decision f(x) = Σᵢ yᵢαᵢK(xᵢ, x) − ρ.
/// </summary>
/// <remarks>
/// <para>
/// Multiclass is one-vs-one as in libsvm: k(k−1)/2 binary problems (class a as +1 against class b as −1, a &lt; b in
/// <see cref="Classifier{TSelf}.Classes"/> order), solved in parallel. Prediction is by votes (f &gt; 0 votes for a,
/// else b; ties go to the lowest class index). <see cref="DecisionFunction"/> with shape "ovr" is sklearn's
/// <c>_ovr_decision_function</c>: votes + (summed confidences)/(3(|summed confidences| + 1)), which keeps the vote
/// order and breaks vote ties by confidence.
/// </para>
/// <para>
/// Learned attributes use sklearn's layout: support vectors grouped by class (in class order, training order within a
/// class); <see cref="DualCoef"/> [k−1, n_SV] holds yᵢαᵢ with libsvm's packing (the coefficient of an SV of class a
/// in problem (a, b) sits in row b−1 when a &lt; b, else in row b); <see cref="Intercept"/> = −ρ per pair. With two
/// classes sklearn negates both, so that a positive decision means <c>Classes[1]</c>; so do we.
/// </para>
/// <para>
/// With <see cref="Probability"/>, each pair also gets a Platt sigmoid fitted to decision values from a 5-fold
/// cross-validation of that pair's problem (libsvm's <c>svm_binary_svc_probability</c>; folds from Glassbox's
/// generator seeded by <see cref="RandomState"/> and the pair, so they differ from libsvm's), and
/// <see cref="PredictProba"/> couples the pairwise probabilities (<see cref="PlattScaling"/>). As in sklearn,
/// <see cref="Predict"/> still votes, so the most probable class can differ from the predicted one on close calls.
/// </para>
/// <para>
/// <b>Sample weights</b> (<c>fit(X, y, sample_weight)</c>, sklearn's patched libsvm): sample i's box becomes
/// 0 ≤ αᵢ ≤ Cᵢ = C·wᵢ·class_weight_{yᵢ}, i.e. its hinge loss counts wᵢ times in the primal
/// ½‖w‖² + Σᵢ Cᵢ·max(0, 1 − yᵢf(xᵢ)). Rows of weight 0 are removed before training (libsvm's
/// <c>remove_zero_weight</c>), so they are never support vectors; <see cref="Support"/> still indexes the original
/// rows (sklearn 1.2 numbers <c>support_</c> among the rows of positive weight only, its issue #25380). "balanced"
/// class weights and γ = "scale" are computed from all rows, unweighted, as in sklearn. A class whose rows all weigh 0
/// is an error (libsvm would silently drop the class). The Platt cross-validation trains each fold with its rows' Cᵢ
/// and fits the sigmoid unweighted, as libsvm's <c>svm_binary_svc_probability</c> does.
/// </para>
/// </remarks>
public sealed class SVC : ProbabilisticClassifier<SVC>, IDecisionFunction
{
    private double[] sv = [], svCoef = [], rho = [], svNorms = [], probA = [], probB = [];
    private long[] support = [], nSupport = [], nIterPairs = [];
    private double gamma;
    private int nSv;

    /// <summary>Creates the estimator.</summary>
    /// <param name="c">Box constraint C &gt; 0 (<c>C</c>).</param>
    /// <param name="kernel">The kernel (<c>kernel</c>, see <see cref="Svm.Kernel"/>).</param>
    /// <param name="degree">Polynomial degree ≥ 0 (<c>degree</c>).</param>
    /// <param name="gamma">γ of the poly, rbf and sigmoid kernels: <see cref="Svm.Gamma.Scale"/> (1/(d·Var X), the default),
    /// <see cref="Svm.Gamma.Auto"/> (1/d) or a number ≥ 0; null is <see cref="Svm.Gamma.Scale"/> (<c>gamma</c>).</param>
    /// <param name="coef0">Independent term of poly/sigmoid (<c>coef0</c>).</param>
    /// <param name="shrinking">Use libsvm's shrinking heuristic (<c>shrinking</c>).</param>
    /// <param name="tol">Stopping tolerance on the maximal KKT violation (<c>tol</c>).</param>
    /// <param name="cacheSize">Kernel-row cache per binary problem, in MB (<c>cache_size</c>).</param>
    /// <param name="maxIter">Iteration cap per problem, −1 for libsvm's own (<c>max_iter</c>).</param>
    /// <param name="decisionFunctionShape">The columns of <see cref="DecisionFunction"/> (<c>decision_function_shape</c>).</param>
    /// <param name="breakTies">Predict by the arg-max of the "ovr" decision instead of votes (<c>break_ties</c>).</param>
    /// <param name="probability">Fit Platt sigmoids by internal 5-fold cross-validation, enabling
    /// <see cref="PredictProba"/>; about six times the fit time (<c>probability</c>).</param>
    /// <param name="randomState">Seed of the probability folds; null draws one (<c>random_state</c>).</param>
    /// <param name="classWeight">Per-class factors on C — the box of class c's samples is C·w_c: null, <see cref="Options.ClassWeight.Balanced"/>
    /// or {label: weight} (<c>class_weight</c>, see <see cref="ClassWeights"/>).</param>
    public SVC(double c = 1.0, Kernel kernel = Kernel.Rbf, int degree = 3, Gamma? gamma = null, double coef0 = 0.0, bool shrinking = true,
        double tol = 1e-3, double cacheSize = 200, int maxIter = -1, DecisionFunctionShape decisionFunctionShape = DecisionFunctionShape.Ovr, bool breakTies = false,
        bool probability = false, long? randomState = null, ClassWeight? classWeight = null)
    {
        Probability = probability; RandomState = randomState; ClassWeight = classWeight;
        C = c; Kernel = kernel; Degree = degree; Gamma = gamma ?? Gamma.Scale; Coef0 = coef0; Shrinking = shrinking; Tol = tol; CacheSize = cacheSize;
        MaxIter = maxIter; DecisionFunctionShape = decisionFunctionShape; BreakTies = breakTies;
    }

    /// <summary>Box constraint (<c>C</c>).</summary>
    public double C { get; }
    /// <summary>Kernel name (<c>kernel</c>).</summary>
    public Kernel Kernel { get; }
    /// <summary>Polynomial degree (<c>degree</c>).</summary>
    public int Degree { get; }
    /// <summary>Kernel coefficient rule or value (<c>gamma</c>).</summary>
    public Gamma Gamma { get; }
    /// <summary>Independent kernel term (<c>coef0</c>).</summary>
    public double Coef0 { get; }
    /// <summary>Shrinking heuristic on/off (<c>shrinking</c>).</summary>
    public bool Shrinking { get; }
    /// <summary>Stopping tolerance (<c>tol</c>).</summary>
    public double Tol { get; }
    /// <summary>Cache size in MB (<c>cache_size</c>).</summary>
    public double CacheSize { get; }
    /// <summary>Iteration cap (<c>max_iter</c>).</summary>
    public int MaxIter { get; }
    /// <summary>Multiclass decision layout (<c>decision_function_shape</c>).</summary>
    public DecisionFunctionShape DecisionFunctionShape { get; }
    /// <summary>Break vote ties by confidence (<c>break_ties</c>).</summary>
    public bool BreakTies { get; }
    /// <summary>Per-class factors on C (<c>class_weight</c>).</summary>
    public ClassWeight? ClassWeight { get; }
    /// <summary>Probability estimates enabled (<c>probability</c>).</summary>
    public bool Probability { get; }
    /// <summary>Seed of the cross-validation folds behind the probabilities (<c>random_state</c>).</summary>
    public long? RandomState { get; }

    /// <summary>Platt slope A per class pair, empty without <see cref="Probability"/> (<c>probA_</c>).</summary>
    public Tensor ProbA => Input.Vector(Learned(probA, nameof(ProbA)));
    /// <summary>Platt offset B per class pair (<c>probB_</c>).</summary>
    public Tensor ProbB => Input.Vector(Learned(probB, nameof(ProbB)));

    /// <summary>Support vectors [n_SV, n_features], grouped by class (<c>support_vectors_</c>).</summary>
    public Tensor SupportVectors => Input.Matrix(Learned(sv, nameof(SupportVectors)), nSv, nSv == 0 ? 0 : sv.Length / nSv);
    /// <summary>Training-row index of each support vector, int64 [n_SV] (<c>support_</c>).</summary>
    public Tensor Support => Tensor.FromArray(Learned(support, nameof(Support)), [support.Length]);
    /// <summary>Support vectors per class, int64 [n_classes] (<c>n_support_</c>).</summary>
    public Tensor NSupport => Tensor.FromArray(Learned(nSupport, nameof(NSupport)), [nSupport.Length]);
    /// <summary>yᵢαᵢ in libsvm's packing, [n_classes − 1, n_SV]; negated for two classes (<c>dual_coef_</c>).</summary>
    public Tensor DualCoef
    {
        get
        {
            var c = Learned(svCoef, nameof(DualCoef));
            return Input.Matrix(ClassLabels.Length == 2 ? c.Select(v => -v).ToArray() : c, ClassLabels.Length - 1, nSv);
        }
    }
    /// <summary>−ρ per class pair [k(k−1)/2]; ρ itself for two classes (<c>intercept_</c>).</summary>
    public Tensor Intercept => Input.Vector(Learned(rho, nameof(Intercept)).Select(r => ClassLabels.Length == 2 ? r : -r).ToArray());
    /// <summary>The γ used (<c>_gamma</c>).</summary>
    public double GammaFitted => Learned(gamma, nameof(GammaFitted));
    /// <summary>SMO iterations per binary problem (<c>n_iter_</c>).</summary>
    public Tensor NIter => Tensor.FromArray(Learned(nIterPairs, nameof(NIter)), [nIterPairs.Length]);

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <summary>The kernel entries shared with <see cref="SVR"/>, then the classifier's own.</summary>
    protected override ParamTable Constraints
    {
        get
        {
            var table = SvmParams.Shared();
            table.Add(nameof(DecisionFunctionShape), Is.Defined<DecisionFunctionShape>());
            table.Add(nameof(RandomState), Is.Int(min: 0).OrNull());
            table.Add(nameof(ClassWeight), Is.Where<ClassWeight>(w => ClassWeights.IsValid(w), ClassWeights.Allowed).OrNull());
            return table;
        }
    }

    /// <summary>The table, then BreakTies, which needs the one-vs-rest shape.</summary>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (BreakTies && DecisionFunctionShape == DecisionFunctionShape.Ovo) OutOfRange(nameof(BreakTies), BreakTies, "false when DecisionFunctionShape is \"ovo\"");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], d = x.Shape[1];
        var yi = EncodeTargets(y, n);
        int k = ClassLabels.Length;
        var a = Input.Raw(x);
        gamma = Gamma.Resolve(a, d);
        var kern = new SvmKernel(Kernel, Degree, gamma, Coef0);

        // group rows by class (class order, training order inside) — libsvm's svm_group_classes after sklearn's sort;
        // rows of weight 0 are left out first, as libsvm's remove_zero_weight does (they cannot be support vectors)
        var w = SampleWeight;
        var count = new int[k];
        for (int i = 0; i < n; i++) if (w is null || w[i] > 0) count[yi[i]]++;
        for (int c = 0; c < k; c++)
            if (count[c] == 0)
                throw new ArgumentException($"SVC.Fit: every sample of class {ClassLabels[c]} has sample_weight 0; each class needs a positive weight");
        var start = new int[k];
        for (int c = 1; c < k; c++) start[c] = start[c - 1] + count[c - 1];
        var perm = new int[start[k - 1] + count[k - 1]];
        var fillPos = (int[])start.Clone();
        for (int i = 0; i < n; i++) if (w is null || w[i] > 0) perm[fillPos[yi[i]]++] = i;

        int pairs = k * (k - 1) / 2;
        var pairOf = new (int A, int B)[pairs];
        for (int i = 0, p = 0; i < k; i++) for (int j = i + 1; j < k; j++) pairOf[p++] = (i, j);
        var alphas = new double[pairs][];
        rho = new double[pairs];
        probA = Probability ? new double[pairs] : [];
        probB = Probability ? new double[pairs] : [];
        ulong probSeed = RandomState is long rs ? (ulong)rs : Generator.Default.NextUInt64();
        var cw = ClassWeights.Compute(ClassWeight, ClassLabels, yi, GetType().Name);
        nIterPairs = new long[pairs];
        // the largest problems first, so the last worker is not left with a big one
        var order = Enumerable.Range(0, pairs).OrderByDescending(p => count[pairOf[p].A] + count[pairOf[p].B]).ToArray();
        Parallel.For(0, pairs, new ParallelOptions { MaxDegreeOfParallelism = Kernels.Par.MaxThreads }, t =>
        {
            int p = order[t];
            var (ca, cb) = pairOf[p];
            int l = count[ca] + count[cb];
            var sub = new double[l * d];
            var ys = new sbyte[l];
            // libsvm's weighted C: the +1 side (class a) gets C·w_a, the −1 side C·w_b; with sample weights each
            // row's own bound is that times its weight
            double cp = C * (cw?[ca] ?? 1.0), cn = C * (cw?[cb] ?? 1.0);
            var cs = w is null ? null : new double[l];
            for (int r = 0; r < l; r++)
            {
                int src = r < count[ca] ? perm[start[ca] + r] : perm[start[cb] + r - count[ca]];
                a.AsSpan(src * d, d).CopyTo(sub.AsSpan(r * d, d));
                ys[r] = (sbyte)(r < count[ca] ? 1 : -1);
                if (cs is not null) cs[r] = w![src] * (ys[r] > 0 ? cp : cn);
            }
            var alpha = new double[l];
            var minusOnes = new double[l];
            Array.Fill(minusOnes, -1.0);
            var s = SmoSolver.Solve(new SvcQ(sub, l, d, ys, kern, CacheSize, parallelRows: pairs == 1), minusOnes, ys, alpha, cp, cn, Tol, Shrinking, MaxIter, cs);
            for (int r = 0; r < l; r++) alpha[r] *= ys[r];
            alphas[p] = alpha;
            rho[p] = s.Rho;
            nIterPairs[p] = s.Iterations;
            if (Probability)
                (probA[p], probB[p]) = PlattScaling.Fit(CrossValidatedDecisions(sub, l, d, ys, kern, cp, cn, cs, Ensemble.Forest.TreeGenerator(probSeed, p)), ys);
        });

        // a row is a support vector if it has a non-zero coefficient in any of its problems
        var nonzero = new bool[n]; // by grouped position
        for (int p = 0; p < pairs; p++)
        {
            var (ca, cb) = pairOf[p];
            for (int r = 0; r < count[ca]; r++) if (alphas[p][r] != 0) nonzero[start[ca] + r] = true;
            for (int r = 0; r < count[cb]; r++) if (alphas[p][count[ca] + r] != 0) nonzero[start[cb] + r] = true;
        }
        nSupport = new long[k];
        var nzStart = new int[k];
        var supp = new List<long>();
        for (int c = 0; c < k; c++)
        {
            nzStart[c] = supp.Count;
            for (int r = 0; r < count[c]; r++)
                if (nonzero[start[c] + r]) { supp.Add(perm[start[c] + r]); nSupport[c]++; }
        }
        support = supp.ToArray();
        nSv = support.Length;
        sv = new double[nSv * d];
        for (int s = 0; s < nSv; s++) a.AsSpan((int)support[s] * d, d).CopyTo(sv.AsSpan(s * d, d));
        svNorms = SvmKernel.SquaredNorms(sv, nSv, d);
        svCoef = new double[(k - 1) * nSv];
        for (int p = 0; p < pairs; p++)
        {
            var (ca, cb) = pairOf[p];
            int qa = nzStart[ca];
            for (int r = 0; r < count[ca]; r++) if (nonzero[start[ca] + r]) svCoef[(cb - 1) * nSv + qa++] = alphas[p][r];
            int qb = nzStart[cb];
            for (int r = 0; r < count[cb]; r++) if (nonzero[start[cb] + r]) svCoef[ca * nSv + qb++] = alphas[p][count[ca] + r];
        }
    }

    /// <summary>
    /// Out-of-sample decision values of one pair's problem (libsvm's <c>svm_binary_svc_probability</c>): the l rows
    /// are shuffled and cut into 5 folds; each fold gets the decision function of an SVM trained on the other four
    /// (same C per side — per row with sample weights, as libsvm hands each fold its rows' weights — kernel and
    /// tolerance). A training part holding one class only gives its fold ±1 (0 if empty). The sigmoid itself is fitted
    /// unweighted, as in libsvm.
    /// </summary>
    private double[] CrossValidatedDecisions(double[] x, int l, int d, sbyte[] y, SvmKernel kern, double cp, double cn, double[]? cs, Generator g)
    {
        const int folds = 5;
        var perm = new int[l];
        for (int i = 0; i < l; i++) perm[i] = i;
        for (int i = 0; i < l; i++) { int j = i + g.NextInt(l - i); (perm[i], perm[j]) = (perm[j], perm[i]); }
        var dec = new double[l];
        for (int f = 0; f < folds; f++)
        {
            int begin = f * l / folds, end = (f + 1) * l / folds, nt = l - (end - begin), nh = end - begin;
            if (nh == 0) continue;
            var train = new int[nt];
            for (int i = 0, t = 0; i < l; i++) if (i < begin || i >= end) train[t++] = perm[i];
            var xt = new double[nt * d];
            var yt = new sbyte[nt];
            var ct = cs is null ? null : new double[nt];
            int pos = 0;
            for (int t = 0; t < nt; t++)
            {
                x.AsSpan(train[t] * d, d).CopyTo(xt.AsSpan(t * d, d)); yt[t] = y[train[t]]; if (yt[t] > 0) pos++;
                if (ct is not null) ct[t] = cs![train[t]];
            }
            if (pos == 0 || pos == nt)
            {
                for (int i = begin; i < end; i++) dec[perm[i]] = nt == 0 ? 0 : pos > 0 ? 1 : -1;
                continue;
            }
            var alpha = new double[nt];
            var minusOnes = new double[nt];
            Array.Fill(minusOnes, -1.0);
            var sol = SmoSolver.Solve(new SvcQ(xt, nt, d, yt, kern, CacheSize), minusOnes, yt, alpha, cp, cn, Tol, Shrinking, MaxIter, ct);
            var xh = new double[nh * d];
            for (int i = 0; i < nh; i++) x.AsSpan(perm[begin + i] * d, d).CopyTo(xh.AsSpan(i * d, d));
            var kv = kern.Matrix(xh, nh, SvmKernel.SquaredNorms(xh, nh, d), xt, nt, SvmKernel.SquaredNorms(xt, nt, d), d);
            for (int i = 0; i < nh; i++)
            {
                double sum = 0;
                for (int t = 0; t < nt; t++) sum += alpha[t] * yt[t] * kv[i * nt + t];
                dec[perm[begin + i]] = sum - sol.Rho;
            }
        }
        return dec;
    }

    /// <summary>libsvm's pairwise decision values f_ab(x) = Σ coef·K − ρ, [n, k(k−1)/2].</summary>
    private double[] PairwiseDecision(double[] xa, int n, int d)
    {
        int k = ClassLabels.Length, pairs = k * (k - 1) / 2;
        var kern = new SvmKernel(Kernel, Degree, gamma, Coef0);
        var kv = kern.Matrix(xa, n, SvmKernel.SquaredNorms(xa, n, d), sv, nSv, svNorms, d);
        var start = new int[k];
        for (int c = 1; c < k; c++) start[c] = start[c - 1] + (int)nSupport[c - 1];
        var dec = new double[n * pairs];
        for (int i = 0; i < n; i++)
        {
            var row = kv.AsSpan(i * nSv, nSv);
            for (int a = 0, p = 0; a < k; a++)
                for (int b = a + 1; b < k; b++, p++)
                {
                    double sum = 0;
                    int sa = start[a], sb = start[b];
                    for (int t = 0; t < nSupport[a]; t++) sum += svCoef[(b - 1) * nSv + sa + t] * row[sa + t];
                    for (int t = 0; t < nSupport[b]; t++) sum += svCoef[a * nSv + sb + t] * row[sb + t];
                    dec[i * pairs + p] = sum - rho[p];
                }
        }
        return dec;
    }

    /// <summary>
    /// [n] for two classes (positive favours <c>Classes[1]</c>); else [n, k(k−1)/2] ("ovo": f_ab, positive favours a)
    /// or [n, k] ("ovr": votes + transformed confidences) (<c>decision_function</c>).
    /// </summary>
    public Tensor DecisionFunction(Tensor x)
    {
        var xm = CheckInput(x, nameof(DecisionFunction));
        int n = xm.Shape[0], d = xm.Shape[1], k = ClassLabels.Length, pairs = k * (k - 1) / 2;
        var dec = PairwiseDecision(Input.Raw(xm), n, d);
        if (k == 2) return Input.Vector(dec.Select(v => -v).ToArray());
        if (DecisionFunctionShape == DecisionFunctionShape.Ovo) return Input.Matrix(dec, n, pairs);
        return Input.Matrix(OvrDecision(dec, n, k), n, k);
    }

    /// <summary>sklearn's <c>_ovr_decision_function(dec &lt; 0, −dec, k)</c>.</summary>
    internal static double[] OvrDecision(double[] dec, int n, int k)
    {
        int pairs = k * (k - 1) / 2;
        var r = new double[n * k];
        var conf = new double[k];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(conf);
            for (int a = 0, p = 0; a < k; a++)
                for (int b = a + 1; b < k; b++, p++)
                {
                    double f = dec[i * pairs + p];
                    conf[a] += f; // −confidence = f
                    conf[b] -= f;
                    if (f < 0) r[i * k + b] += 1; else r[i * k + a] += 1;
                }
            for (int c = 0; c < k; c++) r[i * k + c] += conf[c] / (3 * (Math.Abs(conf[c]) + 1));
        }
        return r;
    }

    /// <summary>Class labels by one-vs-one votes, ties to the lowest class index (libsvm's <c>svm_predict</c>) (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        int n = xm.Shape[0], d = xm.Shape[1], k = ClassLabels.Length, pairs = k * (k - 1) / 2;
        var dec = PairwiseDecision(Input.Raw(xm), n, d);
        if (BreakTies && k > 2) return LabelsOfArgmax(Input.Matrix(OvrDecision(dec, n, k), n, k));
        var r = new long[n];
        var votes = new int[k];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(votes);
            for (int a = 0, p = 0; a < k; a++)
                for (int b = a + 1; b < k; b++, p++)
                    votes[dec[i * pairs + p] > 0 ? a : b]++;
            int best = 0;
            for (int c = 1; c < k; c++) if (votes[c] > votes[best]) best = c;
            r[i] = ClassLabels[best];
        }
        return Tensor.FromArray(r, [n]);
    }

    /// <summary>
    /// Class probabilities [n, k] (<c>predict_proba</c>): each pair's Platt sigmoid of its decision value, clamped to
    /// [1e-7, 1 − 1e-7], then pairwise coupling for k ≥ 3 (see <see cref="PlattScaling"/>). Needs
    /// <see cref="Probability"/> = true at construction, as in sklearn.
    /// </summary>
    public override Tensor PredictProba(Tensor x)
    {
        var xm = CheckInput(x, nameof(PredictProba));
        if (!Probability)
            throw new NotSupportedException("SVC.PredictProba: probability estimates need probability: true when the SVC is constructed (Platt scaling fitted during Fit); use DecisionFunction otherwise");
        int n = xm.Shape[0], d = xm.Shape[1], k = ClassLabels.Length, pairs = k * (k - 1) / 2;
        var dec = PairwiseDecision(Input.Raw(xm), n, d);
        var proba = new double[n * k];
        var r = new double[k * k];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0, p = 0; a < k; a++)
                for (int b = a + 1; b < k; b++, p++)
                {
                    r[a * k + b] = PlattScaling.Predict(dec[i * pairs + p], probA[p], probB[p]);
                    r[b * k + a] = 1 - r[a * k + b];
                }
            var pi = proba.AsSpan(i * k, k);
            if (k == 2) { pi[0] = r[1]; pi[1] = r[2]; }
            else PlattScaling.Couple(pi, r, k);
        }
        return Input.Matrix(proba, n, k);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        base.SaveState(state);
        state.Set("support_vectors", Input.Vector(sv)); state.Set("dual_coef", Input.Vector(svCoef)); state.Set("rho", Input.Vector(rho));
        state.Set("support", Tensor.FromArray(support, [support.Length])); state.Set("n_support", Tensor.FromArray(nSupport, [nSupport.Length]));
        state.Set("n_iter", Tensor.FromArray(nIterPairs, [nIterPairs.Length])); state.Set("gamma", gamma);
        state.Set("prob_a", Input.Vector(probA)); state.Set("prob_b", Input.Vector(probB));
    }

    /// <inheritdoc/>
    protected override int MinLoadedClasses => 2;

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        base.LoadState(state);
        int k = ClassLabels.Length, pairs = k * (k - 1) / 2, p = state.NFeaturesIn;
        nSupport = state.GetLongs("n_support", k, 0, int.MaxValue);
        nSv = checked((int)nSupport.Sum());
        support = state.GetLongs("support", nSv, 0, int.MaxValue);
        sv = state.GetVector("support_vectors", checked(nSv * p), finite: true);
        svCoef = state.GetVector("dual_coef", checked((k - 1) * nSv), finite: true);
        rho = state.GetVector("rho", pairs, finite: true);
        nIterPairs = state.GetLongs("n_iter", pairs, 0);
        gamma = state.GetDouble("gamma", finite: true);
        if (!(gamma > 0)) throw state.Invalid("gamma", $"expected > 0, got {gamma}");
        // files of models fitted without probability estimates may have no Platt parameters at all
        int nProb = Probability ? pairs : 0;
        probA = state.GetVectorOrNull("prob_a", nProb, finite: true) ?? [];
        probB = state.GetVectorOrNull("prob_b", nProb, finite: true) ?? [];
        if (probA.Length != nProb || probB.Length != nProb)
            throw state.Invalid("prob_a", $"Probability is {Probability}, so {nProb} Platt parameters per array are needed");
        svNorms = SvmKernel.SquaredNorms(sv, nSv, p);
    }
}
