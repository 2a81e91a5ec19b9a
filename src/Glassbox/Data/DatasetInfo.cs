namespace Glassbox.Data;

/// <summary>A dataset known to <see cref="DatasetRegistry"/>: its folder name, files, provenance and license.</summary>
/// <param name="Name">Registry key and folder name, e.g. <c>"mnist"</c>.</param>
/// <param name="Description">One line on what it is and its source.</param>
/// <param name="License">License of the data.</param>
/// <param name="Files">The files that make up the dataset.</param>
/// <param name="ManualSource">
/// Where to get the files by hand (shown in the "not found" error), for data without an anonymous URL.
/// </param>
public sealed record DatasetInfo(string Name, string Description, string License, IReadOnlyList<DatasetFile> Files, string? ManualSource = null);
