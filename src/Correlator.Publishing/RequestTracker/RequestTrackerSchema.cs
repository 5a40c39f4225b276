using System.Text.Json.Nodes;

namespace Correlator.Publishing.RequestTracker;

/// <summary>Makes sure the queues and custom fields exist (creating them when allowed), once per connector.</summary>
internal sealed class RequestTrackerSchema(RequestTrackerClient rt, RequestTrackerOptions options)
{
    private readonly Lock _lock = new();
    private Task? _ready;

    /// <summary>Checks once; a failed or cancelled check is made again by the next caller.</summary>
    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = CheckAsync(cancellationToken);
            }

            return _ready;
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in new[] { options.IncidentQueue, options.ProblemQueue })
        {
            await EnsureQueueAsync(queue, cancellationToken).ConfigureAwait(false);
        }

        foreach (var field in new[] { options.IdField, options.PriorityField, options.ServiceField, options.ConfigurationItemField })
        {
            await EnsureFieldAsync(field, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureQueueAsync(string name, CancellationToken cancellationToken)
    {
        if (await rt.FindAsync($"queue/{Uri.EscapeDataString(name)}", cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        Require($"queue '{name}'");
        await rt.SendAsync(HttpMethod.Post, "queue", new JsonObject { ["Name"] = name, ["Description"] = "Created by Correlator" }, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureFieldAsync(string name, CancellationToken cancellationToken)
    {
        var found = await rt.SendAsync(HttpMethod.Post, "customfields", new JsonArray(new JsonObject { ["field"] = "Name", ["value"] = name }), cancellationToken).ConfigureAwait(false);
        if ((found?["count"]?.GetValue<int>() ?? 0) > 0)
        {
            return;
        }

        Require($"custom field '{name}'");
        // Queue 0 applies the field to tickets of every queue.
        await rt.SendAsync(HttpMethod.Post, "customfield", new JsonObject
        {
            ["Name"] = name,
            ["Type"] = "Freeform",
            ["MaxValues"] = 1,
            ["LookupType"] = "RT::Queue-RT::Ticket",
            ["Description"] = "Set by Correlator",
            ["Queue"] = 0,
        }, cancellationToken).ConfigureAwait(false);
    }

    private void Require(string what)
    {
        if (!options.CreateMissing)
        {
            throw new PublishException($"RT has no {what} and Publishing creates none (CreateMissing is false).", isPermanent: true);
        }
    }
}
