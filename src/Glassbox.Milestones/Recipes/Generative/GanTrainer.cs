using System.Diagnostics;
using Glassbox.Autograd;
using Glassbox.Models.Generative;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Milestones.Recipes.Generative;

/// <summary>The mean losses of one epoch of <see cref="GanTrainer.TrainEpoch"/>.</summary>
/// <param name="DiscriminatorLoss">Mean discriminator (or critic, penalty included) loss over its steps.</param>
/// <param name="GeneratorLoss">Mean generator loss over its steps.</param>
/// <param name="Penalty">Mean gradient penalty λ·E[(‖∇f‖ − 1)²] (WGAN-GP; 0 otherwise).</param>
/// <param name="WassersteinEstimate">Mean E[f(real)] − E[f(fake)] over the critic steps: the critic's running estimate of W₁ (WGAN-GP; 0 otherwise).</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="GeneratorSteps">Generator updates made.</param>
public sealed record GanEpochStats(double DiscriminatorLoss, double GeneratorLoss, double Penalty, double WassersteinEstimate, double Seconds, int GeneratorSteps);

/// <summary>One discriminator step of <see cref="GanTrainer.TrainEpoch"/>, as reported to its callback.</summary>
/// <param name="Step">1-based step within the epoch.</param>
/// <param name="Steps">Steps in the epoch.</param>
/// <param name="DiscriminatorLoss">This step's D loss (penalty included).</param>
/// <param name="GeneratorLoss">The G loss of the G step that followed, or NaN when none did.</param>
/// <param name="Penalty">This step's gradient penalty (0 for the non-saturating game).</param>
/// <param name="WassersteinEstimate">This step's E[f(real)] − E[f(fake)] (0 for the non-saturating game).</param>
public readonly record struct GanStep(int Step, int Steps, double DiscriminatorLoss, double GeneratorLoss, double Penalty, double WassersteinEstimate);

/// <summary>
/// The alternating optimisation of a generator G and a discriminator (or critic) D on images in [−1, 1]: for every
/// real batch one D step; after every <see cref="CriticSteps"/> D steps, one G step on a fresh batch of z (and, for a
/// conditional pair, of uniformly drawn labels). All randomness — shuffling, z, labels, the penalty's ε — comes from
/// one seeded <see cref="Generator"/>, so a run repeats exactly.
/// </summary>
public sealed class GanTrainer
{
    private readonly Module<Tensor, Tensor?, Tensor> g, d;
    private readonly Optimizer optG, optD;
    private readonly Generator gen;

    /// <summary>Creates the trainer.</summary>
    /// <param name="generator">G: (z [N, latent], labels [N] or null) → images [N, 1, 28, 28] in [−1, 1].</param>
    /// <param name="discriminator">D: (images, labels or null) → [N, 1] logits or scores.</param>
    /// <param name="optG">G's optimiser.</param>
    /// <param name="optD">D's optimiser.</param>
    /// <param name="objective">The game.</param>
    /// <param name="latent">Dimension of z.</param>
    /// <param name="numClasses">Classes of a conditional pair; 0 when unconditional.</param>
    /// <param name="random">The one random source of training.</param>
    /// <param name="criticSteps">D steps per G step (n_critic; 5 for WGAN-GP, 1 for the original GAN).</param>
    /// <param name="lambda">The gradient penalty's λ (WGAN-GP only).</param>
    public GanTrainer(Module<Tensor, Tensor?, Tensor> generator, Module<Tensor, Tensor?, Tensor> discriminator, Optimizer optG, Optimizer optD,
        GanObjective objective, int latent, int numClasses, Generator random, int criticSteps = 1, double lambda = GradientPenalty.DefaultLambda)
    {
        if (criticSteps < 1) throw new ArgumentOutOfRangeException(nameof(criticSteps), $"GanTrainer: criticSteps must be at least 1, got {criticSteps}");
        g = generator; d = discriminator; this.optG = optG; this.optD = optD;
        Objective = objective; Latent = latent; NumClasses = numClasses; gen = random; CriticSteps = criticSteps; Lambda = lambda;
    }

    /// <summary>The game.</summary>
    public GanObjective Objective { get; }
    /// <summary>Dimension of z.</summary>
    public int Latent { get; }
    /// <summary>Classes (0: unconditional).</summary>
    public int NumClasses { get; }
    /// <summary>D steps per G step.</summary>
    public int CriticSteps { get; }
    /// <summary>The gradient penalty's coefficient.</summary>
    public double Lambda { get; }

    /// <summary>One D update on a real batch [N, 1, 28, 28] in [−1, 1] (with its labels when conditional); returns (loss, penalty, W₁ estimate).</summary>
    public (double loss, double penalty, double wasserstein) DiscriminatorStep(Tensor real, Tensor? labels)
    {
        g.Train(); d.Train();
        using var scope = new TensorScope();
        int n = real.Size(0);
        var fakeLabels = NumClasses > 0 ? labels : null;
        Tensor fake;
        using (GradMode.NoGrad()) fake = g.Call(Tensor.Randn([n, Latent], DType.Float32, gen), fakeLabels);
        var realOut = d.Call(real, labels);
        var fakeOut = d.Call(fake, fakeLabels);
        optD.ZeroGrad();
        if (Objective == GanObjective.NonSaturating)
        {
            var loss = GanLoss.DiscriminatorLoss(realOut, fakeOut);
            loss.Backward();
            optD.Step();
            return (loss.Item(), 0, 0);
        }
        var critic = GanLoss.CriticLoss(realOut, fakeOut);
        var gp = GradientPenalty.Compute(x => d.Call(x, fakeLabels), real, fake, gen, Lambda);
        var total = critic + gp;
        total.Backward();
        optD.Step();
        return (total.Item(), gp.Item(), -critic.Item());
    }

    /// <summary>One G update on <paramref name="n"/> fresh latents (and uniformly drawn labels when conditional); returns G's loss.</summary>
    public double GeneratorStep(int n)
    {
        g.Train(); d.Train();
        using var scope = new TensorScope();
        var labels = NumClasses > 0 ? Tensor.Randint(0, NumClasses, [n], gen) : null;
        var fakeOut = d.Call(g.Call(Tensor.Randn([n, Latent], DType.Float32, gen), labels), labels);
        var loss = Objective == GanObjective.NonSaturating ? GanLoss.GeneratorLoss(fakeOut) : GanLoss.WassersteinGeneratorLoss(fakeOut);
        optG.ZeroGrad();
        loss.Backward();
        optG.Step();
        // D's parameters received gradients through the G loss; they are cleared before D's next step (ZeroGrad there).
        return loss.Item();
    }

    /// <summary>
    /// One pass over the shuffled images [N, 1, 28, 28] in [−1, 1] (labels [N] int64 when conditional) in batches of
    /// <paramref name="batchSize"/> (the last partial batch dropped, so batch-norm statistics never come from a handful
    /// of images). <paramref name="onStep"/> receives every step's losses.
    /// </summary>
    public GanEpochStats TrainEpoch(Tensor images, Tensor? labels, int batchSize, Action<GanStep>? onStep = null)
    {
        var sw = Stopwatch.StartNew();
        int n = images.Size(0), steps = n / batchSize, gSteps = 0;
        var order = Tensor.Randperm(n, gen);
        double dSum = 0, gSum = 0, pSum = 0, wSum = 0;
        for (int s = 0; s < steps; s++)
        {
            Tensor xb, yb;
            using (GradMode.NoGrad())
            {
                var idx = order.Narrow(0, s * batchSize, batchSize);
                xb = images.IndexSelect(0, idx);
                yb = labels is null ? null! : labels.IndexSelect(0, idx);
            }
            var (dl, p, w) = DiscriminatorStep(xb, labels is null ? null : yb);
            dSum += dl; pSum += p; wSum += w;
            double gl = double.NaN;
            if ((s + 1) % CriticSteps == 0) { gl = GeneratorStep(batchSize); gSum += gl; gSteps++; }
            onStep?.Invoke(new GanStep(s + 1, steps, dl, gl, p, w));
        }
        return new GanEpochStats(dSum / Math.Max(steps, 1), gSum / Math.Max(gSteps, 1), pSum / Math.Max(steps, 1), wSum / Math.Max(steps, 1), sw.Elapsed.TotalSeconds, gSteps);
    }

    /// <summary>
    /// Images [N, 1, 28, 28] in [0, 1] from the latents <paramref name="z"/> (labels when conditional), G in eval mode
    /// (batch norm uses its running statistics, so a sample does not depend on the rest of its batch), in chunks of 500.
    /// </summary>
    public Tensor Sample(Tensor z, Tensor? labels = null)
    {
        g.Eval();
        using var _ = GradMode.NoGrad();
        var parts = new List<Tensor>();
        for (int s = 0; s < z.Size(0); s += 500)
        {
            int len = Math.Min(500, z.Size(0) - s);
            parts.Add(g.Call(z.Narrow(0, s, len), labels?.Narrow(0, s, len)).Add(1.0).Mul(0.5).Clamp(0, 1));
        }
        g.Train();
        return parts.Count == 1 ? parts[0] : Tensor.Cat(parts.ToArray(), 0);
    }

    /// <summary><paramref name="n"/> samples from fresh latents drawn from <paramref name="random"/> (labels as given, or none).</summary>
    public Tensor Sample(int n, Generator random, Tensor? labels = null) => Sample(Tensor.Randn([n, Latent], DType.Float32, random), labels);
}
