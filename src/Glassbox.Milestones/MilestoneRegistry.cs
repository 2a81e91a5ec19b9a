using System.Text.Json;

namespace Glassbox.Milestones;

/// <summary>Every milestone the CLI knows, and the record of each one's last result.</summary>
public static class MilestoneRegistry
{
    /// <summary>All milestones, in curriculum order.</summary>
    public static IReadOnlyList<Milestone> All { get; } =
    [
        new MicrogradMoonsMilestone(),
        new MnistMlpMilestone(),
        new MnistLeNetMilestone(),
        new CnnExplainedMilestone(),
        new CifarResNetMilestone(),
        new UNetSegmentationMilestone(),
        new Cs231nTwoLayerMilestone(),
        new ClassicalParityMilestone(),
        new TitanicMilestone(),
        new BiasVarianceMilestone(),
        new FashionMnistSklearnTableMilestone(),
        new CharLstmMilestone(),
        new BpeMilestone(),
        new CharGptMilestone(),
        new CharGptLargeMilestone(),
        new VitMnistMilestone(),
        new Seq2SeqDatesMilestone(),
        new MnistVaeMilestone(),
        new FrozenLakeDpMilestone(),
        new CliffWalkingTdMilestone(),
        new MnistCvaeMilestone(),
        new MnistVqVaeMilestone(),
        new CartPoleReinforceMilestone(),
        new CartPoleA2cMilestone(),
        new CartPolePpoMilestone(),
        new CartPoleDqnMilestone(),
        new AcrobotPpoMilestone(),
        new PendulumDdpgMilestone(),
        new PendulumTd3Milestone(),
        new PendulumSacMilestone(),
        new PendulumMbpoMilestone(),
        new PendulumCqlMilestone(),
        new BitFlipHerMilestone(),
        new MnistDdpmMilestone(),
        new MnistCfgMilestone(),
        new FashionDdpmMilestone(),
        new MnistGanMilestone(),
        new MnistDcganMilestone(),
        new MnistWganGpMilestone(),
        new MnistCganMilestone(),
        new TuneCompareMilestone(),
        new CartPoleBcMilestone(),
        new CartPoleGailMilestone(),
        new ReproBatchNormMilestone(),
        new ReproDropoutMilestone(),
        new ToolboxDemoMilestone(),
        new FashionCnnMilestone(),
        new PointMassHerMilestone(),
    ];

    /// <summary>Finds a milestone by id, or null.</summary>
    public static Milestone? Find(string id) => All.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where last results are kept: a JSON file in the per-user Glassbox folder.</summary>
    public static string ResultsPath => Path.Combine(UserFolder, "milestones.json");

    /// <summary>The per-user Glassbox folder (GLASSBOX_HOME, else ~/.local/share/glassbox or the platform equivalent).</summary>
    public static string UserFolder =>
        Environment.GetEnvironmentVariable("GLASSBOX_HOME") is { Length: > 0 } home ? home
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "glassbox");

    /// <summary>Last recorded result per milestone id.</summary>
    public static Dictionary<string, JsonElement> LoadResults()
    {
        try
        {
            if (!File.Exists(ResultsPath)) return [];
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(ResultsPath)) ?? [];
        }
        catch (JsonException) { return []; }
    }

    /// <summary>Records a result (atomically: temp file, then rename).</summary>
    public static void SaveResult(MilestoneResult result, bool quick)
    {
        var all = LoadResults();
        var entry = new Dictionary<string, object>
        {
            ["passed"] = result.Passed, ["quick"] = quick, ["seconds"] = Math.Round(result.Seconds, 2),
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"), ["metrics"] = result.Metrics,
        };
        all[result.Id] = JsonSerializer.SerializeToElement(entry);
        Directory.CreateDirectory(UserFolder);
        var tmp = ResultsPath + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(all, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, ResultsPath, overwrite: true);
    }
}
