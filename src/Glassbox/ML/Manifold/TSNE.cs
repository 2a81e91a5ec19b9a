using Glassbox.ML.Decomposition;
using Glassbox.ML.Options;

namespace Glassbox.ML.Manifold;

/// <summary>
/// t-distributed stochastic neighbour embedding (<c>sklearn.manifold.TSNE</c>, van der Maaten &amp; Hinton 2008):
/// finds low-dimensional points whose Student-t similarities Q match the Gaussian input similarities P by
/// minimising KL(P‖Q) with momentum gradient descent.
/// </summary>
/// <remarks>
/// <para>Schedule as sklearn 1.2: 250 iterations of early exaggeration (P × <see cref="EarlyExaggeration"/>,
/// momentum 0.5), then momentum 0.8 up to <see cref="NIter"/>; each stage starts with zero velocity and unit gains.
/// Gains follow delta-bar-delta (Jacobs 1988): +0.2 where the gradient's sign disagrees with the last update,
/// ×0.8 where it agrees, floored at 0.01. Every 50 iterations the KL is checked: stop when it has not improved for
/// <see cref="NIterWithoutProgress"/> iterations or the gradient norm is below <see cref="MinGradNorm"/>.</para>
/// <para>learning_rate "auto" (null): max(N / early_exaggeration / 4, 50). init "pca": the PCA projection scaled so the
/// first coordinate has standard deviation 1e-4; "random": 1e-4·N(0, 1).</para>
/// <para>method "exact": dense P and O(N²) gradients; "barnes_hut": P over the ⌊3·perplexity + 1⌋ nearest neighbours
/// (exact kNN) and quadtree repulsion with opening angle <see cref="Angle"/> (2-D only).</para>
/// </remarks>
public sealed class TSNE : Estimator<TSNE>
{
    private const int ExplorationIter = 250, CheckEvery = 50;
    private double[] embedding = [];
    private double klDivergence;
    private int nIterDone;

    /// <summary>Creates an unfitted TSNE.</summary>
    /// <param name="nComponents">Embedding dimension (<c>n_components</c>; 2 for Barnes–Hut).</param>
    /// <param name="perplexity">Effective neighbour count of the input Gaussians (<c>perplexity</c>).</param>
    /// <param name="earlyExaggeration">P multiplier in the first 250 iterations (<c>early_exaggeration</c>).</param>
    /// <param name="learningRate">Step size; null = "auto" (<c>learning_rate</c>).</param>
    /// <param name="nIter">Total iterations (<c>n_iter</c>).</param>
    /// <param name="nIterWithoutProgress">Patience of the KL check (<c>n_iter_without_progress</c>).</param>
    /// <param name="minGradNorm">Stop below this gradient norm (<c>min_grad_norm</c>).</param>
    /// <param name="init">PCA or random start (<c>init</c>).</param>
    /// <param name="method">Barnes–Hut or exact gradients (<c>method</c>).</param>
    /// <param name="angle">Barnes–Hut opening angle θ (<c>angle</c>).</param>
    /// <param name="randomState">Seed of the random init and the PCA init's randomized solver (<c>random_state</c>).</param>
    public TSNE(int nComponents = 2, double perplexity = 30, double earlyExaggeration = 12, double? learningRate = null,
        int nIter = 1000, int nIterWithoutProgress = 300, double minGradNorm = 1e-7, TsneInit init = TsneInit.Pca,
        TsneMethod method = TsneMethod.BarnesHut, double angle = 0.5, ulong randomState = 0)
    {
        NComponents = nComponents; Perplexity = perplexity; EarlyExaggeration = earlyExaggeration; LearningRate = learningRate;
        NIter = nIter; NIterWithoutProgress = nIterWithoutProgress; MinGradNorm = minGradNorm; Init = init; Method = method;
        Angle = angle; RandomState = randomState;
    }

    /// <summary>Embedding dimension.</summary>
    public int NComponents { get; }
    /// <summary>Perplexity.</summary>
    public double Perplexity { get; }
    /// <summary>Early exaggeration factor.</summary>
    public double EarlyExaggeration { get; }
    /// <summary>Learning rate; null = auto.</summary>
    public double? LearningRate { get; }
    /// <summary>Total iterations.</summary>
    public int NIter { get; }
    /// <summary>Patience in iterations.</summary>
    public int NIterWithoutProgress { get; }
    /// <summary>Gradient-norm stopping threshold.</summary>
    public double MinGradNorm { get; }
    /// <summary>Initial embedding (<c>init</c>).</summary>
    public TsneInit Init { get; }
    /// <summary>Gradient method (<c>method</c>).</summary>
    public TsneMethod Method { get; }
    /// <summary>Barnes–Hut opening angle.</summary>
    public double Angle { get; }
    /// <summary>Seed.</summary>
    public ulong RandomState { get; }

    /// <summary>The embedding [n, n_components] (<c>embedding_</c>).</summary>
    public Tensor Embedding => Tensor.FromArray(Learned(embedding, nameof(Embedding)), embedding.Length / NComponents, NComponents);
    /// <summary>Final KL(P‖Q) (<c>kl_divergence_</c>).</summary>
    public double KlDivergence => Learned(klDivergence, nameof(KlDivergence));
    /// <summary>Iterations run (<c>n_iter_</c>).</summary>
    public int NIterFitted => Learned(nIterDone, nameof(NIterFitted));

    /// <summary>Fit and return the embedding (<c>fit_transform</c>).</summary>
    public Tensor FitTransform(Tensor x) => Fit(x).Embedding;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(NComponents), Is.Int(min: 1) },
        { nameof(Perplexity), Is.Real(0, minOpen: true) },
        { nameof(EarlyExaggeration), Is.Real(1) },
        // null is scikit-learn's "auto"
        { nameof(LearningRate), Is.Real(0, minOpen: true).OrNull() },
        { nameof(NIter), Is.Int(min: ExplorationIter) },
        { nameof(Init), Is.Defined<TsneInit>() },
        { nameof(Method), Is.Defined<TsneMethod>() },
        { nameof(Angle), Is.Real(0, 1) },
    };

    /// <inheritdoc/>
    /// <remarks>The quadtree of Barnes–Hut is 2-D: a check relating <see cref="Method"/> and <see cref="NComponents"/>.</remarks>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (Method == TsneMethod.BarnesHut && NComponents != 2) OutOfRange(nameof(NComponents), NComponents, "2 with method=\"barnes_hut\" (quadtree)");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var xs = Input.Raw(x);
        int n = x.Shape[0], f = x.Shape[1], d = NComponents;
        if (Perplexity >= n) throw new ArgumentException($"TSNE.Fit: perplexity ({Perplexity}) must be less than the number of samples ({n})");
        bool exact = Method == TsneMethod.Exact;
        double[]? pDense = null; (int[] S, int[] C, double[] V) pSparse = ([], [], []);
        if (exact) pDense = TsneAffinities.JointDense(TsneAffinities.SquaredDistances(xs, n, f), n, Perplexity);
        else pSparse = TsneAffinities.JointSparse(xs, n, f, Perplexity);
        var yv = InitialEmbedding(x, n, d);
        double lr = LearningRate ?? Math.Max(n / EarlyExaggeration / 4, 50);
        var grad = new double[n * d];
        void Scale(double s)
        {
            if (exact) for (int i = 0; i < pDense!.Length; i++) pDense[i] *= s;
            else for (int i = 0; i < pSparse.V.Length; i++) pSparse.V[i] *= s;
        }
        double Objective(bool computeError) => exact ? TsneGradient.Exact(pDense!, yv, n, d, grad, computeError)
            : TsneGradient.BarnesHut(pSparse.S, pSparse.C, pSparse.V, yv, n, Angle, grad, computeError);

        Scale(EarlyExaggeration);
        int it = Descend(Objective, yv, grad, 0, ExplorationIter, 0.5, lr, ExplorationIter, out _);
        Scale(1 / EarlyExaggeration);
        it = Descend(Objective, yv, grad, it + 1, NIter, 0.8, lr, NIterWithoutProgress, out klDivergence);
        nIterDone = it;
        embedding = yv;
    }

    /// <summary>
    /// sklearn's <c>_gradient_descent</c> for iterations [start, end): momentum, gains, periodic KL checks.
    /// Returns the last iteration index; <paramref name="error"/> is the KL of the last evaluation. As in sklearn, the
    /// KL itself (a logarithm per non-zero p_ij) is only computed on check iterations and the last one.
    /// </summary>
    private int Descend(Func<bool, double> objective, double[] p, double[] grad, int start, int end, double momentum, double lr,
        int patience, out double error)
    {
        var update = new double[p.Length];
        var gains = new double[p.Length];
        Array.Fill(gains, 1.0);
        double best = double.MaxValue; int bestIter = start, i = start;
        error = double.NaN;
        for (; i < end; i++)
        {
            bool check = (i + 1) % CheckEvery == 0;
            error = objective(check || i == end - 1);
            for (int t = 0; t < p.Length; t++)
            {
                bool inc = update[t] * grad[t] < 0;
                gains[t] = Math.Max(inc ? gains[t] + 0.2 : gains[t] * 0.8, 0.01);
                update[t] = momentum * update[t] - lr * gains[t] * grad[t];
                p[t] += update[t];
            }
            if (check)
            {
                double gn = 0; foreach (var g in grad) gn += g * g;
                if (error < best) { best = error; bestIter = i; }
                else if (i - bestIter > patience) break;
                if (Math.Sqrt(gn) <= MinGradNorm) break;
            }
        }
        return Math.Min(i, end - 1);
    }

    private double[] InitialEmbedding(Tensor x, int n, int d)
    {
        var y = new double[n * d];
        if (Init == TsneInit.Random)
        {
            var g = new Generator(RandomState);
            for (int i = 0; i < y.Length; i++) y[i] = 1e-4 * g.NextNormal();
            return y;
        }
        var z = new PCA(d, svdSolver: SvdSolver.Randomized, randomState: RandomState).Fit(x).Transform(x).ToDoubleArray();
        double mean = 0; for (int i = 0; i < n; i++) mean += z[i * d]; mean /= n;
        double var0 = 0; for (int i = 0; i < n; i++) var0 += (z[i * d] - mean) * (z[i * d] - mean);
        double std = Math.Sqrt(var0 / n); // np.std: ddof = 0
        for (int i = 0; i < y.Length; i++) y[i] = (float)z[i] / std * 1e-4; // sklearn casts the PCA init to float32
        return y;
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        state.Set("embedding", Embedding);
        state.Set("kl_divergence", klDivergence);
        state.Set("n_iter", nIterDone);
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        embedding = state.GetMatrix("embedding", -1, NComponents);
        klDivergence = state.GetDouble("kl_divergence");
        nIterDone = state.GetInt("n_iter", 0);
    }
}
