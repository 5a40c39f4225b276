namespace Correlator.Service.Cli;

/// <summary>A command line that cannot be run as written; its message says what is wrong.</summary>
internal sealed class UsageException(string message) : Exception(message);
