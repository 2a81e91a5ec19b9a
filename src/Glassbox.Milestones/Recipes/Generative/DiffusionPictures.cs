using Glassbox.Models.Generative;
using Glassbox.Plotting;

namespace Glassbox.Milestones.Recipes.Generative;

/// <summary>The pictures of the diffusion milestones.</summary>
public static class DiffusionPictures
{
    /// <summary>Saves [N, 1, 28, 28] images in [0, 1] as a grid, <paramref name="columns"/> per row, on a shared 0–1 scale.</summary>
    public static void Grid(Tensor images, int columns, string path, string[]? captions = null) =>
        ImageGrid.Render(images.Reshape(images.Size(0), 28, 28), columns, zoom: 2, captions: captions, sharedScale: true).Save(path);

    /// <summary>
    /// The denoising trajectory: for <paramref name="count"/> samples (rows) of a DDIM run over <paramref name="steps"/>
    /// steps, the noisy x_t at evenly spaced moments and, in a second block of rows, the model's guess x̂_0 at the same
    /// moments — the guess sharpens long before x_t stops looking like noise. Captions give the step t.
    /// </summary>
    public static void Trajectory(GaussianDiffusion diffusion, NoisePredictor model, int count, int steps, ulong seed, string path)
    {
        var taken = diffusion.Schedule.EvenlySpacedSteps(steps);
        const int Columns = 10;
        var keep = new HashSet<int>(Enumerable.Range(0, Columns).Select(i => taken[(int)Math.Round((double)(steps - 1) * (Columns - 1 - i) / (Columns - 1))]));
        var xs = new List<(int t, float[] x, float[] x0)>();
        diffusion.SampleDdim(model, [count, 1, 28, 28], taken, 0.0, new Generator(seed),
            onStep: (t, x, x0) => { if (keep.Contains(t)) xs.Add((t, DiffusionTraining.ToUnit(x).ToArray<float>(), DiffusionTraining.ToUnit(x0).ToArray<float>())); });
        var tiles = new float[2 * count * xs.Count * 784];
        var captions = new string[2 * count * xs.Count];
        for (int r = 0; r < count; r++)
            for (int c = 0; c < xs.Count; c++)
            {
                int a = r * xs.Count + c, b = (count + r) * xs.Count + c;
                Array.Copy(xs[c].x, r * 784, tiles, a * 784, 784);
                Array.Copy(xs[c].x0, r * 784, tiles, b * 784, 784);
                captions[a] = $"x t={xs[c].t}";
                captions[b] = $"x0^ t={xs[c].t}";
            }
        Grid(Tensor.FromArray(tiles, tiles.Length / 784, 1, 28, 28), xs.Count, path, captions);
    }
}
