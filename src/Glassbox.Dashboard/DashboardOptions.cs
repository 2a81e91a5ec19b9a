using System.Net;

namespace Glassbox.Dashboard;

/// <summary>Where <see cref="DashboardServer"/> listens and which run store it shows.</summary>
public sealed record DashboardOptions
{
    /// <summary>The default TCP port of <c>glassbox ui</c>.</summary>
    public const int DefaultPort = 8765;

    /// <summary>
    /// The address to listen on: an IP address or <c>localhost</c>. The default, <c>127.0.0.1</c>, is reachable from
    /// this machine alone. Any other address needs <see cref="AllowRemote"/>: the pages show every recorded run's
    /// parameters, host names and file paths, and the dashboard has no log-in.
    /// </summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (<see cref="DashboardServer.Address"/> tells which).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The run database; null means <see cref="Tracking.RunStore.DefaultPath"/>.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Allows a <see cref="Host"/> that is not a loopback address (a deliberate choice to show the runs to a network).</summary>
    public bool AllowRemote { get; init; }

    /// <summary>The address to bind, after checking every option; throws <see cref="ArgumentException"/> naming the first one out of range.</summary>
    public IPAddress Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("host must not be empty");
        if (Port is < 0 or > 65535) throw new ArgumentException($"port must be from 0 to 65535, got {Port}");
        var ip = Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(Host, out var parsed) ? parsed
            : throw new ArgumentException($"host '{Host}' is not an IP address or localhost");
        if (!IPAddress.IsLoopback(ip) && !AllowRemote)
            throw new ArgumentException($"host '{Host}' is not a loopback address: the dashboard has no log-in and shows every recorded run to whoever reaches it; allow that explicitly (--allow-remote) or use 127.0.0.1");
        return ip;
    }
}
