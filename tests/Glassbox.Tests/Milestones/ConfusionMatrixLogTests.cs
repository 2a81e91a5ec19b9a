using Glassbox.Milestones.Recipes;
using Glassbox.Tracking;

namespace Glassbox.Tests.Milestones;

/// <summary>The confusion-matrix file a classification milestone leaves for the run store.</summary>
public class ConfusionMatrixLogTests
{
    [Fact]
    public void WritesAnArtifactFileThatReadsBackWithTruthAsRows()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"glassbox-cm-{Guid.NewGuid():N}");
        try
        {
            // truth 0,0,0,1,1,2 predicted 0,1,0,1,2,2: row 0 = (2, 1, 0), row 1 = (0, 1, 1), row 2 = (0, 0, 1)
            var path = ConfusionMatrixLog.Write(dir, "test", [0, 0, 0, 1, 1, 2], [0, 1, 0, 1, 2, 2], new Dictionary<long, string> { [2] = "bird" });
            Assert.Equal(Path.Combine(dir, "test" + ConfusionMatrixArtifact.FileSuffix), path);
            var cm = ConfusionMatrixArtifact.Read(path);
            Assert.Equal(["0", "1", "bird"], cm.Labels);
            Assert.Equal([2.0, 1, 0], cm.Matrix[0]);
            Assert.Equal([0.0, 1, 1], cm.Matrix[1]);
            Assert.Equal([0.0, 0, 1], cm.Matrix[2]);
            // a class that only the predictions contain still gets its row (of zeros) and column
            var extra = ConfusionMatrixArtifact.Read(ConfusionMatrixLog.Write(dir, "extra", [1, 1], [1, 7]));
            Assert.Equal(["1", "7"], extra.Labels);
            Assert.Equal([0.0, 0], extra.Matrix[1]);
            Assert.Throws<ArgumentException>(() => ConfusionMatrixLog.Write(dir, "bad", [1, 2], [1]));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
