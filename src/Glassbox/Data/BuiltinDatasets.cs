using System.Globalization;
using System.IO.Compression;

namespace Glassbox.Data;

/// <summary>
/// The classic small datasets bundled with scikit-learn (<c>sklearn.datasets.load_*</c>), embedded in the
/// library so they work offline: iris, digits, wine, breast cancer and diabetes. Values, row order, feature
/// names and class names are scikit-learn's; the files are scikit-learn's own data files (BSD-3, provenance
/// and citations in <c>Data/Builtin/LICENSE-NOTES.md</c>).
/// </summary>
public static class BuiltinDatasets
{
    /// <summary>
    /// Fisher's iris (<c>load_iris</c>): 150 samples × 4 features (sepal/petal length/width in cm),
    /// 3 classes of 50 (setosa, versicolor, virginica).
    /// </summary>
    public static BuiltinDataset LoadIris() => LoadClassification("iris", "iris.csv",
        ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]);

    /// <summary>
    /// The UCI wine recognition data (<c>load_wine</c>): 178 samples × 13 chemical measurements, 3 cultivars
    /// (59, 71, 48 samples).
    /// </summary>
    public static BuiltinDataset LoadWine() => LoadClassification("wine", "wine_data.csv",
        ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
         "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline"]);

    /// <summary>
    /// Breast Cancer Wisconsin (Diagnostic) (<c>load_breast_cancer</c>): 569 samples × 30 cell-nucleus
    /// features, classes malignant (212) and benign (357).
    /// </summary>
    public static BuiltinDataset LoadBreastCancer()
    {
        string[] stats = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
            "concave points", "symmetry", "fractal dimension"];
        var names = stats.Select(s => "mean " + s).Concat(stats.Select(s => s + " error")).Concat(stats.Select(s => "worst " + s)).ToArray();
        return LoadClassification("breast_cancer", "breast_cancer.csv.gz", names);
    }

    /// <summary>
    /// Optical handwritten digits (<c>load_digits</c>): 1797 images of 8×8 pixels with values 0…16, flattened to
    /// 64 features named <c>pixel_r_c</c>; 10 classes 0…9. <c>X.Reshape(-1, 8, 8)</c> gives sklearn's <c>images</c>.
    /// </summary>
    public static BuiltinDataset LoadDigits()
    {
        var rows = ReadLines("digits.csv.gz").Select(l => l.Split(',')).ToArray();
        const int f = 64;
        var x = new double[rows.Length * f];
        var y = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i].Length != f + 1) throw Bad("digits.csv.gz", $"row {i} has {rows[i].Length} columns, expected {f + 1}");
            for (int j = 0; j < f; j++) x[i * f + j] = ParseDouble(rows[i][j], "digits.csv.gz");
            y[i] = (long)ParseDouble(rows[i][f], "digits.csv.gz");
        }
        var names = Enumerable.Range(0, f).Select(k => $"pixel_{k / 8}_{k % 8}").ToArray();
        return new BuiltinDataset("digits", Tensor.FromArray(x, rows.Length, f), Tensor.FromArray(y, rows.Length),
            names, Enumerable.Range(0, 10).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>
    /// The diabetes regression data of Efron et al. (2004) (<c>load_diabetes</c>): 442 patients × 10 baseline
    /// variables (age, sex, bmi, bp, s1…s6); the float64 target is disease progression one year later.
    /// </summary>
    /// <param name="scaled">
    /// scikit-learn's default, true: each column is centred and divided by its standard deviation (ddof 0) times
    /// √n_samples, x'ᵢⱼ = (xᵢⱼ − μⱼ) / (σⱼ √n), so every column has mean 0 and sum of squares 1. False returns the
    /// raw measurements (age in years, sex coded 1/2, …) as in <c>load_diabetes(scaled=False)</c>.
    /// </param>
    public static BuiltinDataset LoadDiabetes(bool scaled = true)
    {
        const string dataFile = "diabetes_data_raw.csv.gz", targetFile = "diabetes_target.csv.gz";
        var rows = ReadLines(dataFile).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        int n = rows.Length;
        const int f = 10;
        var x = new double[n * f];
        for (int i = 0; i < n; i++)
        {
            if (rows[i].Length != f) throw Bad(dataFile, $"row {i} has {rows[i].Length} columns, expected {f}");
            for (int j = 0; j < f; j++) x[i * f + j] = ParseDouble(rows[i][j], dataFile);
        }
        var y = ReadLines(targetFile).Select(l => ParseDouble(l.Trim(), targetFile)).ToArray();
        if (y.Length != n) throw Bad(targetFile, $"has {y.Length} targets but {dataFile} has {n} rows");
        if (scaled) ScaleColumns(x, n, f);
        return new BuiltinDataset("diabetes", Tensor.FromArray(x, n, f), Tensor.FromArray(y, n),
            ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"], []);
    }

    // sklearn: data = scale(data); data /= sqrt(n). Mean first, then the population std of the centred column,
    // the same two-pass order as numpy's mean/std, so results agree to a few ulps.
    private static void ScaleColumns(double[] x, int n, int f)
    {
        double rootN = Math.Sqrt(n);
        for (int j = 0; j < f; j++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += x[i * f + j];
            mean /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) { double d = x[i * f + j] - mean; x[i * f + j] = d; ss += d * d; }
            double std = Math.Sqrt(ss / n);
            if (std == 0) std = 1; // sklearn leaves constant columns unscaled
            for (int i = 0; i < n; i++) x[i * f + j] = x[i * f + j] / std / rootN;
        }
    }

    /// <summary>
    /// sklearn's <c>load_csv_data</c> layout: a header "n_samples,n_features,class names…", then rows of
    /// n_features values and an integer label.
    /// </summary>
    private static BuiltinDataset LoadClassification(string name, string resource, string[] featureNames)
    {
        var lines = ReadLines(resource);
        var header = lines[0].Split(',');
        int n = int.Parse(header[0], CultureInfo.InvariantCulture), f = int.Parse(header[1], CultureInfo.InvariantCulture);
        var targetNames = header[2..];
        if (lines.Count - 1 != n) throw Bad(resource, $"header declares {n} samples but {lines.Count - 1} rows follow");
        if (featureNames.Length != f) throw Bad(resource, $"header declares {f} features but {featureNames.Length} names are known");
        var x = new double[n * f];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            var cells = lines[i + 1].Split(',');
            if (cells.Length != f + 1) throw Bad(resource, $"row {i} has {cells.Length} columns, expected {f + 1}");
            for (int j = 0; j < f; j++) x[i * f + j] = ParseDouble(cells[j], resource);
            y[i] = long.Parse(cells[f], CultureInfo.InvariantCulture);
            if (y[i] < 0 || y[i] >= targetNames.Length) throw Bad(resource, $"row {i} has label {y[i]} outside 0…{targetNames.Length - 1}");
        }
        return new BuiltinDataset(name, Tensor.FromArray(x, n, f), Tensor.FromArray(y, n), featureNames, targetNames);
    }

    private static List<string> ReadLines(string resource)
    {
        var asm = typeof(BuiltinDatasets).Assembly;
        using var raw = asm.GetManifestResourceStream("Glassbox.Data.Builtin." + resource)
            ?? throw new InvalidOperationException($"BuiltinDatasets: embedded resource {resource} is missing from the Glassbox assembly");
        using Stream s = resource.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(s);
        var lines = new List<string>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
            if (line.Length > 0) lines.Add(line);
        return lines;
    }

    private static double ParseDouble(string s, string resource)
        => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw Bad(resource, $"'{s}' is not a number");

    private static DataFormatException Bad(string resource, string problem) => new("embedded:" + resource, problem);
}
