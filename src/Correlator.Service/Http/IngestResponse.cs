namespace Correlator.Service.Http;

/// <summary>What an ingestion request got: the number of signals now durable in the store.</summary>
public sealed record IngestResponse(int Accepted);
