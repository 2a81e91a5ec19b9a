namespace Glassbox.Models;

/// <summary>The recurrent unit of a <see cref="RecurrentSeq2Seq"/>'s encoder (a multi-step layer) and decoder (a cell).</summary>
public enum Seq2SeqCell
{
    /// <summary><see cref="NN.GRU"/> encoder, <see cref="NN.GRUCell"/> decoder: one state vector h.</summary>
    Gru,
    /// <summary><see cref="NN.LSTM"/> encoder, <see cref="NN.LSTMCell"/> decoder: hidden h and cell c, both handed from the encoder to the decoder (Sutskever et al. 2014).</summary>
    Lstm,
}
