using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Glassbox.Serving.Tests;

/// <summary>A server on a free loopback port (port 0) and a client for it; disposing stops both.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private ServerHarness(ModelServer server)
    {
        Server = server;
        Client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public ModelServer Server { get; }

    public HttpClient Client { get; }

    public static async Task<ServerHarness> StartAsync(ServedModel model, ServerOptions? options = null) =>
        new(await ModelServer.StartAsync(model, (options ?? new ServerOptions()) with { Port = 0 }));

    /// <summary>POSTs <paramref name="json"/> to /predict as application/json; returns the status and the parsed body.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string json, string contentType = "application/json")
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Client.PostAsync("/predict", content);
        return (Status: (int)response.StatusCode, Body: await ParseAsync(response));
    }

    public static async Task<JsonElement> ParseAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary><c>{"rows": [[…], …]}</c> with every double in round-trip form.</summary>
    public static string Rows(double[] values, int rows, int cols)
    {
        var sb = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < rows; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append('[');
            for (int j = 0; j < cols; j++)
            {
                if (j > 0) sb.Append(',');
                double v = values[i * cols + j];
                sb.Append(double.IsNaN(v) ? "null" : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            }
            sb.Append(']');
        }
        return sb.Append("]}").ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
