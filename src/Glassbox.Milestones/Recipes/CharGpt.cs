using Glassbox.Autograd;
using Glassbox.Data;
using Glassbox.Models;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;
using Glassbox.Text;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// One character-level GPT recipe on tiny Shakespeare, in nanoGPT's terms (<c>config/train_shakespeare_char.py</c> and
/// its command-line overrides). Learning rate: linear warm-up from 0 over <see cref="WarmupIters"/>, then cosine decay
/// to <see cref="MinLr"/> at <see cref="MaxIters"/>, set once per iteration before the step, as nanoGPT's
/// <c>get_lr</c>.
/// </summary>
public sealed record CharGptSettings
{
    /// <summary>Transformer blocks.</summary>
    public int NLayer { get; init; }
    /// <summary>Heads per block.</summary>
    public int NHead { get; init; }
    /// <summary>Residual width.</summary>
    public int NEmbd { get; init; }
    /// <summary>Context length of each training sequence.</summary>
    public int BlockSize { get; init; }
    /// <summary>Sequences per step.</summary>
    public int BatchSize { get; init; }
    /// <summary>Dropout probability.</summary>
    public double Dropout { get; init; }
    /// <summary>Peak learning rate.</summary>
    public double Lr { get; init; } = 1e-3;
    /// <summary>Final learning rate of the cosine decay.</summary>
    public double MinLr { get; init; } = 1e-4;
    /// <summary>Training iterations (= lr_decay_iters).</summary>
    public int MaxIters { get; init; }
    /// <summary>Linear warm-up iterations.</summary>
    public int WarmupIters { get; init; } = 100;
    /// <summary>AdamW β₂ (0.99: the small batches make the second moment noisy, so it should adapt faster than 0.999).</summary>
    public double Beta2 { get; init; } = 0.99;
    /// <summary>AdamW weight decay on matrices.</summary>
    public double WeightDecay { get; init; } = 0.1;
    /// <summary>Global gradient-norm clip.</summary>
    public double GradClip { get; init; } = 1.0;
    /// <summary>Batches of the fixed evaluation sets (train and validation each).</summary>
    public int EvalBatches { get; init; } = 20;
    /// <summary>Evaluate every this many iterations (and at the end).</summary>
    public int EvalInterval { get; init; } = 250;

    /// <summary>
    /// nanoGPT's README recipe for a CPU: 4 layers, 4 heads, 128 channels, block 64, batch 12, no dropout, 2,000
    /// iterations (lr_decay_iters 2,000), eval_iters 20; nanoGPT reports a validation loss of about 1.88 after it.
    /// </summary>
    public static CharGptSettings Small { get; } = new()
    {
        NLayer = 4, NHead = 4, NEmbd = 128, BlockSize = 64, BatchSize = 12, Dropout = 0.0, MaxIters = 2000,
    };

    /// <summary>
    /// nanoGPT's <c>train_shakespeare_char.py</c> itself (the GPU recipe): 6 layers, 6 heads, 384 channels, block 256,
    /// batch 64, dropout 0.2, 5,000 iterations, eval_iters 200; nanoGPT reports a best validation loss of 1.4697.
    /// </summary>
    public static CharGptSettings Large { get; } = new()
    {
        NLayer = 6, NHead = 6, NEmbd = 384, BlockSize = 256, BatchSize = 64, Dropout = 0.2, MaxIters = 5000,
        EvalBatches = 200, EvalInterval = 250,
    };

    /// <summary>The model config for a vocabulary of <paramref name="vocabSize"/> characters (biases on, as nanoGPT's default).</summary>
    public GPTConfig Model(int vocabSize) => new()
    {
        BlockSize = BlockSize, VocabSize = vocabSize, NLayer = NLayer, NHead = NHead, NEmbd = NEmbd, Dropout = Dropout, Bias = true,
    };

    /// <summary>Tokens per training step.</summary>
    public int TokensPerStep => BatchSize * BlockSize;
}

/// <summary>
/// The character-level GPT pipeline shared by <c>char-gpt</c>, <c>char-gpt-large</c> and <c>glassbox bench char-gpt</c>:
/// tiny Shakespeare encoded with nanoGPT's character vocabulary, its 90/10 train/validation split, random training
/// windows, fixed evaluation windows, and the training step.
/// </summary>
public static class CharGpt
{
    /// <summary>The corpus and its split: the first 90% of the characters train, the last 10% validate (nanoGPT's prepare.py).</summary>
    public sealed record Corpus(CharTokenizer Tokenizer, int[] Train, int[] Val);

    /// <summary>Reads tiny Shakespeare and encodes it.</summary>
    public static Corpus Load(string? dataDir)
    {
        var text = DatasetRegistry.TinyShakespeare(dataDir);
        var tok = CharTokenizer.FromText(text);
        var ids = tok.Encode(text);
        int n = (int)(ids.Length * 0.9);
        return new Corpus(tok, ids[..n], ids[n..]);
    }

    /// <summary>
    /// <paramref name="batch"/> windows of <paramref name="block"/> + 1 characters at uniform random offsets: inputs
    /// x = data[i .. i + block), targets y = data[i + 1 .. i + block] (nanoGPT's <c>get_batch</c>), as int64 [batch, block].
    /// </summary>
    public static (Tensor X, Tensor Y) Batch(int[] data, int batch, int block, Generator g)
    {
        var x = new long[batch * block];
        var y = new long[batch * block];
        for (int b = 0; b < batch; b++)
        {
            int i = g.NextInt(data.Length - block);
            for (int t = 0; t < block; t++)
            {
                x[b * block + t] = data[i + t];
                y[b * block + t] = data[i + t + 1];
            }
        }
        return (Tensor.FromArray(x, batch, block), Tensor.FromArray(y, batch, block));
    }

    /// <summary>
    /// A fixed evaluation set: <paramref name="count"/> batches drawn once from their own generator, so every
    /// evaluation of a run (and every run with the same seed) measures the same windows and the curve shows the model
    /// changing, not the sample.
    /// </summary>
    public static List<(Tensor X, Tensor Y)> FixedBatches(int[] data, int count, CharGptSettings s, ulong seed)
    {
        var g = new Generator(seed);
        return Enumerable.Range(0, count).Select(_ => Batch(data, s.BatchSize, s.BlockSize, g)).ToList();
    }

    /// <summary>Mean loss over the batches, in eval mode (dropout off) without recording the graph.</summary>
    public static double Estimate(GPT model, IReadOnlyList<(Tensor X, Tensor Y)> batches)
    {
        bool was = model.Training;
        model.Eval();
        try
        {
            using var _ = GradMode.NoGrad();
            double sum = 0;
            foreach (var (x, y) in batches)
            {
                using var scope = new TensorScope();
                sum += model.Call(x, y).Loss!.Item();
            }
            return sum / batches.Count;
        }
        finally { model.Train(was); }
    }

    /// <summary>The model, its optimizer and schedule, and one training step.</summary>
    public sealed class Trainer
    {
        private readonly CharGptSettings settings;
        private readonly List<Tensor> parameters;

        /// <summary>Builds the model (GPT-2 init from <paramref name="generator"/>), AdamW with nanoGPT's two groups, and the schedule.</summary>
        public Trainer(CharGptSettings settings, int vocabSize, Generator generator)
        {
            this.settings = settings;
            Model = new GPT(settings.Model(vocabSize), DType.Float32, generator);
            Optimizer = Model.ConfigureOptimizer(settings.WeightDecay, settings.Lr, (0.9, settings.Beta2));
            Schedule = new LinearWarmupCosine(Optimizer, settings.WarmupIters, settings.MaxIters, settings.MinLr);
            parameters = Model.Parameters().ToList();
        }

        /// <summary>The model being trained.</summary>
        public GPT Model { get; }
        /// <summary>AdamW, decay on matrices only.</summary>
        public AdamW Optimizer { get; }
        /// <summary>Warm-up then cosine.</summary>
        public LinearWarmupCosine Schedule { get; }

        /// <summary>Learning rate of the next step.</summary>
        public double Lr => Optimizer.ParamGroups[0].Lr;

        /// <summary>One step on (x, y): forward, backward, clip, AdamW, schedule. Returns the batch loss.</summary>
        public double Step(Tensor x, Tensor y)
        {
            Model.Train();
            using var scope = new TensorScope();
            var loss = Model.Call(x, y).Loss!;
            Optimizer.ZeroGrad();
            loss.Backward();
            if (settings.GradClip > 0) ClipGrad.Norm(parameters, settings.GradClip);
            Optimizer.Step();
            Schedule.Step();
            return loss.Item();
        }
    }
}
