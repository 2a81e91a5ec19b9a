using System.Net;
using System.Net.Sockets;

namespace Glassbox.Dashboard.Tests;

/// <summary>Where the dashboard may listen, a port already taken, and a database that does not exist yet.</summary>
public class ServerOptionsTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.10")]
    [InlineData("::")]
    public void NonLoopbackHost_NeedsAllowRemote(string host)
    {
        var e = Assert.Throws<ArgumentException>(() => new DashboardOptions { Host = host }.Validate());
        Assert.Contains($"host '{host}' is not a loopback address", e.Message);
        Assert.Equal(IPAddress.Parse(host), new DashboardOptions { Host = host, AllowRemote = true }.Validate());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("localhost")]
    public void LoopbackHosts_Allowed(string host) => Assert.True(IPAddress.IsLoopback(new DashboardOptions { Host = host }.Validate()));

    [Theory]
    [InlineData("example.com", "is not an IP address or localhost")]
    [InlineData("", "host must not be empty")]
    public void BadHost_Refused(string host, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => new DashboardOptions { Host = host }.Validate()).Message);

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("attacker.example", false)]
    [InlineData("localhost.attacker.example", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("", false)]
    public void HostHeaderCheck(string host, bool allowed) => Assert.Equal(allowed, DashboardServer.IsLoopbackName(host));

    [Fact]
    public async Task PortInUse_IsAClearIOException()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var db = Path.Combine(Path.GetTempPath(), $"glassbox-dashboard-{Guid.NewGuid():N}.db");
        var e = await Assert.ThrowsAsync<IOException>(() => DashboardServer.StartAsync(new DashboardOptions { Port = port, DatabasePath = db }));
        Assert.Equal($"cannot listen on 127.0.0.1:{port}: the port is in use by another program; choose another port (or 0 for any free one)", e.Message);
    }

    [Fact]
    public async Task MissingDatabase_EmptyPages_FileNotCreated()
    {
        var db = Path.Combine(Path.GetTempPath(), $"glassbox-dashboard-{Guid.NewGuid():N}", "runs.db");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions { Port = 0, DatabasePath = db });
        using var http = new HttpClient { BaseAddress = server.Address };
        Assert.Contains("No run database yet", await http.GetStringAsync("/"));
        using var run = await http.GetAsync("/runs/1");
        Assert.Equal(404, (int)run.StatusCode);
        Assert.Contains($"no run 1: the run database {db} does not exist yet", await run.Content.ReadAsStringAsync());
        Assert.False(File.Exists(db));
        Assert.False(Directory.Exists(Path.GetDirectoryName(db)));
    }

    [Fact]
    public async Task ForeignDatabase_RefusedAtStart()
    {
        var db = Path.Combine(Path.GetTempPath(), $"glassbox-dashboard-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(db, "this is not an SQLite database, just text that is long enough to have a header of sorts.....");
        try
        {
            var e = await Assert.ThrowsAsync<Tracking.RunStoreException>(() => DashboardServer.StartAsync(new DashboardOptions { Port = 0, DatabasePath = db }));
            Assert.StartsWith(db + ":", e.Message);
        }
        finally { File.Delete(db); }
    }
}
