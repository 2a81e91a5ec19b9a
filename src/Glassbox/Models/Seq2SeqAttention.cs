namespace Glassbox.Models;

/// <summary>How a <see cref="RecurrentSeq2Seq"/> decoder scores the encoder states.</summary>
public enum Seq2SeqAttention
{
    /// <summary>Additive: vᵀ tanh(W_q h + W_k k_s) (<see cref="NN.BahdanauAttention"/>, Bahdanau et al. 2015).</summary>
    Bahdanau,
    /// <summary>Multiplicative "general": hᵀ W k_s (<see cref="NN.LuongAttention"/>, Luong et al. 2015).</summary>
    LuongGeneral,
    /// <summary>Multiplicative "dot": hᵀ k_s, no parameters (<see cref="NN.LuongAttention"/>).</summary>
    LuongDot,
}
