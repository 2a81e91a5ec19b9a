namespace Glassbox.Data;

// Loaders of the binary CIFAR datasets: one verified archive per dataset, extracted once beside itself.
public static partial class DatasetRegistry
{
    /// <summary>
    /// CIFAR-10 (<c>torchvision.datasets.CIFAR10</c> with <c>ToTensor()</c>): images float32 [N, 3, 32, 32] in [0, 1]
    /// (byte/255, channels R, G, B), labels int64 [N] in 0…9, N = 50000 train (data_batch_1…5 in order) and 10000
    /// test; class names airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck from batches.meta.txt.
    /// </summary>
    /// <remarks>
    /// <para>The dataset folder <c>DATA/cifar-10/</c> holds the archive <see cref="Cifar10Archive"/> (downloaded and
    /// checked against its SHA-256 when missing) and, after the first load, the extracted
    /// <c>cifar-10-batches-bin/</c>. Later loads read the extracted files, re-checking their sizes and labels; the
    /// archive is needed again only when that folder is missing or incomplete. Offline, put the archive in the folder
    /// by hand. Extraction is hardened and atomic (see the remarks of the extraction code in
    /// <c>CifarArchive</c>): links, path traversal, unexpected sizes or labels are <see cref="DataFormatException"/>s.</para>
    /// </remarks>
    /// <param name="dataDir">Root data folder (see <see cref="DataDirectory.Resolve"/>).</param>
    /// <param name="download">Try to download the archive when it is needed and missing; when false that throws at once.</param>
    /// <param name="verify">Check the archive's SHA-256 before extracting it (about a second for 170 MB).</param>
    /// <param name="http">Client for downloads; inject one in tests.</param>
    /// <exception cref="DatasetNotFoundException">The archive is needed, missing and cannot be downloaded.</exception>
    /// <exception cref="DataFormatException">The archive or an extracted file is corrupt, truncated or hostile.</exception>
    public static CifarSplits Cifar10(string? dataDir = null, bool download = true, bool verify = true, HttpClient? http = null)
        => LoadCifar(CifarLayout.Cifar10, CifarLabelKind.Fine, dataDir, download, verify, http);

    /// <summary>
    /// CIFAR-100 (<c>torchvision.datasets.CIFAR100</c>), same image layout and parameters as <see cref="Cifar10"/>:
    /// 50000 train and 10000 test images; labels int64 [N] are the 100 fine classes (0…99, names from
    /// fine_label_names.txt) or, with <paramref name="labels"/> = <see cref="CifarLabelKind.Coarse"/>, the 20
    /// superclasses (0…19, names from coarse_label_names.txt). Folder <c>DATA/cifar-100/</c>, archive
    /// <see cref="Cifar100Archive"/>, extracted to <c>cifar-100-binary/</c>.
    /// </summary>
    public static CifarSplits Cifar100(string? dataDir = null, CifarLabelKind labels = CifarLabelKind.Fine, bool download = true, bool verify = true, HttpClient? http = null)
    {
        if (!Enum.IsDefined(labels)) throw new ArgumentOutOfRangeException(nameof(labels), $"Cifar100: unknown label kind {(int)labels}");
        return LoadCifar(CifarLayout.Cifar100, labels, dataDir, download, verify, http);
    }

    internal static CifarSplits LoadCifar(CifarLayout layout, CifarLabelKind labels, string? dataDir, bool download, bool verify, HttpClient? http)
    {
        var info = Get(layout.DatasetName);
        string folder = DataDirectory.ForDataset(info.Name, dataDir);
        DatasetDownloader.CleanStaleTemps(folder);
        if (!CifarFiles.IsExtracted(folder, layout))
        {
            var paths = EnsurePresent(info, dataDir, download, http);
            if (verify) CheckHash(info.Files[0], paths[0], ContentHash.Compute(paths[0], false));
            CifarArchive.Extract(paths[0], folder, layout);
        }
        return CifarFiles.Load(folder, layout, labels);
    }
}
