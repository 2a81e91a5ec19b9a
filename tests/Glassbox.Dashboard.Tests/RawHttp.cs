using System.Net.Sockets;
using System.Text;

namespace Glassbox.Dashboard.Tests;

/// <summary>An HTTP/1.1 GET with the request target sent exactly as given (no client-side normalisation of <c>..</c>).</summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Body)> GetAsync(Uri server, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var text = await reader.ReadToEndAsync(cts.Token);
        var statusLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        return (int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), text);
    }
}
