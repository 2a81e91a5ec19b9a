namespace Glassbox.Models;

/// <summary>
/// One step of an autoregressive decoder for one sequence: given the last token and the decoder's state before it,
/// the log-probabilities of every next token (length = vocabulary size) and the state after the token. States must be
/// treated as immutable values: beam search hands the same state to several continuations.
/// </summary>
public delegate (double[] LogProbs, TState Next) DecodeStep<TState>(int token, TState state);
