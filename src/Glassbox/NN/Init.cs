using Glassbox.Autograd;

namespace Glassbox.NN;

/// <summary>
/// Weight initialisation schemes (<c>torch.nn.init</c>). Every method fills its tensor in place under
/// no-grad, draws from <c>generator ?? Generator.Default</c>, and returns the tensor.
/// </summary>
/// <remarks>
/// Fans follow PyTorch's <c>_calculate_fan_in_and_fan_out</c>: for a weight of shape
/// [out, in, k₁, k₂, …], fan_in = in·Πkᵢ and fan_out = out·Πkᵢ (the receptive field multiplies both).
/// The random streams are Glassbox's own, so values differ from PyTorch's while the distributions are identical.
/// </remarks>
public static class Init
{
    /// <summary>
    /// The recommended gain for a nonlinearity (<c>torch.nn.init.calculate_gain</c>): 1 for linear,
    /// conv and sigmoid; 5/3 for tanh; √2 for relu; √(2/(1+a²)) for leaky_relu with negative slope a
    /// (default 0.01); 3/4 for selu.
    /// </summary>
    public static double CalculateGain(Nonlinearity nonlinearity, double? param = null)
    {
        switch (nonlinearity)
        {
            case Nonlinearity.Linear: case Nonlinearity.Conv1d: case Nonlinearity.Conv2d: case Nonlinearity.Conv3d:
            case Nonlinearity.ConvTranspose1d: case Nonlinearity.ConvTranspose2d: case Nonlinearity.ConvTranspose3d: case Nonlinearity.Sigmoid:
                return 1.0;
            case Nonlinearity.Tanh: return 5.0 / 3.0;
            case Nonlinearity.Relu: return Math.Sqrt(2.0);
            case Nonlinearity.LeakyRelu:
                double a = param ?? 0.01;
                return Math.Sqrt(2.0 / (1 + a * a));
            case Nonlinearity.Selu: return 3.0 / 4.0;
            default:
                throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "CalculateGain: not a defined Nonlinearity");
        }
    }

    /// <summary>(fan_in, fan_out) of a weight tensor with at least 2 dimensions.</summary>
    public static (int FanIn, int FanOut) CalculateFans(Tensor tensor)
    {
        if (tensor.NDim < 2)
            throw new ArgumentException($"CalculateFans: fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions (shape {ShapeUtil.Format(tensor.ShapeArray)})");
        int receptive = 1;
        for (int i = 2; i < tensor.NDim; i++) receptive *= tensor.Shape[i];
        return (tensor.Shape[1] * receptive, tensor.Shape[0] * receptive);
    }

    private static int Fan(Tensor t, FanMode mode) => mode switch
    {
        FanMode.FanIn => CalculateFans(t).FanIn,
        FanMode.FanOut => CalculateFans(t).FanOut,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Init: mode must be FanMode.FanIn or FanMode.FanOut"),
    };

    private static Tensor Fill(Tensor t, Func<double> sample)
    {
        var v = new double[t.Numel];
        for (int i = 0; i < v.Length; i++) v[i] = sample();
        using (GradMode.NoGrad()) t.CopyFrom(Tensor.FromArray(v, t.ShapeToArray()));
        return t;
    }

    /// <summary>Fills with U(a, b) (<c>nn.init.uniform_</c>): a + (b − a)·u with u ~ U[0, 1).</summary>
    public static Tensor Uniform(Tensor tensor, double a = 0.0, double b = 1.0, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        return Fill(tensor, () => a + (b - a) * g.NextDouble());
    }

    /// <summary>Fills with N(mean, std²) (<c>nn.init.normal_</c>).</summary>
    public static Tensor Normal(Tensor tensor, double mean = 0.0, double std = 1.0, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        return Fill(tensor, () => mean + std * g.NextNormal());
    }

    /// <summary>Fills with a constant (<c>nn.init.constant_</c>).</summary>
    public static Tensor Constant(Tensor tensor, double value)
    {
        using (GradMode.NoGrad()) tensor.Fill(value);
        return tensor;
    }

    /// <summary>Fills with zeros (<c>nn.init.zeros_</c>).</summary>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0.0);

    /// <summary>Fills with ones (<c>nn.init.ones_</c>).</summary>
    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1.0);

    /// <summary>
    /// Glorot/Xavier uniform (Glorot &amp; Bengio, 2010; <c>nn.init.xavier_uniform_</c>): U(−a, a) with
    /// a = gain·√(6/(fan_in + fan_out)), i.e. std = gain·√(2/(fan_in + fan_out)), which keeps activation and
    /// gradient variances equal across a linear layer.
    /// </summary>
    public static Tensor XavierUniform(Tensor tensor, double gain = 1.0, Generator? generator = null)
    {
        var (fi, fo) = CalculateFans(tensor);
        double std = gain * Math.Sqrt(2.0 / (fi + fo));
        double a = Math.Sqrt(3.0) * std;
        return Uniform(tensor, -a, a, generator);
    }

    /// <summary>Glorot/Xavier normal (<c>nn.init.xavier_normal_</c>): N(0, std²), std = gain·√(2/(fan_in + fan_out)).</summary>
    public static Tensor XavierNormal(Tensor tensor, double gain = 1.0, Generator? generator = null)
    {
        var (fi, fo) = CalculateFans(tensor);
        return Normal(tensor, 0, gain * Math.Sqrt(2.0 / (fi + fo)), generator);
    }

    /// <summary>
    /// He/Kaiming uniform (He et al., 2015; <c>nn.init.kaiming_uniform_</c>): U(−bound, bound) with
    /// std = gain/√fan and bound = √3·std, gain = <see cref="CalculateGain"/>(nonlinearity, a).
    /// With a = √5 (nn.Linear's default) this is bound = 1/√fan_in.
    /// </summary>
    public static Tensor KaimingUniform(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null)
    {
        int fan = Fan(tensor, mode);
        double std = CalculateGain(nonlinearity, a) / Math.Sqrt(fan);
        double bound = Math.Sqrt(3.0) * std;
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>He/Kaiming normal (<c>nn.init.kaiming_normal_</c>): N(0, std²), std = gain/√fan.</summary>
    public static Tensor KaimingNormal(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null)
    {
        int fan = Fan(tensor, mode);
        return Normal(tensor, 0, CalculateGain(nonlinearity, a) / Math.Sqrt(fan), generator);
    }
    /// <summary>
    /// Orthogonal initialisation (Saxe et al., 2014; <c>nn.init.orthogonal_</c>): the tensor, viewed as a
    /// rows × cols matrix with rows = shape[0] and cols = numel / rows, becomes gain·Q for a random Q with
    /// orthonormal rows (rows ≤ cols) or orthonormal columns (rows ≥ cols).
    /// </summary>
    /// <remarks>
    /// Q comes from the QR decomposition A = Q·R of a matrix A with standard-normal entries (transposed first when
    /// rows &lt; cols, so that QR is always taken of the tall orientation). QR alone is not uniformly distributed over
    /// the orthogonal group: Householder QR fixes the signs of R's diagonal by a convention, which biases Q. Multiplying
    /// column j of Q by sign(R[j,j]) makes the factorisation unique with a positive diagonal, and then Q is Haar-distributed
    /// (Mezzadri, 2007) — the same sign fix as PyTorch. Why RL uses it: an orthogonal map preserves the norm of every
    /// input direction, so deep tanh/ReLU policies start neither saturated nor vanishing; PPO's recipe uses gain √2 for
    /// hidden layers, 0.01 for the policy head (near-uniform initial policy) and 1 for the value head.
    /// </remarks>
    public static Tensor Orthogonal(Tensor tensor, double gain = 1.0, Generator? generator = null)
    {
        if (tensor.NDim < 2)
            throw new ArgumentException($"Orthogonal: only tensors with 2 or more dimensions are supported (shape {ShapeUtil.Format(tensor.ShapeArray)})");
        if (tensor.Numel == 0) return tensor;
        var g = generator ?? Generator.Default;
        int rows = tensor.Shape[0], cols = tensor.Numel / rows;
        bool wide = rows < cols;
        int m = wide ? cols : rows, n = wide ? rows : cols;   // the tall m × n matrix that is factored
        var a = new double[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = g.NextNormal();
        var (qT, rT) = Linalg.Qr(Tensor.FromArray(a, m, n));
        double[] q = qT.ToDoubleArray(), r = rT.ToDoubleArray();   // q: m × n, r: n × n
        var result = new double[rows * cols];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double d = r[j * n + j];
                double v = gain * q[i * n + j] * (d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0);
                if (wide) result[j * cols + i] = v; else result[i * cols + j] = v;
            }
        using (GradMode.NoGrad()) tensor.CopyFrom(Tensor.FromArray(result, tensor.ShapeToArray()));
        return tensor;
    }
}
