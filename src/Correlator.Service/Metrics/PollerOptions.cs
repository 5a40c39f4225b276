using System.ComponentModel.DataAnnotations;

namespace Correlator.Service.Metrics;

/// <summary>The InfluxDB poller (section <c>Metrics:Poller</c>); it runs when at least one watch set is configured.</summary>
public sealed class PollerOptions
{
    public const string SectionName = "Metrics:Poller";

    public List<WatchSet> WatchSets { get; set; } = [];

    /// <summary>First delay between attempts while InfluxDB is unreachable (exponential, with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws, naming the key, when a watch set cannot work.</summary>
    public void Validate()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < WatchSets.Count; i++)
        {
            var set = WatchSets[i];
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(set, new ValidationContext(set), results, validateAllProperties: true))
            {
                throw new ArgumentException(string.Join(" ", results.Select(r => $"{SectionName}:WatchSets:{i}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")));
            }

            if (set.Fields.Count == 0 || set.Fields.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException($"{SectionName}:WatchSets:{i}:Fields: name at least one field.");
            }

            if (!names.Add(set.Name))
            {
                throw new ArgumentException($"{SectionName}:WatchSets:{i}:Name: '{set.Name}' is used twice.");
            }
        }

        if (RetryMaxDelay < RetryDelay)
        {
            throw new ArgumentException($"{SectionName}:RetryMaxDelay must be at least RetryDelay.");
        }
    }
}
