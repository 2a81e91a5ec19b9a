namespace Glassbox.Tests.Parity;

/// <summary>
/// The Glassbox expression for each case of tools/reference/torch_parity.py, written to mirror the Python
/// lambda next to the same name there.
/// </summary>
public static class ParityOps
{
    public static readonly Dictionary<string, Func<Tensor[], Tensor[]>> Map = new()
    {
        // elementwise arithmetic with broadcasting
        ["add"] = x => [x[0] + x[1]],
        ["add_scalar"] = x => [x[0] + 2.5],
        ["sub"] = x => [x[0] - x[1]],
        ["rsub_scalar"] = x => [1.5 - x[0]],
        ["mul"] = x => [x[0] * x[1]],
        ["mul_scalar"] = x => [x[0] * -3.0],
        ["div"] = x => [x[0] / x[1]],
        ["rdiv_scalar"] = x => [2.0 / x[0]],
        ["neg"] = x => [-x[0]],
        ["pow_tensor"] = x => [x[0].Pow(x[1])],
        ["pow_scalar"] = x => [x[0].Pow(2.5)],
        ["abs"] = x => [x[0].Abs()],
        ["sqrt"] = x => [x[0].Sqrt()],
        ["exp"] = x => [x[0].Exp()],
        ["log"] = x => [x[0].Log()],
        ["tanh"] = x => [x[0].Tanh()],
        ["sigmoid"] = x => [x[0].Sigmoid()],
        ["relu"] = x => [x[0].Relu()],
        ["where"] = x => [Tensor.Where(x[0], x[1], x[2])],
        ["maximum"] = x => [x[0].Maximum(x[1])],
        ["minimum"] = x => [x[0].Minimum(x[1])],
        // reductions
        ["sum_all"] = x => [x[0].Sum()],
        ["sum_dim"] = x => [x[0].Sum(1)],
        ["sum_dims_keepdim"] = x => [x[0].Sum([0, 2], keepDim: true)],
        ["mean_dim"] = x => [x[0].Mean(-1)],
        // products
        ["matmul_2d"] = x => [x[0].MatMul(x[1])],
        ["matmul_batch_broadcast"] = x => [x[0].MatMul(x[1])],
        ["matmul_vec"] = x => [x[0].MatMul(x[1])],
        ["bmm"] = x => [x[0].Bmm(x[1])],
        ["outer"] = x => [x[0].Outer(x[1])],
        // shape
        ["reshape"] = x => [x[0].Reshape(3, -1) * 1.0],
        ["transpose"] = x => [x[0].Transpose(0, 2) * 1.0],
        ["permute"] = x => [x[0].Permute(1, 2, 0) * 1.0],
        ["squeeze"] = x => [x[0].Squeeze(1) * 1.0],
        ["unsqueeze"] = x => [x[0].Unsqueeze(-1) * 1.0],
        ["expand"] = x => [x[0].Expand(2, 3, 4) * 1.0],
        ["narrow"] = x => [x[0].Narrow(1, 1, 3) * 1.0],
        ["slice_step"] = x => [x[0].Slice(1, 1, 8, 3) * 1.0],
    };
}
