using System.Globalization;
using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>Checks the <c>IncidentManagement</c> section and names every key at fault, e.g. <c>IncidentManagement:Sla:P1:Resolve</c>.</summary>
public static class IncidentManagementValidator
{
    private const string S = IncidentManagementOptions.SectionName;

    public static IReadOnlyList<string> Validate(IncidentManagementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckCatalogue(options, errors);
        CheckMatrix(options, errors);
        CheckRules(options, errors);
        CheckGroups(options, errors);
        CheckEscalation(options, errors);
        CheckSla(options, errors);
        CheckProblems(options.Problems, errors);
        CheckMajorIncident(options, errors);
        CheckKnownErrors(options, errors);
        return errors;
    }

    private static void CheckCatalogue(IncidentManagementOptions o, List<string> errors)
    {
        if (!Levels.TryParse(o.DefaultCriticality, out _))
        {
            errors.Add($"{S}:DefaultCriticality: '{o.DefaultCriticality}' is not High, Medium or Low.");
        }

        foreach (var (name, entry) in o.Services)
        {
            if (!Levels.TryParse(entry.Criticality, out _))
            {
                errors.Add($"{S}:Services:{name}:Criticality: '{entry.Criticality}' is not High, Medium or Low.");
            }

            if (entry.Calendar is { } calendar && !KnownCalendar(o, calendar))
            {
                errors.Add($"{S}:Services:{name}:Calendar: no calendar '{calendar}' under {S}:Calendars.");
            }
        }

        if (o.ImpactStepComponents < 1 || o.ImpactTwoStepsComponents < o.ImpactStepComponents)
        {
            errors.Add($"{S}:ImpactStepComponents ({o.ImpactStepComponents}) must be at least 1 and at most ImpactTwoStepsComponents ({o.ImpactTwoStepsComponents}).");
        }

        if (o.WarnAtFraction is <= 0 or >= 1 || double.IsNaN(o.WarnAtFraction))
        {
            errors.Add($"{S}:WarnAtFraction: {o.WarnAtFraction.ToString(CultureInfo.InvariantCulture)} must be between 0 and 1 (exclusive).");
        }
    }

    private static void CheckMatrix(IncidentManagementOptions o, List<string> errors)
    {
        if (o.Matrix.Count == 0)
        {
            return;
        }

        try
        {
            PriorityPolicy.ParseMatrix(o.Matrix);
        }
        catch (FormatException error)
        {
            errors.Add($"{S}:Matrix: {error.Message}");
        }
        catch (ArgumentException error)
        {
            errors.Add($"{S}:Matrix: {error.Message}");
        }
    }

    private static void CheckRules(IncidentManagementOptions o, List<string> errors)
    {
        for (int i = 0; i < o.Categories.Count; i++)
        {
            var rule = o.Categories[i];
            if (string.IsNullOrWhiteSpace(rule.Category))
            {
                errors.Add($"{S}:Categories:{i}:Category is required.");
            }

            if (rule.Match.Count == 0)
            {
                errors.Add($"{S}:Categories:{i}:Match needs at least one label.");
            }
        }

        for (int i = 0; i < o.Assignment.Count; i++)
        {
            var rule = o.Assignment[i];
            if (string.IsNullOrWhiteSpace(rule.Group))
            {
                errors.Add($"{S}:Assignment:{i}:Group is required.");
            }

            if (rule.Service is null && rule.Resource is null && rule.Category is null)
            {
                errors.Add($"{S}:Assignment:{i}: set at least one of Service, Resource, Category.");
            }
        }

        if (string.IsNullOrWhiteSpace(o.DefaultGroup))
        {
            errors.Add($"{S}:DefaultGroup is required.");
        }
    }

    private static void CheckGroups(IncidentManagementOptions o, List<string> errors)
    {
        foreach (var (name, group) in o.Groups)
        {
            var key = $"{S}:Groups:{name}";
            if (!TimeZones.TryFind(group.TimeZone, out _))
            {
                errors.Add($"{key}:TimeZone: unknown time zone '{group.TimeZone}'.");
            }

            if (!DateOnly.TryParseExact(group.RotationStart, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add($"{key}:RotationStart: '{group.RotationStart}' is not a date yyyy-MM-dd.");
            }

            if (group.RotationDays < 1)
            {
                errors.Add($"{key}:RotationDays must be at least 1.");
            }

            if (group.HandoverAt < TimeSpan.Zero || group.HandoverAt >= TimeSpan.FromDays(1))
            {
                errors.Add($"{key}:HandoverAt must be a time of day (00:00 to 23:59).");
            }

            for (int i = 0; i < group.Overrides.Count; i++)
            {
                var over = group.Overrides[i];
                if (over.To <= over.From || string.IsNullOrWhiteSpace(over.Member))
                {
                    errors.Add($"{key}:Overrides:{i}: needs a Member and To after From.");
                }
            }
        }
    }

    private static void CheckEscalation(IncidentManagementOptions o, List<string> errors)
    {
        foreach (var (priority, levels) in o.Escalation)
        {
            if (!TryPriority(priority, out _))
            {
                errors.Add($"{S}:Escalation:{priority}: key must be P1, P2, P3 or P4.");
            }

            for (int i = 0; i < levels.Count; i++)
            {
                var level = levels[i];
                var key = $"{S}:Escalation:{priority}:{i}";
                if (level.Clock is not ("acknowledge" or "resolve"))
                {
                    errors.Add($"{key}:Clock: '{level.Clock}' is not acknowledge or resolve.");
                }

                if (level.After <= TimeSpan.Zero)
                {
                    errors.Add($"{key}:After must be positive.");
                }

                if (level.Level is not ("on-call" or "team-lead") && !o.Contacts.ContainsKey(level.Level))
                {
                    errors.Add($"{key}:Level: '{level.Level}' is neither on-call, team-lead nor a key of {S}:Contacts.");
                }
            }
        }
    }

    private static void CheckSla(IncidentManagementOptions o, List<string> errors)
    {
        foreach (var (priority, target) in o.Sla)
        {
            CheckTarget(o, $"{S}:Sla:{priority}", priority, target, errors);
        }

        foreach (var (service, targets) in o.ServiceSla)
        {
            foreach (var (priority, target) in targets)
            {
                CheckTarget(o, $"{S}:ServiceSla:{service}:{priority}", priority, target, errors);
            }
        }

        foreach (var (name, hours) in o.Calendars)
        {
            var key = $"{S}:Calendars:{name}";
            if (!TimeZones.TryFind(hours.TimeZone, out _))
            {
                errors.Add($"{key}:TimeZone: unknown time zone '{hours.TimeZone}'.");
            }

            if (hours.Start < TimeSpan.Zero || hours.End > TimeSpan.FromDays(1) || hours.End <= hours.Start)
            {
                errors.Add($"{key}: Start must be before End, both within the day.");
            }

            foreach (var holiday in hours.Holidays)
            {
                if (!DateOnly.TryParseExact(holiday, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add($"{key}:Holidays: '{holiday}' is not a date yyyy-MM-dd.");
                }
            }
        }
    }

    private static void CheckTarget(IncidentManagementOptions o, string key, string priority, SlaTarget target, List<string> errors)
    {
        if (!TryPriority(priority, out _))
        {
            errors.Add($"{key}: key must be P1, P2, P3 or P4.");
        }

        if (target.Acknowledge <= TimeSpan.Zero || target.Resolve < target.Acknowledge)
        {
            errors.Add($"{key}: Acknowledge must be positive and Resolve at least Acknowledge.");
        }

        if (target.Calendar is { } calendar && !KnownCalendar(o, calendar))
        {
            errors.Add($"{key}:Calendar: no calendar '{calendar}' under {S}:Calendars.");
        }
    }

    private static void CheckProblems(ProblemMiningOptions p, List<string> errors)
    {
        if (p.MinOccurrences < 2)
        {
            errors.Add($"{S}:Problems:MinOccurrences must be at least 2.");
        }

        if (p.Window <= TimeSpan.Zero)
        {
            errors.Add($"{S}:Problems:Window must be positive.");
        }

        foreach (var field in p.Signature)
        {
            if (!IncidentSignature.Fields.Contains(field))
            {
                errors.Add($"{S}:Problems:Signature: unknown field '{field}' (known: {string.Join(", ", IncidentSignature.Fields)}).");
            }
        }

        if (p.TitleSimilarity is < 0 or > 1 || double.IsNaN(p.TitleSimilarity))
        {
            errors.Add($"{S}:Problems:TitleSimilarity must be from 0 to 1.");
        }

        if (p.MaxSignatures < 1)
        {
            errors.Add($"{S}:Problems:MaxSignatures must be at least 1.");
        }

        if (p.MaxIncidents != 0 && p.MaxIncidents < Math.Max(2, p.MinOccurrences))
        {
            errors.Add($"{S}:Problems:MaxIncidents must be 0 (no cap) or at least MinOccurrences ({p.MinOccurrences}).");
        }

        if (p.MaxSpan < TimeSpan.Zero)
        {
            errors.Add($"{S}:Problems:MaxSpan must not be negative.");
        }
    }

    private static bool KnownCalendar(IncidentManagementOptions o, string name) => name == BusinessCalendar.AlwaysName || o.Calendars.ContainsKey(name);

    internal static bool TryPriority(string text, out Priority priority) =>
        Enum.TryParse(text, ignoreCase: true, out priority) && Enum.IsDefined(priority) && text.StartsWith('P');

    private static void CheckMajorIncident(IncidentManagementOptions o, List<string> errors)
    {
        if (o.MajorIncident.UpdateEvery < TimeSpan.FromMinutes(1))
        {
            errors.Add($"{S}:MajorIncident:UpdateEvery: {o.MajorIncident.UpdateEvery} must be at least one minute.");
        }

        for (int i = 0; i < o.MajorIncident.Mobilise.Count; i++)
        {
            var level = o.MajorIncident.Mobilise[i];
            if (level is not ("on-call" or "team-lead") && !o.Contacts.ContainsKey(level))
            {
                errors.Add($"{S}:MajorIncident:Mobilise:{i}: '{level}' is not on-call, team-lead or a key of {S}:Contacts.");
            }
        }
    }

    private static void CheckKnownErrors(IncidentManagementOptions o, List<string> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < o.KnownErrors.Count; i++)
        {
            var entry = o.KnownErrors[i];
            var key = $"{S}:KnownErrors:{i}";
            if (string.IsNullOrWhiteSpace(entry.Id) || !ids.Add(entry.Id))
            {
                errors.Add($"{key}:Id: '{entry.Id}' must be set and unique.");
            }

            if (entry.Match.Count == 0 && entry.Service is null && entry.Category is null)
            {
                errors.Add($"{key}:Match: a known error needs a signature (Match labels, Service or Category).");
            }

            if (string.IsNullOrWhiteSpace(entry.Workaround))
            {
                errors.Add($"{key}:Workaround: must be set.");
            }

            if (string.IsNullOrWhiteSpace(entry.Owner))
            {
                errors.Add($"{key}:Owner: must be set.");
            }

            if (KnownErrorLibrary.ReviewDay(entry) is null)
            {
                errors.Add($"{key}:ReviewBy: '{entry.ReviewBy}' is not a date (yyyy-MM-dd).");
            }
        }
    }
}
