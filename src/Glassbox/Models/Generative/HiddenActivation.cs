using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>The nonlinearity between the hidden layers of the generative models' MLPs.</summary>
public enum HiddenActivation
{
    /// <summary>tanh, as in Kingma &amp; Welling (2014) and Burda et al. (2016).</summary>
    Tanh,
    /// <summary>ReLU, the modern default.</summary>
    ReLU,
}

/// <summary>Builds the layers the generative models share.</summary>
internal static class GenerativeLayers
{
    /// <summary>An activation module for <paramref name="activation"/>.</summary>
    public static Module<Tensor, Tensor> Activation(HiddenActivation activation) => activation switch
    {
        HiddenActivation.Tanh => new Tanh(),
        HiddenActivation.ReLU => new ReLU(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "not a defined HiddenActivation"),
    };

    /// <summary>
    /// Linear → activation for every width in <paramref name="widths"/>, starting from <paramref name="inFeatures"/>;
    /// with <paramref name="outFeatures"/> given, a final Linear with no activation follows.
    /// </summary>
    public static Sequential Mlp(int inFeatures, IReadOnlyList<int> widths, int? outFeatures, HiddenActivation activation, DType dtype, Generator? generator)
    {
        var seq = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        int prev = inFeatures;
        foreach (int w in widths)
        {
            if (w <= 0) throw new ArgumentOutOfRangeException(nameof(widths), $"hidden widths must be positive, got {w}");
            seq.Add(new Linear(prev, w, dtype: dtype, generator: generator));
            seq.Add(Activation(activation));
            prev = w;
        }
        if (outFeatures is int o) seq.Add(new Linear(prev, o, dtype: dtype, generator: generator));
        return seq;
    }
}
