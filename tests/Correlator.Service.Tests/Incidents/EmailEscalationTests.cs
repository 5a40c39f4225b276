using Correlator.Domain;
using Correlator.Incidents;
using Correlator.Publishing;
using Correlator.Publishing.Email;
using Correlator.Service.Incidents;
using Correlator.Storage;
using Correlator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Service.Tests.Incidents;

/// <summary>
/// Escalation by e-mail end to end: the stage (time from a <see cref="FakeTimeProvider"/>) escalates a P1 nobody
/// acknowledged, the notice goes through the outbox, and the e-mail connector sends it to a real SMTP server (aiosmtpd).
/// </summary>
public sealed class EmailEscalationTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("mail-stage");
    private readonly FakeTimeProvider _clock = new(Some.T0);
    private SqliteStore _store = null!;
    private IncidentStage _stage = null!;
    private SmtpTestServer? _smtp;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SmtpTestServer Smtp => _smtp ?? throw new InvalidOperationException(SmtpTestServer.NotInstalledMessage);

    public async ValueTask InitializeAsync()
    {
        if (SmtpTestServer.IsInstalled)
        {
            _smtp = await SmtpTestServer.StartAsync(Ct);
        }

        _store = await SqliteStore.OpenAsync(new StorageOptions { DataDirectory = _data.Path }, Ct);
        _store.AddOutboxRoute(new OutboxRoute("mail", IncidentEffects.Derive, kind => ManagementEffects.Kinds.Contains(kind)));
        _stage = new IncidentStage(_store, Options.Create(IncidentStageTests.Policies()), Options.Create(new IncidentStageOptions { AdvanceWithClock = false }), _clock, NullLogger<IncidentStage>.Instance);
        await _stage.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _stage.Dispose();
        await _store.DisposeAsync();
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }

        _data.Dispose();
    }

    private EmailOptions Mail() => new()
    {
        Host = "127.0.0.1",
        Port = Smtp.Port,
        From = "correlator@example.org",
        To = ["noc@example.org"],
        LevelRecipients = { ["team-lead"] = ["lena@example.org"] },
        Timeout = TimeSpan.FromSeconds(5),
    };

    private OutboxPublisher Publisher(EmailOptions options) => new(_store, new EmailConnector("mail", options), new PublisherOptions
    {
        PollInterval = TimeSpan.FromMilliseconds(20),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryAttempts = 1,
        DeferAfterFailure = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    }, TimeProvider.System, NullLogger.Instance);

    /// <summary>A P1 on payments at T0, then 16 minutes without acknowledgement: the team lead is due a notice.</summary>
    private async Task EscalateP1Async()
    {
        var signal = Some.Alert(name: "Errors", service: "payments", resource: "pay-1", severity: Severity.Critical);
        var changes = new ChangeSet { Watermark = Some.T0, LastIncidentId = 1 };
        changes.Put(Some.OpenIncident(1, signal), null);
        changes.Put(new SignalState(signal, Some.T0, Some.T0, 1, 1));
        await _store.CommitAsync(changes, Ct);
        _stage.OnCommitted(changes);
        await _stage.ProcessPendingAsync(Ct);
        _clock.Advance(TimeSpan.FromMinutes(16));
        await _stage.AdvanceAsync(_clock.GetUtcNow(), Ct);
    }

    private async Task<int> PendingAsync() => (await _store.ListOutboxAsync(OutboxStatus.Pending, "mail", 100, Ct)).Count;

    private async Task DrainAsync(OutboxPublisher publisher)
    {
        for (var i = 0; i < 100 && await PendingAsync() > 0; i++)
        {
            await publisher.DrainOnceAsync(Ct);
            await Task.Delay(60, Ct);
        }
    }

    /// <summary>The text of a single-part message as received: base64 or quoted-printable decoded.</summary>
    private static string Body(string message)
    {
        var split = message.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var (headers, body) = (message[..split], message[(split + 4)..]);
        if (headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c)))));
        }

        if (headers.Contains("Content-Transfer-Encoding: quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            var joined = body.Replace("=\r\n", "", StringComparison.Ordinal);
            var bytes = new List<byte>();
            for (var i = 0; i < joined.Length; i++)
            {
                if (joined[i] == '=' && i + 2 < joined.Length)
                {
                    bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    bytes.Add((byte)joined[i]);
                }
            }

            return System.Text.Encoding.UTF8.GetString([.. bytes]);
        }

        return body;
    }

    [Fact]
    public async Task Escalation_UnacknowledgedP1_MailsTheTeamLeadWithSubjectAndReason()
    {
        Assert.SkipUnless(SmtpTestServer.IsInstalled, SmtpTestServer.NotInstalledMessage);
        await EscalateP1Async();

        await DrainAsync(Publisher(Mail()));

        var mails = await Smtp.WaitForAsync(1, TimeSpan.FromSeconds(10), Ct);
        var problems = (await _store.ListOutboxAsync(OutboxStatus.Parked, "mail", 100, Ct)).Concat(await _store.ListOutboxAsync(OutboxStatus.Pending, "mail", 100, Ct))
            .Select(e => $"{e.Effect.Kind} {e.Status}: {e.Error}");
        Assert.True(mails.Count > 0, "No mail arrived; outbox: " + string.Join(" | ", problems) + "\n" + Smtp.ReadLog());
        var mail = Assert.Single(mails, m => m.Contains("escalation to team-lead", StringComparison.Ordinal));
        var crisis = Assert.Single(mails, m => m.Contains("escalation to crisis", StringComparison.Ordinal));
        Assert.Contains("X-Envelope-To: noc@example.org", crisis, StringComparison.Ordinal);
        Assert.Contains("X-Envelope-To: lena@example.org", mail, StringComparison.Ordinal);
        Assert.Contains("To: lena@example.org", mail, StringComparison.Ordinal);
        Assert.Contains("Subject: [Correlator] P1 incident 1: escalation to team-lead", mail, StringComparison.Ordinal);
        var body = Body(mail);
        Assert.Contains("Notify team-lead (lena)", body, StringComparison.Ordinal);
        Assert.Contains("Service: payments", body, StringComparison.Ordinal);
        Assert.Equal(0, await PendingAsync());
    }

    [Fact]
    public async Task Escalation_SmtpServerDown_OutboxKeepsTheNoticeAndSendsItWhenTheServerIsBack()
    {
        Assert.SkipUnless(SmtpTestServer.IsInstalled, SmtpTestServer.NotInstalledMessage);
        await EscalateP1Async();
        await Smtp.StopAsync();
        var publisher = Publisher(Mail());

        // Rows of one incident go in order, one per pass: drain until the first notice has failed.
        IReadOnlyList<OutboxEntry> pending = [];
        for (var i = 0; i < 100 && !pending.Any(e => e.Effect.Kind == OutboxKinds.Escalated && e.Error is not null); i++)
        {
            await publisher.DrainOnceAsync(Ct);
            pending = await _store.ListOutboxAsync(OutboxStatus.Pending, "mail", 100, Ct);
        }

        Assert.Contains(pending, e => e.Effect.Kind == OutboxKinds.Escalated && e.Error is not null && e.Error.Contains("SMTP", StringComparison.Ordinal));
        Assert.Empty(await _store.ListOutboxAsync(OutboxStatus.Parked, "mail", 100, Ct));
        Assert.Empty(Smtp.Messages());

        await Smtp.RestartAsync(Ct);
        await DrainAsync(publisher);

        var mails = await Smtp.WaitForAsync(1, TimeSpan.FromSeconds(10), Ct);
        Assert.Single(mails, m => m.Contains("escalation to team-lead", StringComparison.Ordinal));
        Assert.Equal(0, await PendingAsync());
    }
}
