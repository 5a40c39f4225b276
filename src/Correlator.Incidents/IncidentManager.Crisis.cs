using System.Globalization;
using Correlator.Domain;

namespace Correlator.Incidents;

public sealed partial class IncidentManager
{
    /// <summary>Crisis records of open major incidents, by incident id.</summary>
    public IReadOnlyDictionary<long, CrisisRecord> Crises => _crises;

    /// <summary>Opens the crisis record of an incident that became major, and ends it when the incident is resolved or closed.</summary>
    private void FollowCrisis(ManagedIncident managed, string by, string reason, DateTimeOffset at, ManagementChanges changes)
    {
        var id = managed.IncidentId;
        if (_crises.TryGetValue(id, out var crisis))
        {
            if (!managed.IsOpen)
            {
                _crises.Remove(id);
                _crisesChanged = true;
                changes.Put(crisis with { EndedAt = at });
                changes.Entries.Add(new ManagementEntry(id, at, "crisis", "Crisis ended: the incident is " + (managed.ClosedAt is null ? "resolved" : "closed")));
            }

            return;
        }

        if (!managed.Major || !managed.IsOpen)
        {
            return;
        }

        var cadence = _options.MajorIncident.UpdateEvery;
        var opened = new CrisisRecord
        {
            IncidentId = id,
            DeclaredAt = at,
            DeclaredBy = by,
            Reason = reason,
            Mobilised = [.. Mobilise(managed, at)],
            UpdateEvery = cadence,
            NextUpdateAt = at + cadence,
        };
        _crises[id] = opened;
        _crisesChanged = true;
        changes.Put(opened);
        var who = opened.Mobilised.Count == 0 ? "nobody configured" : string.Join(", ", opened.Mobilised);
        changes.Entries.Add(new ManagementEntry(id, at, "crisis",
            string.Create(CultureInfo.InvariantCulture, $"Crisis record opened by {by} ({reason}); mobilise: {who}; status update every {cadence}")));
        changes.Notices.Add(new EscalationNotice($"{id}:crisis:opened", id, at, managed.Priority, "crisis", who,
            $"Major incident {id} declared by {by}: {reason}. Mobilise {who}."));
    }

    private IEnumerable<string> Mobilise(ManagedIncident managed, DateTimeOffset at)
    {
        var levels = _options.MajorIncident.Mobilise.Count > 0
            ? _options.MajorIncident.Mobilise
            : ["on-call", "team-lead", .. _options.Contacts.Keys.Order(StringComparer.Ordinal)];
        foreach (var level in levels)
        {
            if (_escalation.Recipient(level, managed.Group, at) is { } recipient)
            {
                yield return $"{level}: {recipient}";
            }
        }
    }

    /// <summary>Reminds the status update of each crisis whose update fell due (once per missed period, not once per tick).</summary>
    private void RemindCrises(DateTimeOffset now, ManagementChanges changes)
    {
        List<CrisisRecord>? due = null;
        foreach (var crisis in _crises.Values)
        {
            if (crisis.NextUpdateAt <= now)
            {
                (due ??= []).Add(crisis);
            }
        }

        foreach (var crisis in due ?? [])
        {
            var periods = 1 + (long)((now - crisis.NextUpdateAt) / crisis.UpdateEvery);
            var reminder = crisis.Reminders + 1;
            var next = crisis with { Reminders = reminder, NextUpdateAt = crisis.NextUpdateAt + (crisis.UpdateEvery * periods) };
            _crises[crisis.IncidentId] = next;
            _crisesChanged = true;
            changes.Put(next);
            var priority = _open.TryGetValue(crisis.IncidentId, out var managed) ? managed.Priority : Priority.P1;
            var text = string.Create(CultureInfo.InvariantCulture, $"Status update {reminder} of major incident {crisis.IncidentId} is due; next at {next.NextUpdateAt:O}");
            changes.Entries.Add(new ManagementEntry(crisis.IncidentId, now, "crisis-reminder", text));
            changes.Notices.Add(new EscalationNotice(string.Create(CultureInfo.InvariantCulture, $"{crisis.IncidentId}:crisis:update:{reminder}"),
                crisis.IncidentId, now, priority, "crisis", string.Join(", ", crisis.Mobilised), text));
        }
    }
}
