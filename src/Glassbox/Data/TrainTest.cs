namespace Glassbox.Data;

/// <summary>The official training and test splits of a dataset.</summary>
/// <typeparam name="T">What one split is, e.g. <see cref="LabeledImages"/> or a file path.</typeparam>
/// <param name="Train">The training split.</param>
/// <param name="Test">The test split.</param>
public sealed record TrainTest<T>(T Train, T Test);
