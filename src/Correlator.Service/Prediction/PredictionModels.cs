using System.Globalization;
using Correlator.Prediction;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Prediction;

/// <summary>What scores now: a promoted model with its card, or the cold-start rule when there is none.</summary>
public sealed record LoadedScorer(IAnticipationScorer Scorer, ModelCard? Card, DateTimeOffset LoadedAt, string Note)
{
    public bool IsColdStart => Card is null;
}

/// <summary>
/// The scorer of the prediction stage: the registry's promoted model (loaded at start and on reload), or the
/// transparent cold-start rule while none is promoted or the promoted one cannot be loaded. A reload that fails,
/// or that finds a promoted model worse than the loaded one on their cards' held-out average precision, keeps the
/// loaded one. The swap is one reference write; the correlation loop reads it once per batch.
/// </summary>
public sealed class PredictionModels
{
    private readonly PredictionOptions _options;
    private readonly TimeProvider _clock;
    private readonly Lock _reloading = new();
    private volatile LoadedScorer _current;

    public PredictionModels(IOptions<PredictionOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _clock = clock;
        _current = ColdStart("no model loaded yet");
    }

    public LoadedScorer Current => _current;

    public string Directory => Path.GetFullPath(_options.ModelsDirectory);

    /// <summary>Loads the registry's promoted model unless it is the one loaded, or worse than it; returns what scores now.</summary>
    public LoadedScorer Reload()
    {
        lock (_reloading)
        {
            var registry = new ModelRegistry(_options.ModelsDirectory);
            var loaded = _current;
            int? version;
            try
            {
                version = registry.CurrentVersion();
            }
            catch (Exception error) when (error is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
            {
                return Keep(loaded, $"the registry pointer cannot be read: {error.Message}");
            }

            if (version is null)
            {
                return loaded.IsColdStart ? _current = ColdStart($"no promoted model in {Directory}") : Keep(loaded, $"no promoted model in {Directory}");
            }

            if (loaded.Card?.Version == version)
            {
                return loaded;
            }

            (AnticipationModel Model, ModelCard Card)? candidate;
            try
            {
                candidate = registry.LoadCurrent();
            }
            catch (Exception error) when (error is IOException or InvalidDataException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException or UnauthorizedAccessException or FormatException)
            {
                return Keep(loaded, $"model v{version} cannot be loaded: {error.Message}");
            }

            if (candidate is not { } next)
            {
                return Keep(loaded, "the registry has no model");
            }

            if (loaded.Card is { } old && next.Card.Validation.AveragePrecision < old.Validation.AveragePrecision)
            {
                next.Model.Dispose();
                return Keep(loaded, string.Create(CultureInfo.InvariantCulture, $"v{next.Card.Version} is worse on its card's held-out average precision ({next.Card.Validation.AveragePrecision:F3} < {old.Validation.AveragePrecision:F3})"));
            }

            var scorer = _options.ThresholdOverride is { } t ? new ThresholdScorer(next.Model, t) : (IAnticipationScorer)next.Model;
            return _current = new LoadedScorer(scorer, next.Card, _clock.GetUtcNow(), $"model v{next.Card.Version} promoted in {Directory}");
        }
    }

    private LoadedScorer Keep(LoadedScorer loaded, string reason) =>
        _current = loaded with { Note = (loaded.IsColdStart ? "cold-start rule kept: " : $"model v{loaded.Card?.Version} kept: ") + reason };

    private LoadedScorer ColdStart(string reason) =>
        new(new ColdStartRule(_options.ThresholdOverride ?? _options.ColdStartThreshold), null, _clock.GetUtcNow(), "cold-start rule: " + reason);

    /// <summary>A model whose threshold is replaced by the configured override.</summary>
    private sealed class ThresholdScorer(IAnticipationScorer inner, double threshold) : IAnticipationScorer
    {
        public string Method => inner.Method;

        public double Threshold => threshold;

        public AnticipationScore Score(float[] features) => inner.Score(features) with { Threshold = threshold };
    }
}
