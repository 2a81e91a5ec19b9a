using System.Text;
using Glassbox.Tracking;

namespace Glassbox.Dashboard.Tests;

/// <summary>The confusion-matrix file: what is written is read back; a bad file names itself and its defect.</summary>
public sealed class ConfusionMatrixArtifactTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("glassbox-cm-").FullName;

    [Fact]
    public void RoundTrip()
    {
        var path = Path.Combine(folder, "cm.json");
        var cm = new ConfusionMatrixArtifact(["a", "b"], [[3, 1], [0.5, 7]]);
        cm.Write(path);
        var back = ConfusionMatrixArtifact.Read(path);
        Assert.Equal(cm.Labels, back.Labels);
        Assert.Equal(cm.Matrix.SelectMany(r => r), back.Matrix.SelectMany(r => r));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp")); // the atomic write left no temporary behind
    }

    [Theory]
    [InlineData("[1]", "the top level is not a JSON object")]
    [InlineData("""{"format": "x", "version": 1, "labels": [], "matrix": []}""", "its \"format\" is not \"glassbox.confusion-matrix\"")]
    [InlineData("""{"format": "glassbox.confusion-matrix", "version": 2, "labels": ["a"], "matrix": [[1]]}""", "its \"version\" is not 1")]
    [InlineData("""{"format": "glassbox.confusion-matrix", "version": 1, "labels": ["a", 3], "matrix": [[1]]}""", "\"labels\" must be an array of strings")]
    [InlineData("""{"format": "glassbox.confusion-matrix", "version": 1, "labels": ["a", "b"], "matrix": [[1, 2]]}""", "needs 2 rows, got 1")]
    [InlineData("""{"format": "glassbox.confusion-matrix", "version": 1, "labels": ["a", "b"], "matrix": [[1, 2], [3]]}""", "row 1 of the confusion matrix has 1 values")]
    [InlineData("""{"format": "glassbox.confusion-matrix", "version": 1, "labels": ["a"], "matrix": [[-1]]}""", "entry [0][0] is -1")]
    [InlineData("""{"format": "glassbox.confusion-matrix", "version": 1, "labels": ["a", "a"], "matrix": [[1, 0], [0, 1]]}""", "labels must differ")]
    [InlineData("""{"format": "glassbox.confusion-matrix", """, "not valid JSON")]
    public void BadFile_NamesTheFileAndTheDefect(string json, string defect)
    {
        var path = Path.Combine(folder, "bad.json");
        File.WriteAllText(path, json, Encoding.UTF8);
        var e = Assert.Throws<InvalidDataException>(() => ConfusionMatrixArtifact.Read(path));
        Assert.StartsWith(path + ": not a confusion matrix file: ", e.Message);
        Assert.True(e.Message.Contains(defect, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Write_RefusesAnInvalidMatrix()
    {
        var e = Assert.Throws<ArgumentException>(() => new ConfusionMatrixArtifact(["a", "b"], [[1, double.NaN], [0, 1]]).Write(Path.Combine(folder, "x.json")));
        Assert.Contains("entry [0][1] is NaN", e.Message);
        Assert.False(File.Exists(Path.Combine(folder, "x.json")));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
