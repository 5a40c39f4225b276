using Correlator.Publishing.RequestTracker;
using Correlator.Publishing.ServiceNow;
using Correlator.Publishing.Webhooks;
using Correlator.Service.Publishing;

namespace Correlator.Service.Tests.Publishing;

public sealed class TicketLinksTests
{
    private static readonly PublishingOptions Options = new()
    {
        Targets =
        {
            ["rt"] = new PublishingTargetOptions { Type = "rt", RequestTracker = new RequestTrackerOptions { Url = new Uri("http://rt.example:8080/") } },
            ["rt-sub"] = new PublishingTargetOptions { Type = "rt", RequestTracker = new RequestTrackerOptions { Url = new Uri("https://itsm.example/rt/") } },
            ["now"] = new PublishingTargetOptions { Type = "servicenow", ServiceNow = new ServiceNowOptions { Url = new Uri("https://acme.service-now.example/") } },
            ["hook"] = new PublishingTargetOptions { Type = "webhook", Webhook = new WebhookOptions { Url = new Uri("https://hooks.example/in") } },
        },
    };

    [Theory]
    [InlineData("rt", "42", "http://rt.example:8080/Ticket/Display.html?id=42")]
    [InlineData("rt-sub", "7", "https://itsm.example/rt/Ticket/Display.html?id=7")]
    [InlineData("now", "9d385017c611228701d22104cc95c371", "https://acme.service-now.example/incident.do?sys_id=9d385017c611228701d22104cc95c371")]
    [InlineData("now", "a b&c", "https://acme.service-now.example/incident.do?sys_id=a%20b%26c")]
    [InlineData("hook", "https://tickets.example/T-1", "https://tickets.example/T-1")]
    public void UrlOf_TargetTypeWithATicketPage_GivesItsAddress(string target, string reference, string expected) =>
        Assert.Equal(expected, TicketLinks.UrlOf(Options, target, reference));

    [Theory]
    [InlineData("hook", "T-1")]
    [InlineData("unknown", "42")]
    [InlineData("hook", "javascript:alert(1)")]
    public void UrlOf_NoTicketPage_GivesNull(string target, string reference) =>
        Assert.Null(TicketLinks.UrlOf(Options, target, reference));
}
