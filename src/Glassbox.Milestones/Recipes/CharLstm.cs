using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// A character-level LSTM language model: embedding → multi-layer <see cref="LSTM"/> → linear head over the vocabulary,
/// time-major throughout ([T, B] ids in, [T, B, V] logits out) so that no step transposes a batch.
/// </summary>
public sealed class CharLstmModel : Module<Tensor, (Tensor H, Tensor C)?, (Tensor Logits, (Tensor H, Tensor C) State)>
{
    /// <summary>Builds the model with PyTorch's default init drawn from <paramref name="gen"/>.</summary>
    public CharLstmModel(int vocab, int embed, int hidden, int layers, double dropout, Generator gen)
    {
        Embed = RegisterModule("embed", new Embedding(vocab, embed, generator: gen));
        Lstm = RegisterModule("lstm", new LSTM(embed, hidden, layers, dropout: dropout, generator: gen));
        Head = RegisterModule("head", new Linear(hidden, vocab, generator: gen));
    }

    /// <summary>Token embedding [V, E].</summary>
    public Embedding Embed { get; }
    /// <summary>The recurrent body.</summary>
    public LSTM Lstm { get; }
    /// <summary>Output layer H → V.</summary>
    public Linear Head { get; }

    /// <summary>Logits [T, B, V] for ids [T, B], and the state after the last step.</summary>
    public override (Tensor Logits, (Tensor H, Tensor C) State) Forward(Tensor ids, (Tensor H, Tensor C)? state)
    {
        var (y, s) = Lstm.Call(Embed.Call(ids), state);
        return (Head.Call(y), s);
    }
}

/// <summary>
/// The <c>char-lstm</c> recipe, shared with <c>glassbox bench lstm</c> (and tools/reference/bench_lstm_torch.py, which
/// times the same sizes with torch.nn.LSTM): nanoGPT's character vocabulary and 90/10 split of tiny Shakespeare,
/// truncated backpropagation through time over B parallel streams, AdamW with warmup and cosine decay, gradient
/// clipping, and a validation estimate on fixed windows.
/// </summary>
/// <remarks>
/// <para>
/// <b>Truncated BPTT.</b> The training text is cut into B contiguous streams, one per batch row. Each step reads the
/// next T characters of every stream, starts from the previous step's final (h, c) — detached, so gradients stop at the
/// chunk boundary while the state still carries context from all earlier text — and back-propagates through those T
/// steps only. A stream that runs out of text restarts at its beginning from a zero state.
/// </para>
/// <para>
/// <b>Validation.</b> nanoGPT's <c>estimate_loss</c> averages the cross-entropy over every position of fixed-length
/// windows, each read from scratch. The same estimator here: fixed windows of <see cref="Config.EvalWindow"/>
/// characters at evenly spaced offsets of the validation text, each from a zero state, so the numbers are comparable
/// with char-gpt's (whose context is also its window).
/// </para>
/// </remarks>
public static class CharLstm
{
    /// <summary>Sizes and schedule of one run.</summary>
    /// <param name="Embed">Embedding width E.</param>
    /// <param name="Hidden">LSTM hidden size H.</param>
    /// <param name="Layers">Stacked LSTM layers.</param>
    /// <param name="Batch">Parallel streams B.</param>
    /// <param name="Steps">Truncated-BPTT chunk length T.</param>
    /// <param name="Iterations">Optimizer steps.</param>
    /// <param name="Lr">Peak learning rate.</param>
    /// <param name="EvalWindow">Characters per validation window.</param>
    /// <param name="EvalWindows">Number of validation windows.</param>
    /// <param name="Dropout">Dropout between LSTM layers.</param>
    public sealed record Config(int Embed, int Hidden, int Layers, int Batch, int Steps, int Iterations, double Lr, int EvalWindow, int EvalWindows, double Dropout);

    /// <summary>
    /// The full run: E = 128, H = 256, 2 layers (946,625 parameters with the 65-character vocabulary: each layer's
    /// 4H·(in + H) gate weights dominate, 0.92 M of them, against char-gpt's ~0.8 M — the smallest round sizes in that
    /// range), B = 32 streams of T = 64, 1,000 AdamW steps at peak lr 3e-3 (2.0 M characters, two passes over the
    /// training text: about half an hour on two shared cores), validation on 32 windows of 256.
    /// </summary>
    public static Config Full => new(128, 256, 2, 32, 64, 1000, 3e-3, 256, 32, 0.0);

    /// <summary>The quick smoke run: E = 32, H = 96, 1 layer, B = 16, T = 32, 150 steps; 16 validation windows of 128.</summary>
    public static Config Quick => new(32, 96, 1, 16, 32, 150, 1e-2, 128, 16, 0.0);

    /// <summary>A character vocabulary as nanoGPT builds it: the sorted distinct characters of the whole text.</summary>
    public sealed class Vocabulary
    {
        private readonly Dictionary<char, int> index;

        /// <summary>Builds the vocabulary of <paramref name="text"/>.</summary>
        public Vocabulary(string text)
        {
            Chars = text.Distinct().OrderBy(c => c).ToArray();
            index = Chars.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        }

        /// <summary>The characters, id order.</summary>
        public char[] Chars { get; }

        /// <summary>Number of distinct characters.</summary>
        public int Size => Chars.Length;

        /// <summary>Ids of <paramref name="text"/>; names the first character not in the vocabulary.</summary>
        public long[] Encode(string text)
        {
            var ids = new long[text.Length];
            for (int i = 0; i < text.Length; i++)
                ids[i] = index.TryGetValue(text[i], out var id) ? id : throw new ArgumentException($"CharLstm: character U+{(int)text[i]:X4} at position {i} is not in the vocabulary");
            return ids;
        }

        /// <summary>The text of <paramref name="ids"/>.</summary>
        public string Decode(IEnumerable<long> ids) => new(ids.Select(i => Chars[i]).ToArray());
    }

    /// <summary>The corpus encoded, split 90/10 as nanoGPT (first 90% train).</summary>
    public static (Vocabulary Vocab, long[] Train, long[] Val) Load(string? dataDir)
    {
        var text = Glassbox.Data.DatasetRegistry.TinyShakespeare(dataDir);
        var vocab = new Vocabulary(text);
        var ids = vocab.Encode(text);
        int n = (int)(0.9 * ids.Length);
        return (vocab, ids[..n], ids[n..]);
    }

    /// <summary>The model for <paramref name="cfg"/>.</summary>
    public static CharLstmModel Build(Config cfg, int vocab, Generator gen) => new(vocab, cfg.Embed, cfg.Hidden, cfg.Layers, cfg.Dropout, gen);

    /// <summary>
    /// The training state: model, AdamW (β = (0.9, 0.99), weight decay 0.01 on every parameter), warmup over the first
    /// 5% of steps then cosine decay to lr/10, and the stream cursor with the carried (h, c).
    /// </summary>
    public sealed class Trainer
    {
        private readonly long[] train;
        private readonly int segment;
        private int cursor;
        private (Tensor H, Tensor C)? state;

        /// <summary>Sets up training on <paramref name="train"/>.</summary>
        public Trainer(Config cfg, int vocab, long[] train, Generator gen)
        {
            Cfg = cfg;
            this.train = train;
            Model = Build(cfg, vocab, gen);
            Optimizer = new AdamW(Model.Parameters(), lr: cfg.Lr, beta1: 0.9, beta2: 0.99, weightDecay: 0.01);
            Schedule = new LinearWarmupCosine(Optimizer, Math.Max(1, cfg.Iterations / 20), cfg.Iterations, cfg.Lr / 10);
            segment = (train.Length - 1) / cfg.Batch;
            if (segment < cfg.Steps) throw new ArgumentException($"CharLstm: {train.Length} training characters are too few for {cfg.Batch} streams of {cfg.Steps}");
        }

        /// <summary>The run's sizes.</summary>
        public Config Cfg { get; }
        /// <summary>The model being trained.</summary>
        public CharLstmModel Model { get; }
        /// <summary>The optimizer.</summary>
        public AdamW Optimizer { get; }
        /// <summary>The learning-rate schedule, stepped once per optimizer step.</summary>
        public LinearWarmupCosine Schedule { get; }

        /// <summary>One truncated-BPTT step; returns (training loss, gradient norm before clipping).</summary>
        public (double Loss, double GradNorm) Step()
        {
            int T = Cfg.Steps, B = Cfg.Batch;
            if (cursor + T > segment) { cursor = 0; state = null; }
            var x = new long[T * B];
            var y = new long[T * B];
            for (int t = 0; t < T; t++)
                for (int b = 0; b < B; b++)
                {
                    int p = b * segment + cursor + t;
                    x[t * B + b] = train[p];
                    y[t * B + b] = train[p + 1];
                }
            cursor += T;
            using var scope = new TensorScope();
            var (logits, s) = Model.Call(Tensor.FromArray(x, T, B), state);
            var loss = F.CrossEntropy(logits.Reshape(T * B, -1), Tensor.FromArray(y, T * B));
            Optimizer.ZeroGrad();
            loss.Backward();
            double norm = ClipGrad.Norm(Model.Parameters(), 1.0);
            Optimizer.Step();
            Schedule.Step();
            state = (TensorScope.Keep(s.H.Detach().Clone()), TensorScope.Keep(s.C.Detach().Clone()));
            return (loss.Item(), norm);
        }
    }

    /// <summary>
    /// Mean cross-entropy over every position of <paramref name="windows"/> windows of <paramref name="window"/> + 1
    /// characters at evenly spaced offsets of <paramref name="ids"/>, each read from a zero state.
    /// </summary>
    public static double Evaluate(CharLstmModel model, long[] ids, int window, int windows)
    {
        bool was = model.Training;
        model.Eval();
        int stride = (ids.Length - window - 1) / Math.Max(1, windows - 1);
        var x = new long[window * windows];
        var y = new long[window * windows];
        for (int b = 0; b < windows; b++)
            for (int t = 0; t < window; t++)
            {
                x[t * windows + b] = ids[b * stride + t];
                y[t * windows + b] = ids[b * stride + t + 1];
            }
        double loss;
        using (GradMode.NoGrad())
        using (new TensorScope())
        {
            var (logits, _) = model.Call(Tensor.FromArray(x, window, windows), null);
            loss = F.CrossEntropy(logits.Reshape(window * windows, -1), Tensor.FromArray(y, window * windows)).Item();
        }
        model.Train(was);
        return loss;
    }

    /// <summary>Samples <paramref name="count"/> characters after <paramref name="prompt"/> at temperature <paramref name="temperature"/>.</summary>
    public static string Sample(CharLstmModel model, Vocabulary vocab, string prompt, int count, double temperature, Generator gen)
    {
        bool was = model.Training;
        model.Eval();
        var outIds = new List<long>();
        using (GradMode.NoGrad())
        {
            var (logits, state) = model.Call(Tensor.FromArray(vocab.Encode(prompt), prompt.Length, 1), null);
            var last = logits.Select(0, prompt.Length - 1).Reshape(-1);
            for (int i = 0; i < count; i++)
            {
                var p = (last / temperature).Softmax(0).ToDoubleArray();
                double u = gen.NextDouble(), acc = 0;
                int next = p.Length - 1;
                for (int k = 0; k < p.Length; k++) { acc += p[k]; if (u < acc) { next = k; break; } }
                outIds.Add(next);
                (logits, state) = model.Call(Tensor.FromArray(new long[] { next }, 1, 1), state);
                last = logits.Reshape(-1);
            }
        }
        model.Train(was);
        return prompt + vocab.Decode(outIds);
    }

    /// <summary>
    /// ‖∂s/∂h_t‖ for t = 0 … T − 1 of a single-layer cell run over <paramref name="inputs"/> [T, 1, in] from a zero state,
    /// where s = u·h_T for a fixed random unit vector u: how much the final state still depends on the state t steps
    /// earlier — the signal that back-propagation through time carries back. Each h_t is made a leaf-dependent value
    /// h_t = cell(x_t, h_{t−1}) + z_t with z_t = 0 requiring grad, so ∂s/∂z_t = ∂s/∂h_t.
    /// </summary>
    public static double[] StateGradientNorms(Func<Tensor, Tensor, Tensor?, (Tensor H, Tensor? C)> step, Tensor inputs, int hidden, Generator gen)
    {
        int T = inputs.Size(0);
        var zs = new Tensor[T];
        var h = Tensor.Zeros([1, hidden], inputs.DType);
        Tensor? c = Tensor.Zeros([1, hidden], inputs.DType);
        for (int t = 0; t < T; t++)
        {
            var (hn, cn) = step(inputs.Select(0, t), h, c);
            zs[t] = Tensor.Zeros([1, hidden], inputs.DType).RequiresGrad_();
            h = hn + zs[t];
            c = cn;
        }
        var u = Tensor.Randn([1, hidden], inputs.DType, gen);
        u = u / u.Norm().Item();
        (h * u).Sum().Backward();
        return zs.Select(z => z.Grad!.Norm().Item()).ToArray();
    }
}
