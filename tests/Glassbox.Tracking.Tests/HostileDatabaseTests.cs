using System.Text;
using Microsoft.Data.Sqlite;

namespace Glassbox.Tracking.Tests;

/// <summary>
/// Files that are not a usable run database: each is refused with a <see cref="RunStoreException"/> naming the file
/// and the problem, and left exactly as it was (the store never overwrites what it cannot read).
/// </summary>
public class HostileDatabaseTests
{
    [Fact]
    public void ATextFileIsNotAnSqliteDatabase()
    {
        using var tmp = new TempDb();
        File.WriteAllText(tmp.Path, "this is a plain text file that happens to be called runs.db, long enough to fill a header: " + new string('x', 200));
        AssertRefused(tmp.Path, "not an SQLite database");
    }

    [Fact]
    public void AFileShorterThanTheHeaderIsReported()
    {
        using var tmp = new TempDb();
        File.WriteAllBytes(tmp.Path, Encoding.ASCII.GetBytes("SQLite format 3\0\u0010\0"));
        AssertRefused(tmp.Path, "truncated", "shorter than the 100-byte SQLite header");
        File.WriteAllBytes(tmp.Path, [1, 2, 3]);
        AssertRefused(tmp.Path, "not an SQLite database");
    }

    [Fact]
    public void ATruncatedDatabaseIsReportedWithItsExpectedAndActualSize()
    {
        using var tmp = new TempDb();
        Fill(tmp.Path, runs: 20);
        long full = new FileInfo(tmp.Path).Length;
        Assert.True(full >= 4 * 4096, $"the filled database has only {full} bytes");
        using (var f = new FileStream(tmp.Path, FileMode.Open)) f.SetLength(full / 2);
        var e = AssertRefused(tmp.Path, "truncated", $"but the file has {full / 2}", $"({full} bytes)");
        Assert.Equal(tmp.Path, e.FilePath);
    }

    [Fact]
    public void ASchemaVersionFromTheFutureIsRefused()
    {
        using var tmp = new TempDb();
        Fill(tmp.Path, runs: 1);
        Exec(tmp.Path, "PRAGMA user_version = 7");
        AssertRefused(tmp.Path, "schema version 7 is newer than this Glassbox understands (version 2)");
    }

    [Fact]
    public void AnotherProgramsDatabaseIsRefusedNotWrittenInto()
    {
        using var tmp = new TempDb();
        Exec(tmp.Path, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
        AssertRefused(tmp.Path, "not a Glassbox run database", "users");
        Exec(tmp.Path, "PRAGMA application_id = 1234");
        AssertRefused(tmp.Path, "not a Glassbox run database", "application id is 0x000004D2");
    }

    [Fact]
    public void ADatabaseMissingATableOfItsVersionIsAWrongSchema()
    {
        using var tmp = new TempDb();
        Fill(tmp.Path, runs: 1);
        Exec(tmp.Path, "DROP TABLE tags");
        AssertRefused(tmp.Path, "wrong schema", "table 'tags' is missing");
    }

    [Fact]
    public void ADamagedPageIsReportedAsCorrupt()
    {
        using var tmp = new TempDb();
        Fill(tmp.Path, runs: 20);
        // Page 2 is the root of the first table created (runs): zeroing it leaves a page that is no b-tree page at all.
        using (var f = new FileStream(tmp.Path, FileMode.Open))
        {
            f.Position = 4096;
            f.Write(new byte[4096]);
        }
        AssertRefused(tmp.Path, "corrupt");
    }

    [Fact]
    public void AFolderIsNotADatabase()
    {
        using var tmp = new TempDb();
        Directory.CreateDirectory(tmp.Path);
        var e = Assert.Throws<RunStoreException>(() => RunStore.Open(tmp.Path));
        Assert.Contains("is a folder", e.Message);
    }

    [Fact]
    public void AnEmptyFileBecomesANewStore()
    {
        using var tmp = new TempDb();
        File.WriteAllBytes(tmp.Path, []);
        using var store = RunStore.Open(tmp.Path);
        Assert.Empty(store.ListRuns());
    }

    /// <summary>Opening fails with the file's path and every fragment in the message, and the file is unchanged.</summary>
    private static RunStoreException AssertRefused(string path, params string[] fragments)
    {
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<RunStoreException>(() => { using var s = RunStore.Open(path); s.ListRuns(); });
        Assert.StartsWith(path + ": ", e.Message);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        return e;
    }

    private static void Fill(string path, int runs)
    {
        using var store = RunStore.Open(path);
        for (int i = 0; i < runs; i++)
        {
            using var run = store.StartRun($"run {i}", "fill", new Dictionary<string, object?> { ["i"] = i, ["padding"] = new string('p', 200) });
            for (int step = 0; step < 10; step++)
                run.LogMetrics(step, new Dictionary<string, double> { ["loss"] = 1.0 / (step + 1), ["accuracy"] = step / 10.0 });
            run.Finish();
        }
    }

    private static void Exec(string path, string sql)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
