namespace Glassbox.Onnx;

/// <summary>
/// A model holds a module the exporter has no ONNX mapping for (or a setting of a supported module that has none, such
/// as a non-zero padding mode). The message names the module's type and its path in the model — the state-dict prefix,
/// e.g. <c>layer2.0.conv1</c> — so the culprit can be found in a large model.
/// </summary>
public sealed class UnsupportedModuleException : NotSupportedException
{
    /// <summary>Creates the exception for <paramref name="moduleType"/> at <paramref name="modulePath"/>.</summary>
    public UnsupportedModuleException(Type moduleType, string modulePath, string reason)
        : base($"ONNX export: {moduleType.Name} at '{(modulePath.Length == 0 ? "(root)" : modulePath)}' is not supported: {reason}")
    {
        ModuleType = moduleType;
        ModulePath = modulePath;
    }

    /// <summary>The unsupported module's type.</summary>
    public Type ModuleType { get; }

    /// <summary>Its path in the model: the dotted child names from the root ("" for the root itself).</summary>
    public string ModulePath { get; }
}
