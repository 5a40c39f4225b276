using System.Globalization;
using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// Impact from the service's business criticality, raised by the breadth of affected components; urgency
/// from the worst severity, raised one step while the incident is getting worse; priority from the
/// configured matrix.
/// </summary>
public sealed class PriorityPolicy
{
    private readonly IncidentManagementOptions _options;
    private readonly Impact _defaultCriticality;

    public PriorityPolicy(IncidentManagementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Matrix = options.Matrix.Count == 0 ? PriorityMatrix.Default : ParseMatrix(options.Matrix);
        _defaultCriticality = Levels.TryParse(options.DefaultCriticality, out var level) ? level : Impact.Low;
    }

    public PriorityMatrix Matrix { get; }

    public PriorityDecision Decide(string? service, int components, Severity worstSeverity, bool rising)
    {
        var criticality = service is not null && _options.Services.TryGetValue(service, out var entry) && Levels.TryParse(entry.Criticality, out var c)
            ? c
            : _defaultCriticality;
        int steps = components >= _options.ImpactTwoStepsComponents ? 2 : components >= _options.ImpactStepComponents ? 1 : 0;
        var impact = Levels.Raise(criticality, steps);
        var baseUrgency = worstSeverity switch
        {
            Severity.Critical => Urgency.High,
            Severity.Major or Severity.Minor => Urgency.Medium,
            _ => Urgency.Low,
        };
        var urgency = rising ? Levels.Raise(baseUrgency, 1) : baseUrgency;
        var priority = Matrix.PriorityOf(impact, urgency);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"service {service ?? "(none)"} criticality {criticality}, {components} component(s) affected; worst severity {SeverityNames.ToName(worstSeverity)}{(rising ? ", rising" : "")}");
        return new PriorityDecision(impact, urgency, priority, reason);
    }

    /// <summary>Reads rows "P1,P2,P3" (impact High, Medium, Low; urgency High, Medium, Low within a row).</summary>
    public static PriorityMatrix ParseMatrix(IReadOnlyList<string> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count != 3)
        {
            throw new FormatException($"needs 3 rows (impact High, Medium, Low), not {rows.Count}.");
        }

        var cells = new Priority[3, 3];
        for (int i = 0; i < 3; i++)
        {
            var parts = rows[i].Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 3)
            {
                throw new FormatException($"row {i} '{rows[i]}' needs 3 priorities (urgency High, Medium, Low).");
            }

            for (int j = 0; j < 3; j++)
            {
                cells[i, j] = IncidentManagementValidator.TryPriority(parts[j], out var p)
                    ? p
                    : throw new FormatException($"row {i}: '{parts[j]}' is not P1, P2, P3 or P4.");
            }
        }

        return new PriorityMatrix(cells);
    }
}
