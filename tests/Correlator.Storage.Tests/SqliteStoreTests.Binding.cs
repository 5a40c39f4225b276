using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

/// <summary>Text bound in place (RawStatement's native buffer, SQLITE_STATIC): what is read back is what was written, in both insert modes.</summary>
public sealed partial class SqliteStoreTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CommitAsync_EmptyLongAndNonAsciiText_ReadsBackTheSameValues(bool multiRow)
    {
        _options.MultiRowInserts = multiRow;
        await OpenAsync();
        // Longer than a buffer chunk (64 KiB), so a row's values span two chunks; '' must stay '' (not NULL).
        var longValue = new string('x', 70_000) + "é";
        var plain = Some.Alert(service: "checkout") with { Summary = string.Empty, Resource = "ünïcødé-ホスト" };
        var large = Some.Alert(service: "billing", name: "Big") with
        {
            Summary = longValue,
            Labels = LabelSet.From(("alertname", "Big"), ("service", "billing"), ("blob", longValue)),
        };
        var incident = Open(1, plain).Attach(large, "same service", Some.At(0));
        var changes = new ChangeSet { LastIncidentId = 1 };
        changes.Put(incident, null);
        changes.Put(State(plain, 1));
        changes.Put(State(large, 1));

        await CommitAsync(changes);

        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM signals WHERE summary = '' AND typeof(summary) = 'text'"));
        var detail = await Store.GetIncidentAsync(1, Ct);
        Assert.NotNull(detail);
        Assert.Equal(State(plain, 1), detail.Signals.Single(s => s.Fingerprint == plain.Fingerprint));
        Assert.Equal(State(large, 1), detail.Signals.Single(s => s.Fingerprint == large.Fingerprint));
        Assert.Equal(incident.Links, detail.Incident.Links);
    }
}
