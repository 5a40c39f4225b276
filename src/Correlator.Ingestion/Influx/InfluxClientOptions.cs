using System.ComponentModel.DataAnnotations;

namespace Correlator.Ingestion.Influx;

/// <summary>Where InfluxDB is and how to sign in (section <c>Influx</c>).</summary>
public sealed class InfluxClientOptions
{
    public const string SectionName = "Influx";

    /// <summary>The HTTP API, e.g. <c>http://127.0.0.1:8086/</c> (1.x, or the 1.x-compatible API of 2.x / 3.x).</summary>
    public Uri? Url { get; set; }

    /// <summary>Basic authentication (1.x users, or 2.x v1-auth users), when set.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Token authentication (<c>Authorization: Token ...</c>, 2.x / 3.x), used when set instead of basic.</summary>
    public string? Token { get; set; }

    /// <summary>Gzip write bodies (<c>Content-Encoding: gzip</c>).</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>Largest single chunk of a chunked query answer held in memory (one JSON line); a larger one fails the query.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxChunkBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Time allowed for one HTTP request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
