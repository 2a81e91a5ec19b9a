namespace Glassbox.ML;

/// <summary>A predictor of real values (<c>RegressorMixin</c>).</summary>
public interface IRegressor : IPredictor { }
