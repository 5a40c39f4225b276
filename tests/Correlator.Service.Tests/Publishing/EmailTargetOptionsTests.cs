using Correlator.Publishing.Email;
using Correlator.Service.Publishing;

namespace Correlator.Service.Tests.Publishing;

/// <summary>The <c>email</c> target's settings are checked at start, each error naming its key.</summary>
public sealed class EmailTargetOptionsTests
{
    private static PublishingOptions With(EmailOptions? email) => new()
    {
        Targets = { ["mail"] = new PublishingTargetOptions { Type = "email", Email = email } },
    };

    [Fact]
    public void Validate_GoodEmailTarget_Succeeds()
    {
        var result = new PublishingOptionsValidator().Validate(null, With(new EmailOptions
        {
            Host = "127.0.0.1", Port = 2525, From = "correlator@example.org", LevelRecipients = { ["team-lead"] = ["lead@example.org"] },
        }));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_BadEmailTarget_NamesEachKeyAtFault()
    {
        var result = new PublishingOptionsValidator().Validate(null, With(new EmailOptions
        {
            Host = "", Port = 0, From = "not-an-address", UserName = "correlator", To = ["ops"], Timeout = TimeSpan.Zero,
        }));
        var missing = new PublishingOptionsValidator().Validate(null, With(null));

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Publishing:Targets:mail:Email:Host", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Publishing:Targets:mail:Email:Port", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Publishing:Targets:mail:Email:From", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Publishing:Targets:mail:Email:Timeout", StringComparison.Ordinal));
        Assert.Contains("Publishing:Targets:mail:Email: UserName and Password go together: set both or neither.", failures);
        Assert.Contains("Publishing:Targets:mail:Email: To holds 'ops', which is not an e-mail address.", failures);
        Assert.Contains("Publishing:Targets:mail:Email is required for a target of type email.", missing.Failures!);
    }

    [Fact]
    public void Recipients_LevelAddressesElseDefault_PlusARecipientThatIsOneAddress()
    {
        var options = new EmailOptions { From = "c@example.org", To = ["noc@example.org"], LevelRecipients = { ["team-lead"] = ["lead@example.org"] } };
        Correlator.Domain.IncidentEffect Notice(string level, string? recipient) => new()
        {
            IncidentId = 1, Title = "t", State = "new", Priority = "P1", Impact = "high", Urgency = "high", Severity = "critical",
            OpenedAt = default, UpdatedAt = default, NoticeLevel = level, NoticeRecipient = recipient,
        };

        Assert.Equal(["lead@example.org"], EmailConnector.Recipients(Notice("team-lead", "lena"), options));
        Assert.Equal(["noc@example.org", "im@example.org"], EmailConnector.Recipients(Notice("incident-manager", "im@example.org"), options));
        Assert.Equal(["noc@example.org"], EmailConnector.Recipients(Notice("crisis", "on-call: bo, incident-manager: im@example.org"), options));
    }
}
