namespace Correlator.Service.Bench;

/// <summary>Which senders <c>bench ingest</c> drives every target with (<c>--sender httpclient|raw</c>).</summary>
internal enum IngestSender
{
    /// <summary><see cref="LoadGenerator"/>: async tasks sharing one <see cref="HttpClient"/> (the default; the figures before it).</summary>
    HttpClient,

    /// <summary><see cref="RawLoadGenerator"/>: a thread and a pre-serialised keep-alive connection per sender.</summary>
    Raw,
}
