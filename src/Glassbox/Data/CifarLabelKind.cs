namespace Glassbox.Data;

/// <summary>Which of CIFAR-100's two labels a loader returns.</summary>
public enum CifarLabelKind
{
    /// <summary>The 100 fine classes (apple, aquarium_fish, …), the usual CIFAR-100 benchmark.</summary>
    Fine,

    /// <summary>The 20 superclasses (aquatic_mammals, fish, …), each grouping five fine classes.</summary>
    Coarse,
}
