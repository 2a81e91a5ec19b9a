namespace Glassbox.ML.Preprocessing;

/// <summary>What an encoder does with a category it did not see in Fit (scikit-learn's <c>handle_unknown</c>); each
/// encoder accepts the members its scikit-learn counterpart does.</summary>
public enum HandleUnknown
{
    /// <summary>Transform throws, naming the column and the value.</summary>
    Error,

    /// <summary><see cref="OneHotEncoder"/>: the unknown value's indicator columns are all zero.</summary>
    Ignore,

    /// <summary><see cref="OrdinalEncoder"/>: the unknown value is encoded as <see cref="OrdinalEncoder.UnknownValue"/>.</summary>
    UseEncodedValue,
}
