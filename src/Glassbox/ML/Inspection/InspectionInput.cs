namespace Glassbox.ML.Inspection;

/// <summary>The X check of the inspection tools: 2-D, copied to a fresh float64 array the tool may overwrite.</summary>
internal static class InspectionInput
{
    /// <summary>X's values row-major (a copy) with its shape; throws naming <paramref name="tool"/> unless X is 2-D with rows.</summary>
    public static (double[] Values, int Rows, int Cols) Matrix(Tensor x, string tool)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.NDim != 2 || x.Shape[0] < 1)
            throw new ArgumentException($"{tool}: X must be 2-D [n_samples, n_features] with at least one row, got shape {ShapeUtil.Format(x.ShapeArray)}", nameof(x));
        return ((double[])Input.Raw(x).Clone(), x.Shape[0], x.Shape[1]);
    }
}
