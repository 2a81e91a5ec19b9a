namespace Glassbox.Data;

/// <summary>A CIFAR dataset as loaded: both splits and the names of the classes the labels index.</summary>
/// <param name="Train">Training images float32 [N, 3, 32, 32] in [0, 1] and int64 labels [N].</param>
/// <param name="Test">Test images and labels, same layout.</param>
/// <param name="ClassNames">Name of class k at index k, read from the archive's meta file.</param>
public sealed record CifarSplits(LabeledImages Train, LabeledImages Test, IReadOnlyList<string> ClassNames);
