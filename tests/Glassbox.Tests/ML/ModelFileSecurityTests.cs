using System.Net;
using System.Net.Sockets;
using System.Text;
using Glassbox.ML;
using Glassbox.ML.Linear;

namespace Glassbox.Tests.ML;

/// <summary>
/// A model file can name only registered Glassbox estimators: any other type — a socket, a process, a Glassbox type
/// that is not an estimator, an abstract base — is refused by the registry lookup, before anything is constructed.
/// </summary>
public class ModelFileSecurityTests
{
    private static IEstimator LoadText(string json) => ModelFile.FromJsonBytes(Encoding.UTF8.GetBytes(json), "model.json");

    private static ModelFormatException Rejects(string json) => Assert.Throws<ModelFormatException>(() => LoadText(json));

    [Fact]
    public void TcpClientPayloadOpensNoConnection()
    {
        // a listener on a free loopback port: had TcpClient(host, port) run, its connection would be pending here
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            foreach (var type in new[] { "System.Net.Sockets.TcpClient, System.Net.Sockets", "System.Net.Sockets.TcpClient" })
            {
                var e = Rejects($$$"""{"type": "{{{type}}}", "params": {"Hostname": "127.0.0.1", "Port": {{{port}}}}}""");
                Assert.Equal("type", e.Field);
                Assert.Equal("model.json", e.Path);
                Assert.StartsWith("model.json: type: unknown estimator type", e.Message);
            }
            Thread.Sleep(50);
            Assert.False(listener.Pending());
        }
        finally { listener.Stop(); }
    }

    [Theory]
    [InlineData("System.Diagnostics.Process, System.Diagnostics.Process")]
    [InlineData("System.Diagnostics.Process")]
    [InlineData("Glassbox.Tensor")]                        // a Glassbox type that is not an estimator
    [InlineData("Glassbox.ML.ModelState")]
    [InlineData("Glassbox.ML.Estimator`1")]                // abstract bases
    [InlineData("Glassbox.ML.Linear.LinearModel`1")]
    [InlineData("Glassbox.ML.Linear.Ridge, Glassbox")]     // assembly-qualified names are never resolved
    [InlineData("ridge")]                                  // names are exact
    [InlineData("Glassbox.ML.Examples.GenderBaseline")]    // internal estimators are not registered
    [InlineData("")]
    public void TypesOutsideTheRegistryAreRejected(string type)
    {
        var e = Rejects($$$"""{"type": {{{System.Text.Json.JsonSerializer.Serialize(type)}}}, "params": {}}""");
        Assert.Equal("type", e.Field);
        Assert.Contains("unknown estimator type", e.Detail);
    }

    [Fact]
    public void UnregisteredEstimatorIsNeverConstructed()
    {
        ConstructionProbe.Constructed = 0;
        var name = typeof(ConstructionProbe).FullName!;
        foreach (var t in new[] { name, typeof(ConstructionProbe).AssemblyQualifiedName!, nameof(ConstructionProbe) })
        {
            var e = Rejects($$$"""{"type": {{{System.Text.Json.JsonSerializer.Serialize(t)}}}, "params": {"Effect": 1}}""");
            Assert.Equal("type", e.Field);
        }
        Assert.Equal(0, ConstructionProbe.Constructed);
        new ConstructionProbe(1); // the probe itself works: constructing it is what would have been seen
        Assert.Equal(1, ConstructionProbe.Constructed);
    }

    [Fact]
    public void NestedTypesGoThroughTheRegistryToo()
    {
        var pipe = """{"type": "Pipeline", "params": {"Steps": [{"name": "s", "estimator": {"type": "System.Diagnostics.Process", "params": {}}}]}}""";
        var e = Rejects(pipe);
        Assert.Equal("params.Steps[0].estimator.type", e.Field);
        var nested = """{"type": "Pipeline", "params": {"Steps": [{"name": "p", "estimator": {"type": "Pipeline", "params": {"Steps": [{"name": "x", "estimator": {"type": "Glassbox.Tensor", "params": {}}}]}}}]}}""";
        Assert.Equal("params.Steps[0].estimator.params.Steps[0].estimator.type", Rejects(nested).Field);
    }

    [Fact]
    public void RegistryListsExactlyThePublicConcreteEstimators()
    {
        static bool IsEstimator(Type t)
        {
            for (var b = t.BaseType; b is not null; b = b.BaseType)
                if (b.IsGenericType && b.GetGenericTypeDefinition() == typeof(Estimator<>)) return true;
            return false;
        }
        var found = typeof(Estimator<>).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters && t.IsPublic && IsEstimator(t))
            .OrderBy(t => t.FullName).ToArray();
        var registered = EstimatorRegistry.All.OrderBy(t => t.FullName).ToArray();
        Assert.Equal(found, registered); // a new public estimator must be added to the registry
        Assert.True(found.Length >= 35, $"only {found.Length} estimators discovered");
        foreach (var t in registered)
        {
            Assert.Equal(t.Name, EstimatorRegistry.NameOf(t));
            Assert.True(EstimatorRegistry.TryGetType(t.Name, out var a) && a == t);
            Assert.True(EstimatorRegistry.TryGetType(t.FullName!, out var b) && b == t); // files written before the registry
        }
        Assert.Null(EstimatorRegistry.NameOf(typeof(ConstructionProbe)));
    }

    [Fact]
    public void FilesUseTheRegistryNameAndOldFullNamesStillLoad()
    {
        var x = Tensor.FromArray([0.0, 1, 2, 3], 4, 1);
        var y = Tensor.FromArray([1.0, 3, 5, 7], [4]);
        var r = new Ridge(alpha: 0.5).Fit(x, y);
        var json = ModelFile.EstimatorToJson(r);
        Assert.Equal("Ridge", (string?)json["type"]);
        json["type"] = "Glassbox.ML.Linear.Ridge";
        var old = (Ridge)LoadText(json.ToJsonString());
        Assert.Equal(r.Predict(x).ToDoubleArray(), old.Predict(x).ToDoubleArray());
    }

    [Fact]
    public void SavingAnUnregisteredEstimatorFails()
    {
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-probe-{Guid.NewGuid():N}.json");
        var e = Assert.Throws<NotSupportedException>(() => new ConstructionProbe(0).Save(path));
        Assert.Contains("EstimatorRegistry", e.Message);
        Assert.False(File.Exists(path));
    }
}

/// <summary>An estimator outside the registry whose constructor has a visible effect (it counts its calls).</summary>
public sealed class ConstructionProbe : Transformer<ConstructionProbe>
{
    /// <summary>How many times the constructor ran.</summary>
    public static int Constructed;

    /// <summary>Counts the construction.</summary>
    public ConstructionProbe(int effect = 0) { Effect = effect; Interlocked.Increment(ref Constructed); }

    /// <summary>A hyperparameter, so that a file can give it a value.</summary>
    public int Effect { get; }

    /// <inheritdoc/>
    protected override void CheckParams() { }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y) { }

    /// <inheritdoc/>
    public override Tensor Transform(Tensor x) => CheckInput(x, nameof(Transform));

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) { }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state) { }
}
