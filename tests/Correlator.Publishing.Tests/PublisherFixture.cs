using Correlator.Domain;
using Correlator.Storage;
using Correlator.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Correlator.Publishing.Tests;

/// <summary>A real store in a temp folder with one outbox route, and helpers to commit incident changes into it.</summary>
public sealed class PublisherFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly Dictionary<long, Incident> _incidents = [];

    private PublisherFixture(TempDirectory directory, SqliteStore store, string target)
    {
        _directory = directory;
        Store = store;
        Target = target;
    }

    public SqliteStore Store { get; }

    public string Target { get; }

    public static async Task<PublisherFixture> CreateAsync(string target, CancellationToken cancellationToken)
    {
        var directory = new TempDirectory("publishing");
        var store = await SqliteStore.OpenAsync(new StorageOptions { DataDirectory = directory.Path }, cancellationToken);
        store.AddOutboxRoute(new OutboxRoute(target, IncidentEffects.Derive, kind => kind is OutboxKinds.ProblemCreate or OutboxKinds.Managed or OutboxKinds.Escalated));
        return new PublisherFixture(directory, store, target);
    }

    /// <summary>Fast retries so tests do not wait: the behaviour is the same, the delays are shorter.</summary>
    public static PublisherOptions FastOptions() => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(20),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromSeconds(2),
        MaxRetryAttempts = 3,
        DeferAfterFailure = TimeSpan.FromMilliseconds(100),
        BreakDuration = TimeSpan.FromSeconds(0.5),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    public OutboxPublisher Publisher(IConnector connector, PublisherOptions? options = null) =>
        new(Store, connector, options ?? FastOptions(), TimeProvider.System, NullLogger.Instance);

    /// <summary>Opens an incident with one signal and commits it.</summary>
    public Task<Incident> OpenAsync(long id, string name = "HighLatency", string service = "checkout", string resource = "web-1")
    {
        var signal = Some.Alert(name: name, service: service, resource: resource, fingerprint: $"fp-{id}-0");
        var incident = Incident.Open(id, "service=" + service, signal, "group by service", Some.At(0));
        return CommitAsync(incident, null, [signal]);
    }

    /// <summary>Applies a change to an incident and commits it with the signals given.</summary>
    public Task<Incident> ChangeAsync(long id, Func<Incident, Incident> change, IReadOnlyList<Signal>? signals = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        var before = _incidents[id];
        return CommitAsync(change(before), before, signals ?? []);
    }

    /// <summary>Attaches a new signal (a new fingerprint) to the incident.</summary>
    public Task<Incident> AttachAsync(long id, int n, int at)
    {
        var signal = Some.Alert(name: $"Errors{n}", resource: $"web-{n}", at: at, fingerprint: $"fp-{id}-{n}");
        return ChangeAsync(id, i => i.Attach(signal, "same service", Some.At(at)), [signal]);
    }

    private async Task<Incident> CommitAsync(Incident incident, Incident? before, IReadOnlyList<Signal> signals)
    {
        var changes = new ChangeSet { Watermark = incident.UpdatedAt, LastIncidentId = Math.Max(incident.Id, _incidents.Keys.DefaultIfEmpty().Max()) };
        changes.Put(incident, before);
        foreach (var signal in signals)
        {
            changes.Put(new SignalState(signal, signal.EventTime, signal.EventTime, 1, incident.Id));
        }

        await Store.CommitAsync(changes, TestContext.Current.CancellationToken);
        _incidents[incident.Id] = incident;
        return incident;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _directory.Dispose();
    }
}
