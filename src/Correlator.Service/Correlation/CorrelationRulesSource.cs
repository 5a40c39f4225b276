using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Correlation;

/// <summary>
/// The rules and topology in force for the service. A reload that finds invalid files keeps the rules in force
/// and records the errors; a valid one swaps the whole set in, and the correlation loop picks it up between
/// two batches (by <see cref="Version"/>).
/// </summary>
internal sealed partial class CorrelationRulesSource
{
    private readonly RuleFilesOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<CorrelationRulesSource> _logger;
    private readonly Lock _lock = new();
    private Loaded _loaded;

    public CorrelationRulesSource(IOptions<RuleFilesOptions> options, TimeProvider clock, ILogger<CorrelationRulesSource> logger)
    {
        _options = options.Value;
        _clock = clock;
        _logger = logger;

        // Start-up: invalid files stop the service (ConfigurationCheck reports them before anything starts).
        var (rules, topology, hash) = RuleFiles.Load(_options);
        _loaded = new Loaded(rules, topology, hash, 1, _clock.GetUtcNow(), null);
    }

    public RuleFilesOptions Options => _options;

    public RuleSet Rules => Volatile.Read(ref _loaded).Rules;

    public TopologyGraph Topology => Volatile.Read(ref _loaded).Topology;

    /// <summary>Grows by one at each successful reload that changed something.</summary>
    public int Version => Volatile.Read(ref _loaded).Version;

    public DateTimeOffset LoadedAt => Volatile.Read(ref _loaded).At;

    /// <summary>The errors of the last reload attempt when it failed (the rules in force stayed), else null.</summary>
    public IReadOnlyList<RuleError>? LastErrors => Volatile.Read(ref _loaded).Errors;

    /// <summary>Re-reads the files; returns true when new rules are now in force.</summary>
    public bool Reload()
    {
        lock (_lock)
        {
            var current = _loaded;
            try
            {
                if (RuleFiles.HashOf(_options) == current.Hash && current.Errors is null)
                {
                    return false;
                }

                var (rules, topology, hash) = RuleFiles.Load(_options);
                Volatile.Write(ref _loaded, new Loaded(rules, topology, hash, current.Version + 1, _clock.GetUtcNow(), null));
                LogReloaded(rules.Count, rules.Origin, topology.NodeCount, topology.EdgeCount);
                return true;
            }
            catch (RuleFileException error)
            {
                if (current.Errors is null || !current.Errors.SequenceEqual(error.Errors))
                {
                    LogReloadRefused(error.Message);
                }

                Volatile.Write(ref _loaded, current with { Errors = error.Errors });
                return false;
            }
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Correlation rules reloaded: {Rules} rules from {Origin}, topology of {Nodes} nodes and {Edges} edges")]
    private partial void LogReloaded(int rules, string origin, int nodes, int edges);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Correlation rule files changed but are invalid; the rules in force are kept: {Errors}")]
    private partial void LogReloadRefused(string errors);

    private sealed record Loaded(RuleSet Rules, TopologyGraph Topology, string Hash, int Version, DateTimeOffset At, IReadOnlyList<RuleError>? Errors);
}
