namespace Glassbox.Models;

/// <summary>The 2×2, stride-2 sub-sampling of <see cref="LeNet5"/>.</summary>
public enum LeNet5Pooling
{
    /// <summary>Average pooling, the classic choice. LeCun et al. (1998) sum each 2×2 window and apply a trainable
    /// coefficient and bias before the squashing; the common adaptation drops those two parameters per map and
    /// keeps the plain average, which is what is counted here.</summary>
    Average,

    /// <summary>Max pooling, the modern substitute.</summary>
    Max,
}
