namespace Correlator.Detection.Ssa;

/// <summary>
/// The settings of a singular-spectrum-analysis model, named after ML.NET's SSA estimators:
/// the model is fitted on the last <see cref="TrainingWindowSize"/> values with lag vectors of
/// <see cref="SeasonalityWindowSize"/> values, and refitted every <see cref="RetrainInterval"/> values.
/// </summary>
public sealed record SsaOptions
{
    /// <summary>How many recent values the model is fitted on (ML.NET: trainingWindowSize).</summary>
    public int TrainingWindowSize { get; init; } = 256;

    /// <summary>The lag-vector length L; at least the longest season to follow (ML.NET: seasonalityWindowSize).</summary>
    public int SeasonalityWindowSize { get; init; } = 32;

    /// <summary>Refit the eigen decomposition after this many new values (bounded cost per value).</summary>
    public int RetrainInterval { get; init; } = 32;

    /// <summary>The most components kept, whatever their energy (ML.NET: maxRank); fewer are kept when
    /// the singular values above the noise level are fewer (rank selection).</summary>
    public int MaxRank { get; init; } = 8;

    /// <summary>How many recent residuals the kernel-density p-value is taken against (ML.NET: pvalueHistoryLength).</summary>
    public int PValueHistoryLength { get; init; } = 100;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (SeasonalityWindowSize < 2)
        {
            throw new ArgumentException($"{nameof(SeasonalityWindowSize)} must be at least 2, not {SeasonalityWindowSize}.");
        }

        if (TrainingWindowSize < 2 * SeasonalityWindowSize)
        {
            throw new ArgumentException($"{nameof(TrainingWindowSize)} ({TrainingWindowSize}) must be at least twice {nameof(SeasonalityWindowSize)} ({SeasonalityWindowSize}).");
        }

        if (RetrainInterval < 1)
        {
            throw new ArgumentException($"{nameof(RetrainInterval)} must be at least 1, not {RetrainInterval}.");
        }

        if (MaxRank < 1 || MaxRank >= SeasonalityWindowSize)
        {
            throw new ArgumentException($"{nameof(MaxRank)} must be from 1 to {SeasonalityWindowSize - 1}, not {MaxRank}.");
        }

        if (PValueHistoryLength < 2)
        {
            throw new ArgumentException($"{nameof(PValueHistoryLength)} must be at least 2, not {PValueHistoryLength}.");
        }
    }
}
