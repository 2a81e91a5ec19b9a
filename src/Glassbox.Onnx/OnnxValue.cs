namespace Glassbox.Onnx;

/// <summary>
/// A value flowing through the graph under construction: its ONNX name, and the same value computed by Glassbox on a
/// one-sample probe input. The probe is how the exporter learns shapes (the output size of a convolution, the
/// spatial size an adaptive pool sees) — from the module's own forward rather than from a second copy of its shape
/// rules, which could drift from the real ones.
/// </summary>
/// <param name="Name">The ONNX value name.</param>
/// <param name="Probe">Glassbox's value for the probe sample (batch 1).</param>
internal readonly record struct OnnxValue(string Name, Tensor Probe);
