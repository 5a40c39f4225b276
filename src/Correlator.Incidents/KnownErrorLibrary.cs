using System.Globalization;
using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>The known-error library: the first entry whose signature an incident shows, and the entries whose review is overdue.</summary>
public sealed class KnownErrorLibrary(IReadOnlyList<KnownError> entries)
{
    public IReadOnlyList<KnownError> Entries => entries;

    public KnownError? Find(string id) => entries.FirstOrDefault(e => e.Id == id);

    /// <summary>The first entry matching the incident's service, category and the labels of one of its signals; null when none does.</summary>
    public KnownError? Match(string? service, string category, IReadOnlyList<LabelSet> signalLabels)
    {
        ArgumentNullException.ThrowIfNull(signalLabels);
        foreach (var entry in entries)
        {
            if ((entry.Service is null || Classifier.Glob(entry.Service, service ?? ""))
                && (entry.Category is null || Classifier.Glob(entry.Category, category))
                && (entry.Match.Count == 0 || signalLabels.Any(labels => entry.Match.All(m => labels.TryGetValue(m.Key, out var v) && Classifier.Glob(m.Value, v)))))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Whether the entry's review date (a UTC day) has passed at <paramref name="at"/>.</summary>
    public static bool IsOverdue(KnownError entry, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ReviewDay(entry) is { } day && at.UtcDateTime.Date > day.ToDateTime(TimeOnly.MinValue);
    }

    public static DateOnly? ReviewDay(KnownError entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return DateOnly.TryParseExact(entry.ReviewBy, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    }
}
