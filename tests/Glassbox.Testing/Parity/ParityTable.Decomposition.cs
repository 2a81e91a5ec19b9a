using System.Text.Json.Nodes;
using Glassbox.ML.Decomposition;
using Glassbox.ML.Options;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// PCA rows: each fixture case (sklearn svd_solver="full") refitted with every Glassbox solver that applies.
    /// </summary>
    /// <remarks>
    /// Tolerances, relative to the scale of the quantity: "full" (one-sided Jacobi) 1e-8 on components and
    /// 1e-10 on variances — both sides are backward stable SVDs, so they agree to ~1e-13 except for components
    /// whose singular-value gap is small. "covariance_eigh" forms X̃ᵀX̃, which squares the condition number: the same
    /// 1e-8/1e-10 holds for the kept (well-separated) components here. "randomized" (q power iterations) is compared
    /// with the exact answer at 1e-6 (components) / 1e-8 (variances): its error decays like (σ_{l+1}/σ_k)^(2q+2).
    /// Components of (numerically) zero singular values are arbitrary in any solver and are left out.
    /// </remarks>
    internal static List<ParityRow> DecompositionRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        var sets = (JsonObject)root["datasets"]!;
        foreach (var c in SklearnFixture.Cases(root))
        {
            var data = c["data"]!.GetValue<string>();
            var x = Fixtures.Tensor(sets[data]);
            var ps = (JsonObject)c["params"]!;
            double? nc = ps["n_components"] is JsonNode n ? n.GetValue<double>() : null;
            bool whiten = ps["whiten"] is JsonNode w && w.GetValue<bool>();
            bool fractional = nc is > 0 and < 1;
            var solvers = new List<SvdSolver> { SvdSolver.Full, SvdSolver.CovarianceEigh };
            // randomized only where the spectrum decays fast enough for q power iterations to resolve the kept components
            if (!fractional && nc is not null && data is "tall" or "wine") solvers.Add(SvdSolver.Randomized);
            var sv = Fixtures.Tensor(c["singular_values"]).ToDoubleArray();
            int keep = sv.Count(s => s > 1e-8 * sv[0]); // components with a defined direction
            int f = x.Shape[1];
            foreach (var solver in solvers)
            {
                var m = new PCA(nc, whiten, solver, randomState: 7).Fit(x);
                var desc = Describe(c, $"PCA[{SklearnNames.Of(solver)}]", data);
                double tc = solver == SvdSolver.Randomized ? 1e-6 : 1e-8, tv = solver == SvdSolver.Randomized ? 1e-8 : 1e-10;
                rows.Add(Row(desc, "n_components", m.NComponentsFitted, D(c, "n_components"), 0));
                var comp = m.Components.Narrow(0, 0, Math.Min(keep, m.NComponentsFitted));
                var theirs = Fixtures.Tensor(c["components"]).Narrow(0, 0, Math.Min(keep, m.NComponentsFitted));
                rows.Add(Row(desc, "components", comp, theirs, tc));
                double evScale = Fixtures.Tensor(c["explained_variance"]).ToDoubleArray().Max();
                rows.Add(Row(desc, "explained_variance", m.ExplainedVariance, Fixtures.Tensor(c["explained_variance"]), tv * evScale));
                rows.Add(Row(desc, "explained_variance_ratio", m.ExplainedVarianceRatio, Fixtures.Tensor(c["explained_variance_ratio"]), tv));
                var svOurs = m.SingularValues;
                var svTheirs = Fixtures.Tensor(c["singular_values"]);
                int definedSv = Math.Min(keep, svOurs.Shape[0]);
                if (solver == SvdSolver.CovarianceEigh && definedSv < svOurs.Shape[0])
                {
                    // The defined singular values keep the shared tolerance (first-order |σ̂ − σ| ≤ δ / 2σ, far below
                    // it for σ ≥ 1e-8·σ₁ here). The null-space ones are sqrt(max(λ̂, 0)) of eigenvalues that are pure
                    // rounding noise of size δ, so they come out as ≈ √δ, not ≈ ε·σ₁ as in an SVD: see NullSpaceSingularValueBound.
                    rows.Add(Row(desc, "singular_values", svOurs.Narrow(0, 0, definedSv), svTheirs.Narrow(0, 0, definedSv), tv * sv[0]));
                    rows.Add(Row(desc, "singular_values (null space)", svOurs.Narrow(0, definedSv, svOurs.Shape[0] - definedSv),
                        svTheirs.Narrow(0, definedSv, svOurs.Shape[0] - definedSv), NullSpaceSingularValueBound(x, sv)));
                }
                else rows.Add(Row(desc, "singular_values", svOurs, svTheirs, tv * sv[0]));
                rows.Add(Row(desc, "mean", m.Mean, Fixtures.Tensor(c["mean"]), 1e-12 * Scale(c["mean"])));
                rows.Add(Row(desc, "noise_variance", m.NoiseVariance, D(c, "noise_variance"), tv * evScale));
                if (keep >= m.NComponentsFitted)
                {
                    double zs = Scale(c["transform"]);
                    rows.Add(Row(desc, "transform", m.Transform(x), Fixtures.Tensor(c["transform"]), tc * zs * f));
                    rows.Add(Row(desc, "inverse_transform", m.InverseTransform(m.Transform(x)), Fixtures.Tensor(c["inverse_transform"]), tc * Scale(c["inverse_transform"]) * f));
                }
            }
        }
        return rows;
    }

    /// <summary>
    /// How far covariance_eigh may put a zero singular value: √δ with δ = (n + p)·ε·Σσᵢ².
    /// </summary>
    /// <remarks>
    /// covariance_eigh forms C = X̃ᵀX̃ (n × p data) and returns σ̂ᵢ = √max(λ̂ᵢ, 0). Forming C in floating point
    /// perturbs it by at most n·ε·‖X̃‖²_F, and a backward-stable eigh adds p·ε·‖C‖₂ ≤ p·ε·‖X̃‖²_F, so by Weyl's
    /// inequality |λ̂ᵢ − λᵢ| ≤ δ = (n + p)·ε·Σσᵢ² for every i. For σᵢ = 0 this gives σ̂ᵢ ≤ √δ: the error is the
    /// square root of the rounding noise (κ² in the eigenvalue, κ in the singular value), which is why the SVD-based
    /// tolerance ε-times-σ₁ cannot hold for this solver. The size of the noise depends on the summation order of the
    /// GEMM that forms C, which differs between the AVX-512, AVX2 and 128-bit kernels; the bound covers them all.
    /// </remarks>
    private static double NullSpaceSingularValueBound(Tensor x, double[] singularValues)
    {
        double sumSq = singularValues.Sum(s => s * s);
        return Math.Sqrt((x.Shape[0] + x.Shape[1]) * Math.Pow(2, -52) * sumSq);
    }
}
